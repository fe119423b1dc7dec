import type { RgbImage } from '../image/rgbImage';
import { formatSize } from '../image/formatSize';

/** Any frame the metric can read: float RGB in [0,1] (engine images) or RGBA8 (display pixels). */
export type FlickerFrame =
  RgbImage | { readonly height: number; readonly width: number; readonly rgba: ArrayLike<number> };

function channels(f: FlickerFrame): { values: ArrayLike<number>; stride: number; scale: number } {
  return 'data' in f ? { values: f.data, stride: 3, scale: 1 } : { values: f.rgba, stride: 4, scale: 1 / 255 };
}

/**
 * Mean absolute difference of two frames in [0,1], over pixels and the three
 * colour channels. Float frames are clamped first, so the figure is the same
 * whether it is taken from the engine's frames or from their 8-bit display.
 */
export function meanAbsChange(a: FlickerFrame, b: FlickerFrame): number {
  if (a.height !== b.height || a.width !== b.width) {
    throw new RangeError(
      `Frames differ in size: ${formatSize(a.width, a.height)} and ${formatSize(b.width, b.height)}.`,
    );
  }
  const ca = channels(a);
  const cb = channels(b);
  const clamp = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
  const n = a.height * a.width;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      sum += Math.abs(clamp(ca.values[i * ca.stride + c] * ca.scale) - clamp(cb.values[i * cb.stride + c] * cb.scale));
    }
  }
  return sum / (n * 3);
}

/**
 * Flicker: the mean absolute change between consecutive frames, averaged over
 * the pairs. With `wrap` the last→first pair counts too, because a looping
 * animation shows that jump every cycle. 0 for fewer than two frames.
 */
export function flicker(frames: readonly FlickerFrame[], wrap = false): number {
  if (frames.length < 2) return 0;
  let sum = 0;
  let pairs = 0;
  for (let i = 1; i < frames.length; i++, pairs++) sum += meanAbsChange(frames[i - 1], frames[i]);
  if (wrap && frames.length > 2) {
    sum += meanAbsChange(frames[frames.length - 1], frames[0]);
    pairs++;
  }
  return sum / pairs;
}

/** Flicker measured as frames stream by, holding only the last one (a long animation need not be kept to be measured). */
export class FlickerMeter {
  private last: FlickerFrame | null = null;
  private first: FlickerFrame | null = null;
  private sum = 0;
  private pairs = 0;

  add(frame: FlickerFrame): void {
    if (this.last) {
      this.sum += meanAbsChange(this.last, frame);
      this.pairs++;
    } else {
      this.first = frame;
    }
    this.last = frame;
  }

  /** As flicker(frames, wrap) of every frame added. */
  value(wrap = false): number {
    if (this.pairs === 0) return 0;
    if (wrap && this.pairs > 1) return (this.sum + meanAbsChange(this.last!, this.first!)) / (this.pairs + 1);
    return this.sum / this.pairs;
  }
}
