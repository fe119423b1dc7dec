import { describe, expect, it } from 'vitest';

import type { RgbImage } from '../image/rgbImage';
import { randomImage } from '../../testing/metricsTestHelpers';
import { trimToShortest, videoDiversity, videoGrayStd } from './videoDiversity';

/** A frame whose R = G = B, so its gray value at pixel p is values[p]. */
function grayFrame(height: number, width: number, values: number[]): RgbImage {
  const data = new Float32Array(height * width * 3);
  values.forEach((v, p) => data.fill(v, 3 * p, 3 * p + 3));
  return { height, width, data };
}

describe('videoDiversity', () => {
  it('is 0 for identical samples', () => {
    const video = [randomImage(6, 7, 1), randomImage(6, 7, 2), randomImage(6, 7, 3)];
    expect(videoDiversity([video, video, video], [randomImage(9, 9, 4), randomImage(9, 9, 5)])).toBe(0);
  });

  it('matches a hand-computed case: per-voxel std over samples, averaged over voxels, over the input std', () => {
    // Input gray values 0, 1 in frame 0 and 0, 1 in frame 1 → population std 0.5 over all voxels.
    const input = [grayFrame(1, 2, [0, 1]), grayFrame(1, 2, [1, 0])];
    // Two 2-frame samples of 1×2: voxel (0,0) 0.2 vs 0.6 (std 0.2); (0,1) equal; (1,0) 0 vs 1 (std 0.5); (1,1) equal.
    const a = [grayFrame(1, 2, [0.2, 0.5]), grayFrame(1, 2, [0, 0.3])];
    const b = [grayFrame(1, 2, [0.6, 0.5]), grayFrame(1, 2, [1, 0.3])];
    expect(videoGrayStd(input)).toBeCloseTo(0.5, 12);
    expect(videoDiversity([a, b], input)).toBeCloseTo((0.2 + 0 + 0.5 + 0) / 4 / 0.5, 6);
  });

  it('uses the BT.601 gray weights', () => {
    const input = [grayFrame(1, 2, [0, 1]), grayFrame(1, 2, [0, 1])];
    const red = (v: number): RgbImage => ({ height: 1, width: 1, data: new Float32Array([v, 0, 0]) });
    // Red 0 vs 1: gray 0 vs 0.299 → std 0.1495, over the input's 0.5.
    expect(videoDiversity([[red(0)], [red(1)]], input)).toBeCloseTo(0.299, 6);
  });

  it('refuses sets of different shapes, a single sample and a flat input', () => {
    const f = randomImage(4, 4, 1);
    const g = randomImage(4, 5, 2);
    expect(() => videoDiversity([[f, f], [f]], [f, g])).toThrow(/has 1 frames, sample 0 has 2/);
    expect(() => videoDiversity([[f], [g]], [f])).toThrow(/sample 1 frame 0/);
    expect(() => videoDiversity([[f]], [f])).toThrow(/at least 2 samples/);
    expect(() => videoDiversity([[f], [f]], [grayFrame(1, 2, [0.5, 0.5])])).toThrow(/flat/);
  });

  it('trimToShortest cuts every sample to the shortest frame count', () => {
    const f = randomImage(3, 3, 1);
    expect(
      trimToShortest([
        [f, f, f],
        [f, f],
        [f, f, f, f],
      ]).map((s) => s.length),
    ).toEqual([2, 2, 2]);
  });
});
