/**
 * Limits of an animated input (GIF, animated WebP, APNG), shared by the
 * worker's decoder and the page, so both say the same words.
 */

/** Fewer than two frames is a still; more than 32 would multiply every later per-frame cost (training, memory) past what a browser tab holds. */
export const ANIMATION_INPUT_FRAMES = { min: 2, max: 32 } as const;

/** Browsers play a GIF delay of 10 ms or less (0 is common) as 100 ms; the studio shows and keeps what a viewer sees. */
const FAST_DELAY_MS = 10;
const PLAYED_DELAY_MS = 100;

/** How many of a file's frames the studio uses: all of them up to the limit; 0 when the file is a still. */
export function framesToUse(total: number): number {
  if (!Number.isInteger(total) || total < ANIMATION_INPUT_FRAMES.min) return 0;
  return Math.min(total, ANIMATION_INPUT_FRAMES.max);
}

/** A frame's delay as browsers play it, in whole ms; an unknown delay (null) plays as the default too. */
export function playedDelayMs(ms: number | null | undefined): number {
  if (ms == null || !Number.isFinite(ms) || ms <= FAST_DELAY_MS) return PLAYED_DELAY_MS;
  return Math.round(ms);
}

/** The notice for a file with more frames than the studio uses; null when nothing was left out. */
export function framesTrimmedNotice(name: string, used: number, total: number): string | null {
  if (total <= used) return null;
  return `“${name}” has ${total} frames; the studio uses the first ${used} (at most ${ANIMATION_INPUT_FRAMES.max}). The file itself is kept whole.`;
}

/** The frame delay in a few words: one figure when every frame shows equally long, else the range. */
export function delaySummary(delaysMs: readonly number[]): string {
  if (delaysMs.length === 0) return '';
  const lo = Math.min(...delaysMs);
  const hi = Math.max(...delaysMs);
  if (lo === hi) return `${lo} ms per frame (${fpsOf(lo)} fps)`;
  return `${lo}–${hi} ms per frame`;
}

const fpsOf = (ms: number) => Number((1000 / ms).toFixed(1)).toString();
