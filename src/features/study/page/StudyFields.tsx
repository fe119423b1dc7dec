import { formatSize } from '../../../engine/image/formatSize';
import { PLACEMENTS, placementName } from '../../../engine/singan/placements';
import { singanScaleShapes } from '../../../engine/singan/singanPyramid';
import { setSettings } from '../../../app/studio';
import type { StudioState } from '../../../app/store';
import { NumberField } from '../../../app/components/NumberField';
import { STUDY_SAMPLES, STUDY_SR_FACTOR, studyConfig } from '../studyLimits';

const DESCRIBE: Readonly<Record<string, string>> = {
  none: 'no attention: SinGAN as published',
  head: 'attention after the head (the first convolution) of G and of D',
  body: 'attention after the body of G and of D',
  tail: 'attention on the tail’s output of G and of D',
  'head+tail': 'attention after the head and on the tail',
};

/** The attention study: which placements to train, how many samples each; sizes and iterations are the Train task's. */
export function StudyFields({ s }: { s: StudioState }) {
  const v = s.study;
  const picked = new Set(v.variants);
  const toggle = (label: string, on: boolean) =>
    setSettings('study', {
      // Kept in PLACEMENTS' order, plain first: the table's ratios are to plain.
      variants: PLACEMENTS.map((p) => p.label).filter((l) => (l === label ? on : picked.has(l))),
    });
  const working = s.source?.working;
  const config = working ? studyConfig(s.singan.config, working) : null;
  const shapes =
    working && config && config.maxSize >= config.minSize
      ? singanScaleShapes(config, working.height, working.width)
      : null;
  const [fh, fw] = shapes?.[shapes.length - 1] ?? [0, 0];
  return (
    <>
      <p className="hint" data-testid="study-plan">
        {working && shapes
          ? `Each placement trains on this image at ${formatSize(fw, fh)} px (a quarter of its ${formatSize(working.width, working.height)} or less), ` +
            `${shapes.length} scales of ${s.singan.config.iterations} iterations, with the Train task's other settings; ` +
            `then ${v.samples} samples, the reconstruction and a super-resolution ×${STUDY_SR_FACTOR} back to ${formatSize(fw * STUDY_SR_FACTOR, fh * STUDY_SR_FACTOR)} are scored against the source. ` +
            'A reload or a cancel keeps the finished placements: Resume study goes on from there.'
          : 'Load an image: each placement trains on it at a quarter of its size, so super-resolution ×4 can be scored against it.'}
      </p>
      <fieldset className="params study-placements" data-testid="study-placements">
        <legend>Placements</legend>
        {PLACEMENTS.map((p) => (
          <label
            key={p.label}
            className="field checkbox"
            title={`${DESCRIBE[p.attention]}${p.feedForward ? ', each followed by a feed-forward block' : ''}`}
          >
            <input
              type="checkbox"
              checked={picked.has(p.label)}
              data-testid={`study-variant-${p.label}`}
              onChange={(e) => toggle(p.label, e.currentTarget.checked)}
            />
            {placementName(p.label)}
          </label>
        ))}
      </fieldset>
      <div className="params">
        <NumberField
          label="Samples per placement"
          value={v.samples}
          min={STUDY_SAMPLES.min}
          max={STUDY_SAMPLES.max}
          testId="study-samples"
          title="Seeds 1…N of each model, for SIFID, diversity and mean |Δ|."
          onChange={(samples) => setSettings('study', { samples })}
        />
      </div>
    </>
  );
}
