import { describe, expect, it } from 'vitest';

import type { RgbImage } from '../image/rgbImage';
import { xtSliceImage, ytSliceImage } from './spaceTimeSlices';

/** A frame whose red channel at (y, x) is 100·t + 10·y + x, so every value tells where it came from. */
function taggedFrame(t: number, height: number, width: number): RgbImage {
  const data = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[(y * width + x) * 3] = 100 * t + 10 * y + x;
  return { height, width, data };
}

const red = (img: RgbImage, y: number, x: number) => img.data[(y * img.width + x) * 3];

describe('space-time slice images', () => {
  const frames = [0, 1, 2].map((t) => taggedFrame(t, 2, 4));

  it('stack the x–t slices down, every other one backwards in time', () => {
    const xt = xtSliceImage(frames);
    expect([xt.height, xt.width]).toEqual([6, 4]);
    // Rows 0–2: row y = 0 of frames 0, 1, 2; rows 3–5: row y = 1 of frames 2, 1, 0.
    expect([0, 1, 2, 3, 4, 5].map((r) => red(xt, r, 3))).toEqual([3, 103, 203, 213, 113, 13]);
  });

  it('lay the y–t slices side by side, every other one backwards in time', () => {
    const yt = ytSliceImage(frames);
    expect([yt.height, yt.width]).toEqual([2, 12]);
    // Columns 0–2: column x = 0 of frames 0, 1, 2; columns 3–5: column x = 1 of frames 2, 1, 0.
    expect(Array.from({ length: 6 }, (_, c) => red(yt, 1, c))).toEqual([10, 110, 210, 211, 111, 11]);
  });

  it('refuse frames of different sizes or no frames', () => {
    expect(() => xtSliceImage([taggedFrame(0, 2, 4), taggedFrame(1, 3, 4)])).toThrow(/frame 1/);
    expect(() => ytSliceImage([])).toThrow(/no frames/);
  });
});
