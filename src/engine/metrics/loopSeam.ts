/**
 * How seamless a loop is (docs/algorithms.md, "Seamless loops"): the change
 * from the last frame back to the first against the mean change between
 * consecutive frames (1 where the seam is as smooth as any other step; a GIF
 * whose end jumps back to its start scores several), and how far things move
 * per frame, so a loop cannot pass by standing still.
 */
import type { RgbImage } from '../image/rgbImage';
import { meanAbsChange } from '../animation/flicker';
import { phaseCorrelation, type Shift } from './motion/phaseCorrelation';

export interface LoopSeam {
  /** Mean |Δ| per channel from the last frame to the first. */
  readonly seam: number;
  /** Mean |Δ| per channel between consecutive frames (t → t + 1, the seam not counted). */
  readonly step: number;
  /** seam / step; 0 where nothing changes at all. */
  readonly ratio: number;
  /** Mean length of the phase-correlation shift between consecutive frames, px per frame (the seam not counted). */
  readonly speed: number;
}

/**
 * `shifts`: the phase correlation of each consecutive pair where the caller
 * already has it (motionDirection's perPair), so a sample's spectra are not
 * computed twice; computed here when absent.
 */
export function loopSeam(frames: readonly RgbImage[], shifts?: readonly Shift[]): LoopSeam {
  if (frames.length < 2) throw new RangeError('A loop needs at least 2 frames.');
  const pairs = frames.length - 1;
  if (shifts && shifts.length !== pairs)
    throw new RangeError(`Expected ${pairs} frame-to-frame shifts, got ${shifts.length}.`);
  let step = 0;
  let speed = 0;
  for (let t = 0; t < pairs; t++) {
    step += meanAbsChange(frames[t], frames[t + 1]) / pairs;
    const s = shifts ? shifts[t] : phaseCorrelation(frames[t], frames[t + 1]);
    speed += Math.hypot(s.dx, s.dy) / pairs;
  }
  const seam = meanAbsChange(frames[frames.length - 1], frames[0]);
  return { seam, step, ratio: step > 0 ? seam / step : seam > 0 ? Infinity : 0, speed };
}
