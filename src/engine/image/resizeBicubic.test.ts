import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from './rgbImage';
import { resizeBicubic } from './resizeBicubic';

function gray(height: number, width: number, f: (y: number, x: number) => number): RgbImage {
  const img = createRgbImage(height, width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) img.data.fill(f(y, x), (y * width + x) * 3, (y * width + x) * 3 + 3);
  return img;
}
const at = (img: RgbImage, y: number, x: number) => img.data[(y * img.width + x) * 3];

describe('resizeBicubic', () => {
  // Reference: Pillow 9.4.0 through Debian's python3, Image.fromarray(src, mode='F').resize((13, 9), Image.BICUBIC)
  // on this 5×4 float32 image; the value below 0 at (0, 0), −0.1176, is clamped here.
  it("matches Pillow's BICUBIC", () => {
    const src = gray(4, 5, (y, x) => ((x * 3 + y * 7) % 10) / 9);
    const out = resizeBicubic(src, 9, 13);
    expect([out.height, out.width]).toEqual([9, 13]);
    const want = [
      [0, 0.6981589198112488, 0.05997196584939957],
      [0.7098851799964905, 0.0972222238779068, 0.9432805776596069],
      [0.04609931260347366, 0.851259708404541, 0.33536064624786377],
    ];
    [0, 4, 8].forEach((y, i) => [0, 6, 12].forEach((x, j) => expect(at(out, y, x)).toBeCloseTo(want[i][j], 6)));
  });

  it('keeps a flat image flat and a linear ramp linear inside, for every channel', () => {
    const flat = resizeBicubic(
      gray(5, 6, () => 0.3),
      20,
      24,
    );
    expect(flat.data.every((v) => Math.abs(v - 0.3) < 1e-6)).toBe(true);
    const ramp = resizeBicubic(
      gray(8, 8, (_y, x) => x / 10),
      8,
      32,
    );
    // Output x at (x + 0.5)/4 − 0.5 input pixels: a ramp of slope 1/40 per output pixel away from the borders.
    for (let x = 8; x < 24; x++) expect(at(ramp, 3, x)).toBeCloseTo(((x + 0.5) / 4 - 0.5) / 10, 6);
  });
});
