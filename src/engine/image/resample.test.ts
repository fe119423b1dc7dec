import { describe, expect, it } from 'vitest';
import { createRgbImage, rgbaToRgb, rgbToRgba, type RgbImage } from './rgbImage';
import {
  antialiasedResizeSteps,
  applyResampleSteps,
  gaussianDownscale,
  pyramidReduceSteps,
  reflectIndex,
  resampleAxis,
  resizeLinear,
} from './resample';

function image(h: number, w: number, f: (y: number, x: number, c: number) => number): RgbImage {
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) img.data[(y * w + x) * 3 + c] = f(y, x, c);
  return img;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('resampleAxis', () => {
  it('keeps a constant image constant with every filter, up and down', () => {
    const flat = image(9, 13, (_y, _x, c) => [0.2, 0.5, 0.9][c]);
    for (const filter of [{ kind: 'linear' } as const, { kind: 'gaussian', sigma: 1.7 } as const]) {
      for (const out of [1, 4, 13, 30]) {
        const r = resampleAxis(flat, 'width', out, filter);
        expect(r.width).toBe(out);
        expect(r.height).toBe(9);
        for (let i = 0; i < r.data.length; i += 3) {
          expect(r.data[i]).toBeCloseTo(0.2, 6);
          expect(r.data[i + 2]).toBeCloseTo(0.9, 6);
        }
      }
    }
  });

  it('is the identity for the linear filter at the same size', () => {
    const img = image(5, 7, (y, x, c) => Math.sin(y * 3 + x * 7 + c));
    expect(maxAbsDiff(resampleAxis(img, 'height', 5, { kind: 'linear' }).data, img.data)).toBeLessThan(1e-6);
  });

  it('resamples only along the requested axis', () => {
    const rows = image(8, 6, (y) => y / 7);
    const r = resampleAxis(rows, 'width', 3, { kind: 'gaussian', sigma: 0.7 });
    for (let y = 0; y < 8; y++) for (let x = 0; x < 3; x++) expect(r.data[(y * 3 + x) * 3]).toBeCloseTo(y / 7, 6);
  });

  it('commutes with mirroring (no half-pixel shift)', () => {
    const img = image(1, 17, (_y, x) => ((x * 7919) % 13) / 13);
    const mirrored = image(1, 17, (_y, x) => (((16 - x) * 7919) % 13) / 13);
    const a = resampleAxis(img, 'width', 6, { kind: 'linear' });
    const b = resampleAxis(mirrored, 'width', 6, { kind: 'linear' });
    for (let x = 0; x < 6; x++) expect(a.data[x * 3]).toBeCloseTo(b.data[(5 - x) * 3], 6);
  });

  it('antialiases: a 1-px checkerboard shrinks to grey, not to stripes', () => {
    const checker = image(32, 32, (y, x) => (x + y) % 2);
    const small = resizeLinear(checker, 8, 8);
    for (let i = 0; i < small.data.length; i++) expect(small.data[i]).toBeCloseTo(0.5, 1);
    const level = gaussianDownscale(checker, 8, 8);
    for (let i = 0; i < level.data.length; i++) expect(level.data[i]).toBeCloseTo(0.5, 1);
  });
});

describe("skimage's resampling (the reference GPNN pyramid)", () => {
  const row = (values: number[]) => image(1, values.length, (_y, x) => values[x]);
  const reds = (img: RgbImage) => Array.from({ length: img.width }, (_, x) => img.data[x * 3]);

  it('reflects indices half-sample-symmetrically, as scipy', () => {
    expect([-3, -2, -1, 0, 3, 4, 5, 6].map((t) => reflectIndex(t, 4))).toEqual([2, 1, 0, 0, 3, 3, 2, 1]);
    expect([-1, 0, 1, 2].map((t) => reflectIndex(t, 1))).toEqual([0, 0, 0, 0]);
  });

  it('one pyramid_gaussian step equals scipy gaussian_filter(σ = 2R/6, reflect) + zoom(order 1, grid_mode)', () => {
    const x = [0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.5, 0.05, 0.6];
    // scipy.ndimage: zoom(gaussian_filter1d(x, 2R/6, mode='reflect'), 7/9, order=1, mode='mirror', grid_mode=True)
    const want = [0.247647, 0.617341, 0.561207, 0.27551, 0.6672, 0.277687, 0.498865];
    const got = reds(
      applyResampleSteps(
        row(x),
        pyramidReduceSteps(1, 7, 4 / 3).filter((s) => s.axis === 'width'),
      ),
    );
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
  });

  it("an anti-aliased resize equals skimage's resize(anti_aliasing=True)", () => {
    const y = Array.from({ length: 20 }, (_, i) => Math.sin(i * 1.3) * 0.5 + 0.5);
    const want = [
      0.512678, 0.964093, 0.678588, 0.138093, 0.188367, 0.72095, 0.883051, 0.433182, 0.100815, 0.414546, 0.866645,
      0.727367, 0.212799, 0.150647, 0.659436, 0.934624, 0.513934, 0.041211, 0.282852,
    ];
    const got = reds(applyResampleSteps(row(y), antialiasedResizeSteps(1, 20, 1, 19)));
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    expect(antialiasedResizeSteps(1, 20, 1, 20)).toEqual([]);
  });

  it('keeps a constant image constant and blurs in place at the same size', () => {
    const flat = image(9, 13, (_y, _x, c) => [0.2, 0.5, 0.9][c]);
    for (const out of [1, 5, 13]) {
      const r = resampleAxis(flat, 'width', out, { kind: 'blurLinear', sigma: 1.1 });
      for (let i = 0; i < r.data.length; i += 3) expect(r.data[i + 2]).toBeCloseTo(0.9, 6);
    }
    const impulse = row([0, 0, 0, 1, 0, 0, 0]);
    const blurred = reds(resampleAxis(impulse, 'width', 7, { kind: 'blurLinear', sigma: 0.8 }));
    expect(blurred[3]).toBeLessThan(1);
    expect(blurred[2]).toBeCloseTo(blurred[4], 6);
    expect(blurred.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });
});

describe('RGBA conversion', () => {
  it('flattens alpha over white and round-trips opaque pixels', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 128]);
    const rgb = rgbaToRgb(rgba, 1, 3);
    expect(Array.from(rgb.data.slice(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(rgb.data.slice(3, 6))).toEqual([1, 1, 1]);
    expect(rgb.data[8]).toBeCloseTo(1, 6);
    expect(rgb.data[6]).toBeCloseTo(1 - 128 / 255, 6);
    const back = rgbToRgba(rgbaToRgb(new Uint8ClampedArray([10, 20, 30, 255]), 1, 1));
    expect(Array.from(back)).toEqual([10, 20, 30, 255]);
  });

  it('refuses sizes that do not match the data', () => {
    expect(() => createRgbImage(2, 2, new Float32Array(5))).toThrow(/expected 12/);
    expect(() => createRgbImage(0, 2)).toThrow(RangeError);
  });
});
