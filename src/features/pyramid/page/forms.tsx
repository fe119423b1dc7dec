/** The pyramid tool's form: the ratio, the coarsest side and the levels they give; found by src/app/taskForms.ts. */
import { pyramidShapes } from '../../../engine/pyramid/pyramidShape';
import { formatSize } from '../../../engine/image/formatSize';
import { NumberField } from '../../../app/components/NumberField';
import { currentJob, jobProblem, setSettings } from '../../../app/studio';
import type { StudioState } from '../../../app/store';
import type { FeatureForms } from '../../../app/taskForms';
import { squeezedCoarsestNote } from '../../../app/coarsestNote';
import type { TasksOf } from '../../../jobs/kindInfo';
import type { pyramidFeature } from '..';

const sizeOf = ([height, width]: readonly [number, number]) => ({ width, height });

function PyramidForm({ s }: { readonly s: StudioState }) {
  const shapes = s.source ? pyramidShapes(s.source.working.height, s.source.working.width, s.pyramid) : [];
  return (
    <>
      <div className="params">
        <NumberField
          label="Scale ratio R"
          value={s.pyramid.ratio}
          step={0.01}
          min={1.05}
          max={4}
          testId="param-ratio"
          onChange={(v) => setSettings('pyramid', { ratio: v })}
        />
        <NumberField
          label="Coarsest side (px)"
          value={s.pyramid.coarseDim}
          min={7}
          max={512}
          testId="param-coarse"
          onChange={(v) => setSettings('pyramid', { coarseDim: v })}
        />
      </div>
      {shapes.length > 0 && !jobProblem(currentJob(s), s) && (
        <p
          className="hint"
          data-testid="pyramid-plan"
          title={
            squeezedCoarsestNote(
              sizeOf(shapes[shapes.length - 1]),
              shapes.length > 1 ? sizeOf(shapes[shapes.length - 2]) : null,
            ) ?? undefined
          }
        >
          {shapes.length} levels: {shapes.map(([h, w]) => formatSize(w, h)).join(' → ')}
        </p>
      )}
    </>
  );
}

export const { forms }: FeatureForms<TasksOf<typeof pyramidFeature>> = { forms: { pyramid: PyramidForm } };
