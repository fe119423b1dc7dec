// Which layout an image follows: the correlation of two images' coarse gray
// levels on a common grid. A structural analogy should follow its structure
// image; GPNN on a dissimilar pair often rebuilds the content image's own
// layout instead (docs/algorithms.md, "Analogy layout note"), and this is how
// the studio notices.

import { resizeAntialiased } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';
import { assertRgbImage } from './image';

/** Grid side the layouts are compared on: coarse enough to ignore texture, fine enough to see where things are. */
export const LAYOUT_GRID = 8;

function coarseGray(image: RgbImage, grid: number): Float64Array {
  const small = resizeAntialiased(image, grid, grid);
  const out = new Float64Array(grid * grid);
  for (let p = 0; p < out.length; p++)
    out[p] = 0.299 * small.data[3 * p] + 0.587 * small.data[3 * p + 1] + 0.114 * small.data[3 * p + 2];
  return out;
}

/**
 * Pearson correlation of the two images' gray levels, each squeezed to
 * grid × grid (so images of different sizes compare position by position).
 * 1 = the same layout; 0 = unrelated or flat; negative = inverted.
 */
export function layoutCorrelation(a: RgbImage, b: RgbImage, grid = LAYOUT_GRID): number {
  assertRgbImage(a, 'first image');
  assertRgbImage(b, 'second image');
  const x = coarseGray(a, grid);
  const y = coarseGray(b, grid);
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  // A flat image has no layout to follow.
  return sxx < 1e-12 || syy < 1e-12 ? 0 : sxy / Math.sqrt(sxx * syy);
}
