// Diversity of a set of generated samples (the SinGAN paper's measure;
// docs/algorithms.md, "Diversity"): the per-pixel standard
// deviation of the gray value across the samples, averaged over pixels and
// divided by the standard deviation of the source image's gray values.
//
// Gray = 0.299·R + 0.587·G + 0.114·B (the ITU-R BT.601 luma weights).
// Both standard deviations are population ones (divide by N, numpy's default),
// so identical samples score exactly 0.

import type { RgbImage } from '../image/rgbImage';
import { assertRgbImage } from './image';
import { formatSize } from '../image/formatSize';

function gray(image: RgbImage): Float64Array {
  const { data } = image;
  const out = new Float64Array(image.height * image.width);
  for (let p = 0; p < out.length; p++) {
    out[p] = 0.299 * data[3 * p] + 0.587 * data[3 * p + 1] + 0.114 * data[3 * p + 2];
  }
  return out;
}

function populationStd(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) * (v - mean);
  return Math.sqrt(sq / values.length);
}

/**
 * The samples must share one size; the source may differ (only its global gray
 * std is used), e.g. when samples are generated at another aspect ratio.
 */
export function diversity(samples: readonly RgbImage[], source: RgbImage): number {
  if (samples.length < 2) throw new RangeError(`diversity: need at least 2 samples, got ${samples.length}`);
  assertRgbImage(source, 'diversity source');
  const { height, width } = samples[0];
  samples.forEach((s, i) => {
    assertRgbImage(s, `diversity sample ${i}`);
    if (s.height !== height || s.width !== width) {
      throw new RangeError(
        `diversity: sample ${i} is ${formatSize(s.width, s.height)}, sample 0 is ${formatSize(width, height)}`,
      );
    }
  });
  const sourceStd = populationStd(gray(source));
  if (!(sourceStd > 0))
    throw new RangeError('diversity: the source image is flat (gray std 0), so diversity is undefined');

  const grays = samples.map(gray);
  const pixels = height * width;
  const n = grays.length;
  let stdSum = 0;
  for (let p = 0; p < pixels; p++) {
    // Measured from sample 0's value, so equal values give exactly 0 (a plain
    // mean of n equal floats need not equal them).
    const origin = grays[0][p];
    let mean = 0;
    for (const g of grays) mean += g[p] - origin;
    mean /= n;
    let sq = 0;
    for (const g of grays) {
      const d = g[p] - origin - mean;
      sq += d * d;
    }
    stdSum += Math.sqrt(sq / n);
  }
  return stdSum / pixels / sourceStd;
}
