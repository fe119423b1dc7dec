import type { ReactNode } from 'react';
import type { RgbaPixels } from '../../protocol/images';
import { showNoiseWalk } from '../../features/gif2gif/page/noiseWalk';
import { activeRun, shownSample, useStudio, type Run } from '../store';
import { PixelCanvas } from './PixelCanvas';

/** A whole animation's figure: no level, on the first output of the sample on show. */
const metric = (run: Run | undefined, name: string, first: number) =>
  run?.metrics.find((m) => m.name === name && m.level === null && m.output === first)?.value;

/** One line of a sequence's figures: its motion against the source's, temporal SIFID, flicker. */
function figures(run: Run | undefined, first = 0): string {
  if (!run) return '';
  const parts: string[] = [];
  const angle = metric(run, 'motion-angle', first);
  const source = metric(run, 'source-motion-angle', first);
  const agreement = metric(run, 'motion-agreement', first);
  const temporal = metric(run, 'temporal-sifid', first);
  const flicker = metric(run, 'flicker', first);
  const seam = metric(run, 'loop-seam', first);
  if (angle !== undefined)
    parts.push(`motion ${angle.toFixed(0)}°${source !== undefined ? ` (source ${source.toFixed(0)}°)` : ''}`);
  if (agreement !== undefined) parts.push(`agreement ${agreement.toFixed(2)}`);
  if (temporal !== undefined) parts.push(`temporal SIFID ${temporal.toFixed(3)}`);
  if (flicker !== undefined) parts.push(`flicker ${flicker.toFixed(4)}`);
  if (seam !== undefined) parts.push(`loop seam ${seam.toFixed(2)}× a step`);
  return parts.join(' · ');
}

function frameOf(run: Run | undefined, index: number): RgbaPixels | null {
  if (!run || run.outputs.length === 0) return null;
  const sorted = [...run.outputs].sort((a, b) => a.output - b.output);
  return sorted[index % sorted.length].pixels;
}

function Column({
  title,
  pixels,
  testId,
  note,
  children,
}: {
  title: string;
  pixels: RgbaPixels | null;
  testId: string;
  note?: string;
  children?: ReactNode;
}) {
  return (
    <figure className="compare-column" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {pixels ? (
        <PixelCanvas pixels={pixels} className="compare-canvas" testId={`${testId}-canvas`} />
      ) : (
        <div className="compare-canvas empty" />
      )}
      {note && (
        <small className="hint" data-testid={`${testId}-figures`}>
          {note}
        </small>
      )}
      {children}
    </figure>
  );
}

/**
 * A GIF → GIF animation beside its source and, for one made by a model,
 * beside SinGAN's noise walk of the same model, each at the frame the player
 * above shows (the shorter ones loop), with the figures that say whether the
 * motion was kept: its direction against the source's, the temporal SIFID
 * and the flicker. Of a run of several samples, the one on show.
 */
export function SequenceCompare({ run }: { run: Run }) {
  const sourceFrames = useStudio((s) => s.source?.animation?.frames ?? null);
  const walk = useStudio((s) => (run.walkRunId === undefined ? undefined : s.runs.find((r) => r.id === run.walkRunId)));
  const busy = useStudio((s) => Boolean(activeRun(s)));
  const { first } = shownSample(run);
  // The frame within the sample on show (the source and the walk play from their own first frames).
  const index = run.viewOutput - first;
  return (
    <div className="sequence-compare" data-testid="sequence-compare">
      <Column
        title="Source"
        pixels={sourceFrames ? sourceFrames[index % sourceFrames.length] : null}
        testId="compare-source"
        note={sourceFrames ? undefined : 'Load the GIF the model was trained on to see it here.'}
      />
      <Column
        title={run.modelId !== undefined ? 'GIF → GIF' : run.kind === 'vgpnn-inpaint' ? 'Filled' : 'Patches'}
        pixels={run.outputs.find((o) => o.output === run.viewOutput)?.pixels ?? null}
        testId="compare-generated"
        note={figures(run, first)}
      />
      {run.modelId !== undefined && (
        <Column
          title="SinGAN noise walk"
          pixels={frameOf(walk, index)}
          testId="compare-walk"
          note={
            walk
              ? walk.status === 'done'
                ? figures(walk)
                : walk.status === 'error'
                  ? walk.error
                  : 'Walking…'
              : undefined
          }
        >
          {!walk && (
            <button
              type="button"
              data-testid="compare-walk-run"
              disabled={busy || run.status !== 'done'}
              onClick={() => showNoiseWalk(run.id)}
            >
              Make the noise walk beside it
            </button>
          )}
        </Column>
      )}
    </div>
  );
}
