import { useEffect, useRef, useState } from 'react';
import { ANIMATION_FPS } from '../../engine/animation/animationLimits';
import { frameAtStep, type LoopMode } from '../../engine/animation/frameOrder';
import type { RgbaPixels } from '../../protocol/images';
import { PixelCanvas } from './PixelCanvas';

export interface AnimationPlayerProps {
  /** The frames made so far, in order; more may stream in while the job runs. */
  readonly frames: readonly RgbaPixels[];
  /** How many frames the animation will have. */
  readonly expected: number;
  readonly fps: number;
  readonly loop: LoopMode;
  readonly onFpsChange: (fps: number) => void;
  /** The frame shown. */
  readonly index: number;
  readonly onIndexChange: (index: number) => void;
}

/**
 * Plays an animation's frames: play/pause, a scrubber (arrow keys, Home/End),
 * the frame rate, and a strip of every frame that fills in as frames stream.
 * It owns only the playing flag; the frame shown and the rate belong to the
 * caller, so a store (or a test) can drive it.
 */
export function AnimationPlayer({
  frames,
  expected,
  fps,
  loop,
  onFpsChange,
  index,
  onIndexChange,
}: AnimationPlayerProps) {
  const [playing, setPlaying] = useState(false);
  const n = frames.length;
  const shown = n > 0 ? frames[Math.min(Math.max(0, index), n - 1)] : null;
  usePlayback(playing && n > 1, n, fps, loop, index, onIndexChange);

  return (
    <div className="animation-player" data-testid="anim-player" data-playing={playing && n > 1 ? 'true' : 'false'}>
      <div className="viewer">
        {shown ? (
          <PixelCanvas pixels={shown} className="viewer-canvas" testId="anim-canvas" />
        ) : (
          <div className="viewer-canvas empty" />
        )}
      </div>
      <div className="row scrubber">
        <button
          type="button"
          data-testid="anim-play"
          aria-pressed={playing}
          disabled={n < 2}
          onClick={() => setPlaying((p) => !p)}
          title={n < 2 ? 'Playback starts once two frames are made' : undefined}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <input
          type="range"
          min={0}
          max={Math.max(0, n - 1)}
          step={1}
          value={Math.min(index, Math.max(0, n - 1))}
          disabled={n === 0}
          aria-label="Frame"
          data-testid="anim-scrubber"
          onChange={(e) => onIndexChange(Number(e.currentTarget.value))}
        />
        <span className="hint" data-testid="anim-position">
          {n > 0 ? `Frame ${Math.min(index, n - 1) + 1} / ${expected}` : `0 / ${expected}`}
          {n < expected ? ` · ${n} made` : ''}
        </span>
        <FpsField fps={fps} onChange={onFpsChange} />
      </div>
      <ol className="strip" data-testid="anim-strip" aria-label="Frames">
        {frames.map((f, i) => (
          <li key={i} className="scale">
            <button
              type="button"
              className="link"
              data-testid={`anim-frame-${i}`}
              aria-current={i === index ? 'true' : undefined}
              aria-label={`Frame ${i + 1}`}
              onClick={() => onIndexChange(i)}
              style={{ padding: 0, outline: i === index ? '2px solid currentColor' : undefined }}
            >
              <PixelCanvas pixels={f} className="scale-canvas anim-thumb" title={`Frame ${i + 1}`} />
            </button>
            <span className="scale-label">{i + 1}</span>
          </li>
        ))}
        {Array.from({ length: Math.max(0, expected - n) }, (_, k) => (
          <li key={`pending-${n + k}`} className="scale" data-testid="anim-frame-pending" aria-hidden="true">
            <span className="scale-label">{n + k + 1} …</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The frame rate as typed; the caller hears only valid rates, so a half-typed "2" on the way to "24" is fine. */
function FpsField({ fps, onChange }: { fps: number; onChange: (fps: number) => void }) {
  const [text, setText] = useState(String(fps));
  // A rate from outside replaces the text: adjusted while rendering, React's pattern for state that follows a prop.
  const [seen, setSeen] = useState(fps);
  if (seen !== fps) {
    setSeen(fps);
    setText(String(fps));
  }
  const value = Number(text);
  const valid =
    text.trim() !== '' && Number.isFinite(value) && value >= ANIMATION_FPS.min && value <= ANIMATION_FPS.max;
  return (
    <label>
      fps{' '}
      <input
        type="number"
        min={ANIMATION_FPS.min}
        max={ANIMATION_FPS.max}
        step={1}
        value={text}
        data-testid="anim-fps"
        aria-invalid={!valid}
        title={`${ANIMATION_FPS.min} to ${ANIMATION_FPS.max} frames per second`}
        style={{ width: '4.5em' }}
        onChange={(e) => {
          const t = e.currentTarget.value;
          setText(t);
          const v = Number(t);
          if (t.trim() !== '' && Number.isFinite(v) && v >= ANIMATION_FPS.min && v <= ANIMATION_FPS.max) onChange(v);
        }}
        onBlur={() => setText(String(fps))}
      />
    </label>
  );
}

/**
 * Advances the shown frame on requestAnimationFrame at `fps`, in loop or
 * pingpong order. Time is counted from when playback (or the rate) last
 * changed, not per tick, so a slow tick never slows the animation down; it
 * only skips frames, as a video player does.
 */
function usePlayback(
  active: boolean,
  frames: number,
  fps: number,
  loop: LoopMode,
  index: number,
  onIndexChange: (i: number) => void,
): void {
  // Position in the playback cycle: unlike the frame index it knows which way a pingpong is going.
  const step = useRef(index);
  const shown = useRef(index);
  const notify = useRef(onIndexChange);
  notify.current = onIndexChange;
  // Bumped when the user moves the playhead during playback, to restart the clock from there.
  const [epoch, setEpoch] = useState(0);

  // A scrub or a strip click moves the playhead there (going forwards).
  useEffect(() => {
    if (index === shown.current) return;
    shown.current = index;
    step.current = index;
    if (active) setEpoch((e) => e + 1);
  }, [active, index]);

  useEffect(() => {
    if (!active) return;
    const start = step.current;
    const t0 = performance.now();
    let raf = requestAnimationFrame(function tick(now) {
      // rAF's timestamp can be a hair before t0 on the first tick.
      const s = start + Math.max(0, Math.floor(((now - t0) * fps) / 1000));
      if (s !== step.current) {
        step.current = s;
        const f = frameAtStep(s, frames, loop);
        if (f !== shown.current) {
          shown.current = f;
          notify.current(f);
        }
      }
      raf = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(raf);
  }, [active, frames, fps, loop, epoch]);
}
