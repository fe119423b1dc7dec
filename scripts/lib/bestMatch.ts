/**
 * Where a crop of one picture appears in another: the window of `hay` with
 * the least mean |Δ| per channel to `needle`. The retarget bench uses it to
 * check a painted object came out whole (a kept object pasted at its own size
 * matches at ~0) or was taken out (a removed one matches no better than any
 * other patch of the picture). Every position is tried on every second
 * pixel of the crop, a window stopped once it is worse than the best so far,
 * then the positions around the best on every pixel, so a full-size image
 * takes about a second, not a minute.
 */
import type { RgbImage } from '../../src/engine/image/rgbImage';

export interface Match {
  readonly y: number;
  readonly x: number;
  /** Mean |Δ| per channel over every pixel of the needle at (y, x). */
  readonly meanAbsDiff: number;
}

function windowDiff(hay: RgbImage, needle: RgbImage, y0: number, x0: number, step: number, stopAbove: number): number {
  const n = 3 * Math.ceil(needle.height / step) * Math.ceil(needle.width / step);
  const limit = stopAbove * n;
  let sum = 0;
  for (let y = 0; y < needle.height; y += step) {
    let h = 3 * ((y0 + y) * hay.width + x0);
    let k = 3 * y * needle.width;
    for (let x = 0; x < needle.width; x += step, h += 3 * step, k += 3 * step) {
      sum +=
        Math.abs(hay.data[h] - needle.data[k]) +
        Math.abs(hay.data[h + 1] - needle.data[k + 1]) +
        Math.abs(hay.data[h + 2] - needle.data[k + 2]);
    }
    // Rows are summed in order, so a window already worse than the best cannot recover.
    if (sum > limit) return Infinity;
  }
  return sum / n;
}

export function bestMatch(hay: RgbImage, needle: RgbImage): Match {
  if (needle.height > hay.height || needle.width > hay.width)
    throw new RangeError(`A ${needle.width}×${needle.height} crop cannot lie in a ${hay.width}×${hay.height} picture.`);
  const maxY = hay.height - needle.height;
  const maxX = hay.width - needle.width;
  let best = { y: 0, x: 0, meanAbsDiff: Infinity };
  for (let y = 0; y <= maxY; y++)
    for (let x = 0; x <= maxX; x++) {
      const d = windowDiff(hay, needle, y, x, 2, best.meanAbsDiff);
      if (d < best.meanAbsDiff) best = { y, x, meanAbsDiff: d };
    }
  const around = best;
  best = { y: 0, x: 0, meanAbsDiff: Infinity };
  for (let y = Math.max(0, around.y - 1); y <= Math.min(maxY, around.y + 1); y++)
    for (let x = Math.max(0, around.x - 1); x <= Math.min(maxX, around.x + 1); x++) {
      const d = windowDiff(hay, needle, y, x, 1, best.meanAbsDiff);
      if (d < best.meanAbsDiff) best = { y, x, meanAbsDiff: d };
    }
  return best;
}
