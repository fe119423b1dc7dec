import { JOB_KINDS } from '../../jobs/jobKinds';
import { cancelExport, downloadExport, exportAnimation, setAnimationFps } from '../exportActions';
import { exportRunOf, shownSample, useStudio, viewOutput, type Run, type ScaleView } from '../store';
import { AnimationPlayer } from './AnimationPlayer';
import { OtherTaskNote } from './OtherTaskNote';
import { PixelCanvas } from './PixelCanvas';
import { SequenceCompare } from './SequenceCompare';

const formatBytes = (n: number) =>
  n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`;

/**
 * An animation run: frames stream into the player; export as GIF or as a zip
 * of PNGs, encoded in the worker. A run of several samples (animations one
 * after another) shows one at a time, picked by a sample scrubber; until a
 * sample's first frame is made, its latest finished level is shown instead.
 */
export function AnimationView({ run }: { run: Run }) {
  const exportJob = useStudio((s) => exportRunOf(s, run.id));
  const exporting = exportJob?.status === 'running';
  const { sample, samples, first, length } = shownSample(run);
  const mine = [...run.outputs]
    .sort((a, b) => a.output - b.output)
    .filter((o) => o.output >= first && o.output < first + length);
  const frames = mine.map((o) => o.pixels);
  const flicker = run.metrics.find((m) => m.name === 'flicker' && m.level === null && m.output === first)?.value;
  const animation = run.animation!;
  const finished = run.status === 'done';
  const frame = run.viewOutput - first;
  const level =
    frames.length === 0
      ? run.scales
          .filter((v) => v.output === first)
          .reduce<ScaleView | null>((best, v) => (!best || v.level < best.level ? v : best), null)
      : null;
  const samplesDone = Math.floor(run.outputs.length / length);
  return (
    <section className="panel viewer-panel" aria-label="Animation">
      <h2>
        Animation{' '}
        <small data-testid="anim-status">
          {samples > 1 ? `sample ${sample + 1}/${samples} · ` : ''}
          {frames.length}/{length} frames{flicker !== undefined ? ` · flicker ${flicker.toFixed(4)}` : ''}
        </small>
      </h2>
      <OtherTaskNote run={run} />
      {level ? (
        <div className="viewer">
          <PixelCanvas pixels={level.pixels} className="viewer-canvas" testId="anim-level-canvas" />
          <p className="hint" data-testid="anim-level">
            {level.label} (in progress; every frame side by side)
          </p>
        </div>
      ) : (
        <AnimationPlayer
          frames={frames}
          expected={length}
          fps={animation.fps}
          loop={animation.loop}
          onFpsChange={(fps) => setAnimationFps(run.id, fps)}
          index={Math.min(frame, Math.max(0, frames.length - 1))}
          onIndexChange={(i) => viewOutput(run.id, first + i)}
        />
      )}
      {samples > 1 && (
        <div className="row scrubber">
          <button
            type="button"
            onClick={() => viewOutput(run.id, first - length + frame)}
            disabled={sample === 0}
            aria-label="Previous sample"
          >
            ‹
          </button>
          <input
            type="range"
            min={0}
            max={samples - 1}
            step={1}
            value={sample}
            aria-label="Sample"
            data-testid="anim-sample"
            onChange={(e) => viewOutput(run.id, Number(e.currentTarget.value) * length + frame)}
          />
          <button
            type="button"
            onClick={() => viewOutput(run.id, first + length + frame)}
            disabled={sample >= samples - 1}
            aria-label="Next sample"
          >
            ›
          </button>
          <span className="hint" data-testid="anim-sample-position">
            Sample {sample + 1} / {samples}
            {mine[0]?.seed !== null && mine[0]?.seed !== undefined ? ` · seed ${mine[0].seed}` : ''} · {samplesDone}{' '}
            done
          </span>
        </div>
      )}
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
