import { describe, expect, it } from 'vitest';

import { diversity } from './diversity';
import type { RgbImage } from '../image/rgbImage';
import { randomImage } from '../../testing/metricsTestHelpers';

/** An image whose R = G = B = value everywhere gray(p) equals values[p]. */
function grayImage(height: number, width: number, values: number[]): RgbImage {
  const data = new Float32Array(height * width * 3);
  values.forEach((v, p) => data.fill(v, 3 * p, 3 * p + 3));
  return { height, width, data };
}

describe('diversity', () => {
  it('is 0 for identical samples', () => {
    const sample = randomImage(8, 9, 1);
    expect(diversity([sample, sample, sample], randomImage(20, 20, 2))).toBe(0);
  });

  it('matches a hand-computed case', () => {
    // Source gray values 0, 0, 1, 1 → population std 0.5.
    const source = grayImage(2, 2, [0, 0, 1, 1]);
    // Pixel 0 varies 0.2/0.6 across samples (std 0.2), pixel 1 is constant (std 0).
    const a = grayImage(1, 2, [0.2, 0.5]);
    const b = grayImage(1, 2, [0.6, 0.5]);
    expect(diversity([a, b], source)).toBeCloseTo((0.2 + 0) / 2 / 0.5, 6);
  });

  it('uses the BT.601 gray weights', () => {
    const source = grayImage(1, 2, [0, 1]);
    const red = { height: 1, width: 1, data: Float32Array.from([1, 0, 0]) };
    const green = { height: 1, width: 1, data: Float32Array.from([0, 1, 0]) };
    // gray 0.299 vs 0.587 → std |0.299 − 0.587| / 2; source std 0.5.
    expect(diversity([red, green], source)).toBeCloseTo((0.587 - 0.299) / 2 / 0.5, 6);
  });

  it('rejects unusable inputs', () => {
    const s = randomImage(4, 4, 3);
    expect(() => diversity([s], s)).toThrow(/at least 2 samples/);
    expect(() => diversity([s, randomImage(4, 5, 4)], s)).toThrow(/sample 1 is 5×4/);
    expect(() => diversity([s, s], grayImage(2, 2, [0.5, 0.5, 0.5, 0.5]))).toThrow(/flat/);
  });
});
