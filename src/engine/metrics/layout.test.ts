import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { layoutCorrelation } from './layout';

function image(h: number, w: number, f: (y: number, x: number) => number): RgbImage {
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) img.data.fill(f(y / h, x / w), (y * w + x) * 3, (y * w + x) * 3 + 3);
  return img;
}

describe('layoutCorrelation', () => {
  const skyOverGround = image(40, 60, (y) => (y < 0.4 ? 0.9 : 0.2));
  it('is 1 for the same layout at another size and with other texture, negative for the layout upside down', () => {
    const bigger = image(80, 90, (y, x) => (y < 0.4 ? 0.85 : 0.25) + 0.05 * Math.sin(x * 200));
    expect(layoutCorrelation(skyOverGround, bigger)).toBeGreaterThan(0.95);
    const upsideDown = image(40, 60, (y) => (y > 0.6 ? 0.9 : 0.2));
    expect(layoutCorrelation(skyOverGround, upsideDown)).toBeLessThan(-0.5);
  });

  it('tells a left–right layout from a top–bottom one, and is 0 against a flat image', () => {
    const leftRight = image(40, 60, (_y, x) => (x < 0.5 ? 0.9 : 0.2));
    expect(Math.abs(layoutCorrelation(skyOverGround, leftRight))).toBeLessThan(0.2);
    expect(
      layoutCorrelation(
        skyOverGround,
        image(40, 60, () => 0.5),
      ),
    ).toBe(0);
  });
});
