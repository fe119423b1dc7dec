/**
 * Bounds shared by the page, the worker jobs and the encoders, so every layer
 * refuses the same requests with the same words.
 */
export const ANIMATION_FRAMES = { min: 2, max: 240 } as const;
/** GIF delays are whole hundredths of a second and browsers slow anything under 2/100 s, so 50 fps is the top. */
export const ANIMATION_FPS = { min: 1, max: 50 } as const;

export function checkFrameCount(frames: number): string | null {
  if (!Number.isInteger(frames) || frames < ANIMATION_FRAMES.min || frames > ANIMATION_FRAMES.max) {
    return `Frames must be a whole number from ${ANIMATION_FRAMES.min} to ${ANIMATION_FRAMES.max} (got ${frames}).`;
  }
  return null;
}

export function checkFps(fps: number): string | null {
  if (!Number.isFinite(fps) || fps < ANIMATION_FPS.min || fps > ANIMATION_FPS.max) {
    return `Frame rate must be from ${ANIMATION_FPS.min} to ${ANIMATION_FPS.max} fps (got ${fps}).`;
  }
  return null;
}

export function checkLoopMode(loop: string): string | null {
  return loop === 'loop' || loop === 'pingpong' ? null : `Loop must be loop or pingpong (got ${loop}).`;
}
