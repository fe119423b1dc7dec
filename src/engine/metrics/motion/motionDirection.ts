// The mean motion of an animation: phase correlation between every pair of
// consecutive frames, averaged. GIF → GIF compares the generated animation's
// mean motion with the source's (directionAgreement).

import type { RgbImage } from '../../image/rgbImage';
import { phaseCorrelation, type PhaseCorrelationOptions, type Shift } from './phaseCorrelation';

export interface MotionDirection {
  /** Mean vertical shift per frame, px: positive = down (image rows grow downwards). */
  readonly dy: number;
  /** Mean horizontal shift per frame, px: positive = right. */
  readonly dx: number;
  /**
   * Direction of the mean shift in degrees, atan2(dy, dx) in (−180, 180] in
   * image coordinates: 0 = right, 90 = down, ±180 = left, −90 = up.
   * 0 when there is no motion at all.
   */
  readonly angleDeg: number;
  /** Length of the mean shift, px per frame. */
  readonly magnitude: number;
  /** Phase correlation of frame t → t+1, one entry per consecutive pair. */
  readonly perPair: readonly Shift[];
}

/**
 * Mean motion between consecutive frames (t → t+1; the last → first jump of a
 * loop is not counted: a source GIF need not loop seamlessly). Each pair is
 * one phase correlation (see phaseCorrelation for the sign convention), so
 * this is the dominant translation: for a moving object on a still
 * background it is the object's motion when the object's edges carry more of
 * the whitened spectrum than the background's (as for the studio's test
 * GIFs), else ~0. Every pair counts equally, whatever its peak; the peaks are
 * in perPair for callers that want to judge confidence.
 * Fewer than two frames: no pairs, zero motion.
 */
export function motionDirection(frames: readonly RgbImage[], options: PhaseCorrelationOptions = {}): MotionDirection {
  const perPair: Shift[] = [];
  for (let t = 0; t + 1 < frames.length; t++) perPair.push(phaseCorrelation(frames[t], frames[t + 1], options));
  let dy = 0;
  let dx = 0;
  for (const shift of perPair) {
    dy += shift.dy / perPair.length;
    dx += shift.dx / perPair.length;
  }
  const magnitude = Math.hypot(dy, dx);
  const angleDeg = magnitude > 0 ? (Math.atan2(dy, dx) * 180) / Math.PI : 0;
  return { dy, dx, angleDeg: angleDeg === -180 ? 180 : angleDeg, magnitude, perPair };
}

/** Below this mean shift (px per frame) an animation counts as still for directionAgreement. */
export const STILL_MOTION_PX = 0.25;

/**
 * How well two mean motions agree in direction: the cosine of the angle
 * between them, 1 = same direction, 0 = perpendicular, −1 = reversed.
 * Speed does not count, only direction. A motion shorter than
 * `stillBelow` px per frame has no meaningful direction, so:
 * both still → 1 (a still animation reproduces a still source);
 * exactly one still → 0 (neither the same nor the opposite direction).
 */
export function directionAgreement(
  a: { readonly dy: number; readonly dx: number },
  b: { readonly dy: number; readonly dx: number },
  stillBelow = STILL_MOTION_PX,
): number {
  const lengthA = Math.hypot(a.dy, a.dx);
  const lengthB = Math.hypot(b.dy, b.dx);
  const stillA = !(lengthA >= stillBelow);
  const stillB = !(lengthB >= stillBelow);
  if (stillA && stillB) return 1;
  if (stillA || stillB) return 0;
  const cosine = (a.dy * b.dy + a.dx * b.dx) / (lengthA * lengthB);
  return Math.max(-1, Math.min(1, cosine));
}
