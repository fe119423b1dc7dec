import { JOB_KINDS } from '../../jobs/jobKinds';
import { cancelExport, downloadExport, exportAnimation, setAnimationFps } from '../exportActions';
import { exportRunOf, useStudio, viewOutput, type Run } from '../store';
import { AnimationPlayer } from './AnimationPlayer';
import { OtherTaskNote } from './OtherTaskNote';
import { SequenceCompare } from './SequenceCompare';

const formatBytes = (n: number) =>
  n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`;

/** An animation run: frames stream into the player; export as GIF or as a zip of PNGs, encoded in the worker. */
export function AnimationView({ run }: { run: Run }) {
  const exportJob = useStudio((s) => exportRunOf(s, run.id));
  const exporting = exportJob?.status === 'running';
  const frames = [...run.outputs].sort((a, b) => a.output - b.output).map((o) => o.pixels);
  const flicker = run.metrics.find((m) => m.name === 'flicker')?.value;
  const animation = run.animation!;
  const finished = run.status === 'done';
  return (
    <section className="panel viewer-panel" aria-label="Animation">
      <h2>
        Animation{' '}
        <small data-testid="anim-status">
          {frames.length}/{run.expectedOutputs} frames{flicker !== undefined ? ` · flicker ${flicker.toFixed(4)}` : ''}
        </small>
      </h2>
      <OtherTaskNote run={run} />
      <AnimationPlayer
        frames={frames}
        expected={run.expectedOutputs}
        fps={animation.fps}
        loop={animation.loop}
        onFpsChange={(fps) => setAnimationFps(run.id, fps)}
        index={Math.min(run.viewOutput, Math.max(0, frames.length - 1))}
        onIndexChange={(i) => viewOutput(run.id, i)}
      />
      {JOB_KINDS[run.kind].comparesWithSource && run.recipeBase && <SequenceCompare run={run} />}
      <div className="row export-row">
        <button
          type="button"
          data-testid="export-gif"
          disabled={!finished || exporting}
          onClick={() => void exportAnimation(run.id, 'gif')}
        >
          Export GIF
        </button>
        <button
          type="button"
          data-testid="export-zip"
          disabled={!finished || exporting}
          onClick={() => void exportAnimation(run.id, 'png-zip')}
        >
          PNG frames (zip)
        </button>
        {!finished && <span className="hint">Export once every frame is made.</span>}
        {exportJob && (
          <span className="export-status" data-testid="export-status" data-state={exportJob.status}>
            {exportJob.status === 'running' && (
              <>
                <progress
                  max={Math.max(1, exportJob.progress.total)}
                  value={exportJob.progress.done}
                  data-testid="export-progress"
                />
                Encoding {exportJob.exportOf?.format === 'gif' ? 'GIF' : 'PNGs'}… {exportJob.progress.done}/
                {exportJob.progress.total}
                <button type="button" onClick={cancelExport} data-testid="export-cancel">
                  Cancel
                </button>
              </>
            )}
            {exportJob.status === 'done' && exportJob.file && (
              <>
                <span data-testid="export-size">
                  {exportJob.file.name} · {formatBytes(exportJob.file.blob.size)}
                </span>
                <button type="button" className="primary" onClick={downloadExport} data-testid="export-download">
                  Download
                </button>
              </>
            )}
            {exportJob.status === 'cancelled' && 'Export cancelled.'}
            {exportJob.status === 'error' && `Export failed: ${exportJob.error}`}
          </span>
        )}
      </div>
    </section>
  );
}
