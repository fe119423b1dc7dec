import { delaySummary } from '../../engine/image/frameLimits';
import type { AnimationFrames } from '../../protocol/messages';
import { PixelCanvas } from './PixelCanvas';

/** An animated source's frames: how many (of how many in the file), how long each shows, and each one. */
export function SourceFrames({ animation }: { animation: AnimationFrames }) {
  const { frames, delaysMs, totalFrames } = animation;
  const count = frames.length < totalFrames ? `${frames.length} of ${totalFrames} frames` : `${frames.length} frames`;
  return (
    <div className="source-frames" data-testid="source-frames" data-count={frames.length} data-total={totalFrames}>
      <p className="hint">
        <span data-testid="source-frame-count">{count}</span> ·{' '}
        <span data-testid="source-frame-delay">{delaySummary(delaysMs)}</span>
        <br />
        Tasks on a still image use frame 1.
      </p>
      <ol className="frame-strip" aria-label="Frames">
        {frames.map((frame, i) => (
          <li key={i} className="frame">
            <PixelCanvas
              pixels={frame}
              className="frame-canvas"
              testId="source-frame"
              title={`Frame ${i + 1} · ${delaysMs[i]} ms`}
            />
            <span className="frame-label">{i + 1}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
