import { describe, expect, it } from 'vitest';
import { filmStrip } from './filmStrip';
import { createRgbImage } from './rgbImage';

const solid = (h: number, w: number, v: number) => createRgbImage(h, w, new Float32Array(h * w * 3).fill(v));

describe('filmStrip', () => {
  it('puts frames side by side with white gaps, pixel for pixel', () => {
    const a = createRgbImage(
      2,
      3,
      Float32Array.from({ length: 18 }, (_, i) => i / 100),
    );
    const b = solid(2, 3, 0.5);
    const s = filmStrip([a, b], 2);
    expect([s.height, s.width]).toEqual([2, 8]);
    const px = (y: number, x: number) => Array.from(s.data.subarray((y * s.width + x) * 3, (y * s.width + x) * 3 + 3));
    expect(px(1, 2)).toEqual(Array.from(a.data.subarray((1 * 3 + 2) * 3, (1 * 3 + 2) * 3 + 3)));
    expect(px(0, 3)).toEqual([1, 1, 1]);
    expect(px(1, 4)).toEqual([1, 1, 1]);
    expect(px(1, 5)).toEqual([0.5, 0.5, 0.5]);
    expect(px(0, 7)).toEqual([0.5, 0.5, 0.5]);
  });

  it('one frame is the frame itself; no frames or mixed sizes are refused', () => {
    const a = solid(4, 5, 0.25);
    expect(filmStrip([a]).data).toEqual(a.data);
    expect(() => filmStrip([])).toThrow(/at least one frame/);
    expect(() => filmStrip([a, solid(4, 6, 0)])).toThrow(/differ in size/);
  });
});
