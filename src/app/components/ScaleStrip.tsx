import { exportFileStem, exportSubject } from '../exportNames';
import { exportScalePng } from '../recipeActions';
import { selectedRun, useStudio } from '../store';
import { PixelCanvas } from './PixelCanvas';
import { squeezedCoarsestNote } from '../coarsestNote';
import { JOB_KINDS } from '../../jobs/jobKinds';

/** The selected run's scales, coarse to fine, each appearing the moment the engine streams it. */
export function ScaleStrip() {
  const run = useStudio(selectedRun);
  const subject = useStudio((s) => (run ? exportSubject(run, s.models, s.source?.name ?? null) : 'image'));
  const sourcePixels = useStudio((s) => s.source?.working);
  const scales = run ? run.scales.filter((s) => s.output === run.viewOutput).sort((a, b) => b.level - a.level) : [];
  const expected = run?.depth != null ? run.depth + 1 : null;
  return (
    <section className="panel strip-panel" aria-label="Scales">
      <h2>
        Scales{' '}
        {run && expected !== null ? (
          <small data-testid="strip-count">
            {scales.length} / {expected}
          </small>
        ) : null}
      </h2>
      {run?.search ? (
        <p className="hint" data-testid="search-choice" data-nn={run.search.nn} data-auto={String(run.search.auto)}>
          {run.search.reason}
        </p>
      ) : null}
      {!run ? (
        <p className="hint">Run a task: each scale appears here as soon as it is computed.</p>
      ) : (
        <ol className="strip" data-testid="scale-strip" data-run={run.id}>
          {scales.map((s, i) => {
            // GPNN's pyramids only (SinGAN's keep the aspect, rounding aside); against the level just finer, or the source until that level has streamed.
            const note =
              JOB_KINDS[run.kind].squaresCoarsest && s.level === run.depth
                ? squeezedCoarsestNote(s.pixels, scales[i + 1]?.pixels ?? sourcePixels)
                : null;
            return (
              <li key={s.level} className="scale" data-testid="scale" data-level={s.level}>
                <PixelCanvas pixels={s.pixels} className="scale-canvas" title={note ?? s.label} />
                <span className="scale-label">
                  {s.label}
                  {note ? (
                    <>
                      {' · '}
                      <abbr title={note} data-testid="coarsest-note">
                        square
                      </abbr>
                    </>
                  ) : null}
                </span>
                <button
                  type="button"
                  className="link"
                  data-testid="scale-png"
                  onClick={() =>
                    void exportScalePng(
                      run,
                      s,
                      exportFileStem(
                        subject,
                        { kind: run.kind, job: run.recipeBase?.job },
                        {
                          type: 'scale',
                          level: s.level,
                          seed: run.outputs.find((o) => o.output === s.output)?.seed ?? null,
                          width: s.pixels.width,
                          height: s.pixels.height,
                        },
                      ),
                    )
                  }
                >
                  PNG
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
