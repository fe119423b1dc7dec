import { JOB_KINDS } from '../../jobs/jobKinds';
import { useEffect, useRef } from 'react';
import { exportFileStem, exportSubject } from '../exportNames';
import { exportOutputPng } from '../recipeActions';
import { activeRun, selectedRun, useStudio, viewOutput, type Run } from '../store';
import { setTask, startJob } from '../studio';
import { TASKS, type TaskId } from '../../features';
import { TASK_FORMS } from '../taskForms';
import { OtherTaskNote } from './OtherTaskNote';
import { taskHasCanvas } from './TaskCanvas';
import { AnimationView } from './AnimationView';
import { GalleryButton } from './Gallery';
import { PixelCanvas } from './PixelCanvas';

/**
 * The selected run's outputs, one at a time: a slider (arrow keys work on it)
 * scrubs through the samples; until an output is finished its latest scale is shown.
 */
export function OutputViewer() {
  const run = useStudio(selectedRun);
  const ref = useRef<HTMLDivElement>(null);
  const runId = run?.id;
  // A new run's output comes into view even if the page was scrolled down to the results.
  useEffect(() => {
    if (runId !== undefined) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [runId]);
  if (run && JOB_KINDS[run.kind].shows === 'levels') return null;
  return (
    <div className="output-slot" ref={ref}>
      {!run ? <FirstResult /> : <RunView run={run} />}
    </div>
  );
}

/** A run in its task's own view where it has one (the attention study), else as an animation or one output at a time. */
function RunView({ run }: { run: Run }) {
  const Own = TASK_FORMS.views?.[run.kind as TaskId];
  if (Own) return <Own run={run} />;
  return run.animation ? <AnimationView run={run} /> : <OutputPanel run={run} />;
}

/**
 * Before anything is made: the source shown where the output will be, and
 * one button that makes a real first result (GPNN samples, seconds on a GPU),
 * so the page's purpose shows on the first screen.
 */
function FirstResult() {
  const source = useStudio((s) => s.source);
  const canvasTask = useStudio((s) => taskHasCanvas(s.task));
  const action = useStudio((s) => TASKS[s.task].action);
  const busy = useStudio((s) => Boolean(activeRun(s)));
  const made = useStudio((s) => s.runs.some((r) => r.purpose === 'result'));
  return (
    <section className="panel viewer-panel first-result" aria-label="Output" data-testid="first-result">
      <h2>
        Output <small>{made ? 'pick a result under Results' : 'nothing made yet'}</small>
      </h2>
      <div className="viewer">
        {/* Where the source is already beside, as the editor's picture, the output's place stays empty until something is made. */}
        {source && !canvasTask ? (
          <PixelCanvas pixels={source.working} className="viewer-canvas" testId="first-result-source" />
        ) : (
          <div className="viewer-canvas empty" />
        )}
      </div>
      {source && canvasTask ? (
        <p className="hint">Set up the picture on the left, then press {action}: the result appears here.</p>
      ) : source ? (
        <div className="row first-result-actions">
          <button
            type="button"
            className="primary try-it"
            data-testid="try-it"
            disabled={busy}
            onClick={() => {
              setTask('gpnn-sample');
              startJob();
            }}
          >
            Try it: GPNN samples of {source.name}
          </button>
          <GalleryButton />
          <p className="hint">
            Above: the source, {source.name}. New images made from its patches appear here; or pick another task on the
            left and press its button.
          </p>
        </div>
      ) : (
        <p className="hint">
          Open an image (left), drop one anywhere on the page or paste one: what you make of it appears here.
        </p>
      )}
    </section>
  );
}

function OutputPanel({ run }: { run: Run }) {
  const subject = useStudio((s) => exportSubject(run, s.models, s.source?.name ?? null));
  const current = run.outputs.find((o) => o.output === run.viewOutput);
  const latestScale = run.scales
    .filter((s) => s.output === run.viewOutput)
    .reduce<(typeof run.scales)[number] | null>((best, s) => (!best || s.level < best.level ? s : best), null);
  const shown = current?.pixels ?? latestScale?.pixels;
  const finalSifid = run.metrics.find((m) => m.name === 'sifid' && m.output === run.viewOutput && m.level === 0)?.value;
  const n = run.expectedOutputs;
  // A run that ended without this output says so, above what it got to.
  const stopped = run.status === 'cancelled' ? 'Cancelled' : run.status === 'error' ? 'Failed' : null;
  return (
    <section className="panel viewer-panel" aria-label="Output">
      <h2>
        Output{' '}
        <small data-testid="viewer-label">
          {current
            ? `${current.label}${finalSifid !== undefined ? ` · SIFID ${finalSifid.toFixed(4)}` : ''}`
            : stopped
              ? latestScale
                ? `${stopped} · ${latestScale.label} (the last finished scale)`
                : `${stopped} before the first scale finished`
              : latestScale
                ? `${n > 1 && !JOB_KINDS[run.kind].trains ? `Sample ${run.viewOutput + 1} · ` : ''}${latestScale.label} (in progress)`
                : 'waiting for the first scale…'}
        </small>
      </h2>
      <OtherTaskNote run={run} />
      {current?.warning && (
        <p className="output-warning" role="status" data-testid="output-warning">
          {current.warning}
        </p>
      )}
      <div className="viewer">
        {shown ? (
          <PixelCanvas pixels={shown} className="viewer-canvas" testId="viewer-canvas" />
        ) : (
          <div className="viewer-canvas empty" />
        )}
      </div>
      <div className="row scrubber">
        {n > 1 && (
          <>
            <button
              type="button"
              onClick={() => viewOutput(run.id, run.viewOutput - 1)}
              disabled={run.viewOutput === 0}
              aria-label="Previous sample"
            >
              ‹
            </button>
            <input
              type="range"
              min={0}
              max={n - 1}
              step={1}
              value={run.viewOutput}
              aria-label="Sample"
              data-testid="scrubber"
              onChange={(e) => viewOutput(run.id, Number(e.currentTarget.value))}
            />
            <button
              type="button"
              onClick={() => viewOutput(run.id, run.viewOutput + 1)}
              disabled={run.viewOutput >= n - 1}
              aria-label="Next sample"
            >
              ›
            </button>
            <span className="hint" data-testid="scrubber-position">
              {run.viewOutput + 1} / {n} · {run.outputs.length} done
            </span>
          </>
        )}
        {current && (
          <button
            type="button"
            data-testid="export-output"
            title="A PNG that carries its recipe: drop it back into the studio to restore the settings and remake it."
            onClick={() =>
              void exportOutputPng(
                run,
                current.output,
                exportFileStem(
                  subject,
                  { kind: run.kind, job: run.recipeBase?.job },
                  { type: 'output', seed: current.seed, width: current.pixels.width, height: current.pixels.height },
                ),
              )
            }
          >
            Export PNG
          </button>
        )}
      </div>
    </section>
  );
}
