import { describe, expect, it } from 'vitest';

import { mulberry32 } from '../../random/prng';
import { fft1d, fft2d, isPowerOfTwo, nextPowerOfTwo, zeroPad2d } from './fft2';

function randomComplex(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  const rand = mulberry32(seed);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = rand() * 2 - 1;
    im[i] = rand() * 2 - 1;
  }
  return { re, im };
}

/** The DFT straight from its definition, O(n²), on a row-major height×width grid (height 1 for 1-D). */
function naiveDft(re: Float64Array, im: Float64Array, height: number, width: number, inverse = false) {
  const sign = inverse ? 1 : -1;
  const outRe = new Float64Array(re.length);
  const outIm = new Float64Array(re.length);
  for (let ky = 0; ky < height; ky++) {
    for (let kx = 0; kx < width; kx++) {
      let sr = 0;
      let si = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const phase = sign * 2 * Math.PI * ((ky * y) / height + (kx * x) / width);
          const c = Math.cos(phase);
          const s = Math.sin(phase);
          sr += re[y * width + x] * c - im[y * width + x] * s;
          si += re[y * width + x] * s + im[y * width + x] * c;
        }
      }
      const scale = inverse ? 1 / (height * width) : 1;
      outRe[ky * width + kx] = sr * scale;
      outIm[ky * width + kx] = si * scale;
    }
  }
  return { re: outRe, im: outIm };
}

function expectClose(actual: Float64Array, expected: Float64Array, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(tolerance);
}

describe('fft1d', () => {
  it.each([1, 2, 4, 8, 16, 128])('matches the naive DFT at length %i, forward and inverse', (n) => {
    const { re, im } = randomComplex(n, n);
    for (const inverse of [false, true]) {
      const expected = naiveDft(re, im, 1, n, inverse);
      const r = re.slice();
      const i = im.slice();
      fft1d(r, i, inverse);
      expectClose(r, expected.re, 1e-9);
      expectClose(i, expected.im, 1e-9);
    }
  });

  it('inverts itself', () => {
    const { re, im } = randomComplex(256, 7);
    const r = re.slice();
    const i = im.slice();
    fft1d(r, i);
    fft1d(r, i, true);
    expectClose(r, re, 1e-12);
    expectClose(i, im, 1e-12);
  });

  it('rejects lengths that are not powers of two', () => {
    expect(() => fft1d(new Float64Array(12), new Float64Array(12))).toThrow(/not a power of two/);
    expect(() => fft1d(new Float64Array(8), new Float64Array(4))).toThrow(/8 real and 4 imaginary/);
  });
});

describe('fft2d', () => {
  it.each([
    [4, 8],
    [8, 4],
    [16, 16],
    [1, 8],
  ])('matches the naive 2-D DFT on %i×%i, forward and inverse', (height, width) => {
    const { re, im } = randomComplex(height * width, height * 100 + width);
    for (const inverse of [false, true]) {
      const expected = naiveDft(re, im, height, width, inverse);
      const r = re.slice();
      const i = im.slice();
      fft2d(r, i, height, width, inverse);
      expectClose(r, expected.re, 1e-9);
      expectClose(i, expected.im, 1e-9);
    }
  });

  it('rejects grids that are not powers of two', () => {
    expect(() => fft2d(new Float64Array(24), new Float64Array(24), 4, 6)).toThrow(/4×6 is not a power-of-two grid/);
  });
});

describe('padding helpers', () => {
  it('finds the next power of two', () => {
    expect([1, 2, 3, 5, 31, 32, 33].map(nextPowerOfTwo)).toEqual([1, 2, 4, 8, 32, 32, 64]);
    expect([1, 2, 6, 64].map(isPowerOfTwo)).toEqual([true, true, false, true]);
  });

  it('zero-pads a grid to powers of two, keeping it at the top left', () => {
    const padded = zeroPad2d([1, 2, 3, 4, 5, 6], 2, 3);
    expect([padded.height, padded.width]).toEqual([2, 4]);
    expect(Array.from(padded.data)).toEqual([1, 2, 3, 0, 4, 5, 6, 0]);
    expect(() => zeroPad2d([1, 2, 3, 4], 2, 2, 1, 2)).toThrow(/smaller/);
  });
});
