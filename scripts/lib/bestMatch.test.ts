import { describe, expect, it } from 'vitest';
import { createRgbImage } from '../../src/engine/image/rgbImage';
import { bestMatch } from './bestMatch';
import { cropRect } from './imageGrid';

function noise(height: number, width: number, seed: number) {
  const img = createRgbImage(height, width);
  let s = seed;
  for (let i = 0; i < img.data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    img.data[i] = s / 2147483648;
  }
  return img;
}

describe('bestMatch', () => {
  it('finds a crop where it lies, at odd offsets and at the far edges, with |Δ| 0', () => {
    const hay = noise(37, 53, 7);
    for (const [y, x, h, w] of [
      [5, 11, 9, 13],
      [0, 0, 4, 4],
      [28, 40, 9, 13],
      [3, 1, 34, 52],
    ]) {
      const m = bestMatch(hay, cropRect(hay, y, x, h, w));
      expect([m.y, m.x, m.meanAbsDiff]).toEqual([y, x, 0]);
    }
  });

  it('scores a crop from another picture far from 0, and refuses one larger than the picture', () => {
    const m = bestMatch(noise(30, 30, 1), noise(8, 8, 2));
    // Two uniform noises differ by 1/3 on average; the best of 529 windows is still far above a match.
    expect(m.meanAbsDiff).toBeGreaterThan(0.2);
    expect(() => bestMatch(noise(5, 5, 1), noise(6, 4, 1))).toThrow('cannot lie');
  });
});
