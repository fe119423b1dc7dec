import { beforeAll, describe, expect, it } from 'vitest';

import { gaussianSampler, mulberry32 } from '../random/prng';
import { centralDifferences, relativeError, tf, useBackend } from '../../testing/singanTestSupport';
import { mixShifts, wrapPad, radiusOfShiftCount, shiftCount, shiftOffsets } from './shiftMix';

function randn(n: number, seed: number, scale = 1): Float32Array {
  const g = gaussianSampler(mulberry32(seed));
  return Float32Array.from({ length: n }, () => scale * g());
}

/** Float64 reference: out(y, x) = Σ_k softmax(logits(y, x))_k · in((y − dy_k) mod H, (x − dx_k) mod W). */
function mixShiftsReference(x: Float32Array, logits: Float32Array, [b, h, w, c]: number[], r: number): Float64Array {
  const offsets = shiftOffsets(r);
  const K = offsets.length;
  const out = new Float64Array(b * h * w * c);
  const wrap = (v: number, n: number) => ((v % n) + n) % n;
  for (let n = 0; n < b; n++) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        const at = ((n * h + y) * w + xx) * K;
        let max = -Infinity;
        for (let k = 0; k < K; k++) max = Math.max(max, logits[at + k]);
        const e = Array.from({ length: K }, (_, k) => Math.exp(logits[at + k] - max));
        const sum = e.reduce((a, v) => a + v, 0);
        for (let k = 0; k < K; k++) {
          const [dy, dx] = offsets[k];
          const sy = wrap(y - dy, h);
          const sx = wrap(xx - dx, w);
          for (let ch = 0; ch < c; ch++)
            out[((n * h + y) * w + xx) * c + ch] += (e[k] / sum) * x[((n * h + sy) * w + sx) * c + ch];
        }
      }
    }
  }
  return out;
}

describe('shift offsets', () => {
  it('lists (2r+1)² shifts row-major with the identity in the middle, and reads r back from the count', () => {
    expect(shiftOffsets(1)).toEqual([
      [-1, -1],
      [-1, 0],
      [-1, 1],
      [0, -1],
      [0, 0],
      [0, 1],
      [1, -1],
      [1, 0],
      [1, 1],
    ]);
    for (const r of [0, 1, 3, 6]) {
      expect(shiftOffsets(r)).toHaveLength(shiftCount(r));
      expect(shiftOffsets(r)[(shiftCount(r) - 1) / 2]).toEqual([0, 0]);
      expect(radiusOfShiftCount(shiftCount(r))).toBe(r);
    }
    expect(() => radiusOfShiftCount(8)).toThrow(/not \(2r \+ 1\)²/);
    expect(() => radiusOfShiftCount(4)).toThrow(/not \(2r \+ 1\)²/);
  });
});

describe.each(['cpu', 'wasm'] as const)('mixShifts on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  // [batch, height, width, channels, radius]: 1×1 frames, radius past the frame, odd sizes
  const cases: [number, number, number, number, number][] = [
    [1, 1, 1, 3, 1],
    [1, 5, 7, 3, 1],
    [2, 6, 5, 3, 3],
    [1, 4, 9, 2, 6],
    [3, 3, 3, 1, 0],
  ];
  for (const [b, h, w, c, r] of cases) {
    it(`equals the float64 reference: ${b}×${h}×${w}×${c}, radius ${r}`, () => {
      const K = shiftCount(r);
      const xv = randn(b * h * w * c, 1 + r);
      const lv = randn(b * h * w * K, 2 + r, 2);
      const got = tf.tidy(() => mixShifts(tf, tf.tensor4d(xv, [b, h, w, c]), tf.tensor4d(lv, [b, h, w, K])).dataSync());
      const want = mixShiftsReference(xv, lv, [b, h, w, c], r);
      expect(got.length).toBe(want.length);
      expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i])))).toBeLessThan(1e-5);
    });
  }

  it('a dominant logit translates the frame by its shift, wrapping around where content enters', () => {
    const [h, w, r] = [6, 5, 2];
    const xv = Float32Array.from({ length: h * w }, (_, i) => i);
    const K = shiftCount(r);
    const k = shiftOffsets(r).findIndex(([dy, dx]) => dy === 2 && dx === -1);
    const lv = new Float32Array(h * w * K);
    for (let p = 0; p < h * w; p++) lv[p * K + k] = 60;
    const got = tf.tidy(() =>
      Array.from(mixShifts(tf, tf.tensor4d(xv, [1, h, w, 1]), tf.tensor4d(lv, [1, h, w, K])).dataSync()),
    );
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sy = (y - 2 + h) % h;
        const sx = (x + 1) % w;
        expect(got[y * w + x]).toBeCloseTo(sy * w + sx, 4);
      }
    }
  });

  it('wrapPad wraps rows and columns around, also past the frame', () => {
    const got = tf.tidy(() => Array.from(wrapPad(tf, tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 1).dataSync()));
    expect(got).toEqual([4, 3, 4, 3, 2, 1, 2, 1, 4, 3, 4, 3, 2, 1, 2, 1]);
    // r = 3 on a 1×2 frame: three copies each way.
    const far = tf.tidy(() => Array.from(wrapPad(tf, tf.tensor4d([5, 6], [1, 1, 2, 1]), 3).dataSync()));
    expect(far.slice(0, 8)).toEqual([6, 5, 6, 5, 6, 5, 6, 5]);
    expect(far.length).toBe(7 * 8);
  });

  it('gradients w.r.t. the frame and the logits match finite differences', () => {
    const [b, h, w, c, r] = [2, 4, 5, 2, 1];
    const K = shiftCount(r);
    const xv = randn(b * h * w * c, 11);
    const lv = randn(b * h * w * K, 12, 1.5);
    const coeff = tf.tensor4d(randn(b * h * w * c, 13), [b, h, w, c]);
    const loss = (x: tf.Tensor4D, l: tf.Tensor4D) => tf.sum<tf.Scalar>(tf.mul(tf.square(mixShifts(tf, x, l)), coeff));
    const [gx, gl] = tf.tidy(() =>
      tf
        .grads((x: tf.Tensor, l: tf.Tensor) => loss(x as tf.Tensor4D, l as tf.Tensor4D))([
          tf.tensor4d(xv, [b, h, w, c]),
          tf.tensor4d(lv, [b, h, w, K]),
        ])
        .map((g) => g.dataSync()),
    );
    const idx = (n: number) => Array.from({ length: 10 }, (_, i) => Math.floor((i * n) / 10) + (i % 3));
    const fx = centralDifferences(
      (v) => tf.tidy(() => loss(tf.tensor4d(v, [b, h, w, c]), tf.tensor4d(lv, [b, h, w, K])).dataSync()[0]),
      xv,
      idx(xv.length),
      1e-2,
    );
    const fl = centralDifferences(
      (v) => tf.tidy(() => loss(tf.tensor4d(xv, [b, h, w, c]), tf.tensor4d(v, [b, h, w, K])).dataSync()[0]),
      lv,
      idx(lv.length),
      1e-2,
    );
    expect(
      relativeError(
        idx(xv.length).map((i) => gx[i]),
        fx,
      ),
    ).toBeLessThan(3e-3);
    expect(
      relativeError(
        idx(lv.length).map((i) => gl[i]),
        fl,
      ),
    ).toBeLessThan(3e-3);
    coeff.dispose();
  });
});
