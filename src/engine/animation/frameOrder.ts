/** How an animation plays: frames 0…N−1 then again, or forwards then backwards. */
export type LoopMode = 'loop' | 'pingpong';

/**
 * Frame indices in playback order for one cycle. Pingpong is 0…N−1 then
 * N−2…1: neither end is shown twice in a row, so the turn-around does not
 * stall for a frame.
 */
export function playbackOrder(frames: number, loop: LoopMode): number[] {
  const forward = Array.from({ length: Math.max(0, frames) }, (_, i) => i);
  if (loop === 'loop' || frames < 3) return forward;
  return [...forward, ...forward.slice(1, -1).reverse()];
}

/** Frames shown in one cycle: N for loop, 2N−2 for pingpong (N when N < 3). */
export function playbackLength(frames: number, loop: LoopMode): number {
  return loop === 'pingpong' && frames >= 3 ? 2 * frames - 2 : Math.max(0, frames);
}

/**
 * The frame shown at playback step `step` (any integer, wraps): what a player
 * needs to turn a clock into a frame without building the order array.
 */
export function frameAtStep(step: number, frames: number, loop: LoopMode): number {
  const n = playbackLength(frames, loop);
  if (n === 0) return 0;
  const s = ((Math.floor(step) % n) + n) % n;
  return s < frames ? s : n - s;
}
