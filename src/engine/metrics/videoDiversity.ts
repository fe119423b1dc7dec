// Diversity of a set of generated videos, as VGPNN defines it (Haim et al.,
// ECCV 2022, after SinGAN's measure for images; docs/algorithms.md, "Video
// benchmark"): per voxel (frame, row, column), the standard deviation of the
// gray value across the samples, averaged over voxels and divided by the
// standard deviation of the input video's gray values over all its voxels.
//
// Gray = BT.601 luma (0.299·R + 0.587·G + 0.114·B), as the still measure
// (diversity.ts) uses; population standard deviations, so identical samples
// score exactly 0. Values are taken as they are (not clamped).

import type { RgbImage } from '../image/rgbImage';
import { formatSize } from '../image/formatSize';
import { assertRgbImage } from './image';

const luma = (d: Float32Array, p: number) => 0.299 * d[3 * p] + 0.587 * d[3 * p + 1] + 0.114 * d[3 * p + 2];

/** Population std of the gray value over every voxel of a video. */
export function videoGrayStd(frames: readonly RgbImage[]): number {
  if (frames.length === 0) throw new RangeError('videoGrayStd: no frames');
  let n = 0;
  let mean = 0;
  let m2 = 0;
  // Welford's running moments: one pass, no cancellation on large videos.
  for (const [t, f] of frames.entries()) {
    assertRgbImage(f, `videoGrayStd frame ${t}`);
    for (let p = 0; p < f.height * f.width; p++) {
      const g = luma(f.data, p);
      n++;
      const d = g - mean;
      mean += d / n;
      m2 += d * (g - mean);
    }
  }
  return Math.sqrt(m2 / n);
}

/**
 * The samples (each a video, a list of frames) must share one shape: frame
 * count and frame size. The input may differ (only its global gray std is
 * used), e.g. when samples are longer than the input.
 */
export function videoDiversity(samples: readonly (readonly RgbImage[])[], input: readonly RgbImage[]): number {
  if (samples.length < 2) throw new RangeError(`videoDiversity: need at least 2 samples, got ${samples.length}`);
  const frames = samples[0].length;
  if (frames === 0) throw new RangeError('videoDiversity: sample 0 has no frames');
  const { height, width } = samples[0][0];
  samples.forEach((s, i) => {
    if (s.length !== frames)
      throw new RangeError(`videoDiversity: sample ${i} has ${s.length} frames, sample 0 has ${frames}`);
    s.forEach((f, t) => {
      assertRgbImage(f, `videoDiversity sample ${i} frame ${t}`);
      if (f.height !== height || f.width !== width) {
        throw new RangeError(
          `videoDiversity: sample ${i} frame ${t} is ${formatSize(f.width, f.height)}, sample 0's frames are ${formatSize(width, height)}`,
        );
      }
    });
  });
  const inputStd = videoGrayStd(input);
  if (!(inputStd > 0))
    throw new RangeError('videoDiversity: the input video is flat (gray std 0), so diversity is undefined');
  const n = samples.length;
  const pixels = height * width;
  const values = new Float64Array(n);
  let stdSum = 0;
  for (let t = 0; t < frames; t++) {
    for (let p = 0; p < pixels; p++) {
      for (let i = 0; i < n; i++) values[i] = luma(samples[i][t].data, p);
      // Measured from sample 0's value, so equal values give exactly 0.
      const origin = values[0];
      let mean = 0;
      for (let i = 0; i < n; i++) mean += values[i] - origin;
      mean /= n;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const d = values[i] - origin - mean;
        sq += d * d;
      }
      stdSum += Math.sqrt(sq / n);
    }
  }
  return stdSum / (frames * pixels) / inputStd;
}

/** Each sample cut to the shortest one's frame count (the first frames), so a set of unequal lengths has one shape. */
export function trimToShortest(samples: readonly (readonly RgbImage[])[]): RgbImage[][] {
  const frames = Math.min(...samples.map((s) => s.length));
  return samples.map((s) => s.slice(0, frames));
}
