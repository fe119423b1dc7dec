import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianSampler, mulberry32 } from '../random/prng';
import { axialCoreOps, type AttentionAxis } from './axialCore';
import { relativeError } from '../../testing/relativeError';
import {
  axialAttention64,
  axialAttentionGradGradReference,
  axialAttentionGradReference,
  axialAttentionReference,
  axialLines,
  type AxialShape,
} from './axialCoreReference';

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 9, 3],
  [7, 1, 4],
  [13, 17, 8],
  [4, 6, 1],
  [5, 3, 3],
  [6, 5, 32],
];

function randn(n: number, seed: number, scale = 1): Float32Array {
  const g = gaussianSampler(mulberry32(seed));
  return Float32Array.from({ length: n }, () => scale * g());
}

function opsForward(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  s: AxialShape,
  axis: AttentionAxis,
): Float32Array {
  const shape: [number, number, number] = [s.height, s.width, s.channels];
  const out = tf.tidy(() =>
    axialCoreOps(tf)(tf.tensor3d(q, shape), tf.tensor3d(k, shape), tf.tensor3d(v, shape), axis),
  );
  const data = out.dataSync() as Float32Array;
  out.dispose();
  return data;
}

/** Near-zero outputs must not blow the measure up: at least 1 in the denominator. */
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => relativeError(a, b, 1);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('axialAttentionReference', () => {
  it('equals axialCoreOps on the tfjs CPU backend, both axes, edge sizes', () => {
    let seed = 1;
    for (const [height, width, channels] of SHAPES) {
      const shape = { height, width, channels };
      const n = height * width * channels;
      const [q, k, v] = [randn(n, seed++), randn(n, seed++), randn(n, seed++)];
      for (const axis of ['rows', 'cols'] as const) {
        const want = opsForward(q, k, v, shape, axis);
        const got = axialAttentionReference(q, k, v, shape, axis);
        expect(relErr(got, want), `${height}×${width}×${channels} ${axis}`).toBeLessThan(2e-6);
      }
    }
  });

  it('is a convex combination of the values along the line: a 1-long line returns v, equal keys average v', () => {
    const shape = { height: 3, width: 1, channels: 2 };
    const v = randn(6, 7);
    expect(Array.from(axialAttentionReference(randn(6, 8), randn(6, 9), v, shape, 'rows'))).toEqual(Array.from(v));
    const mean = [0, 1].map((c) => (v[c] + v[2 + c] + v[4 + c]) / 3);
    const got = axialAttention64(randn(6, 10), new Float32Array(6).fill(0.5), v, shape, 'cols');
    for (let i = 0; i < 3; i++) for (const c of [0, 1]) expect(got[i * 2 + c]).toBeCloseTo(mean[c], 12);
  });

  it('stays finite and exact for scores far beyond exp’s float range (max subtraction)', () => {
    const shape = { height: 2, width: 5, channels: 3 };
    const [q, k, v] = [randn(30, 11, 300), randn(30, 12, 300), randn(30, 13)];
    const got = axialAttentionReference(q, k, v, shape, 'rows');
    expect(got.every(Number.isFinite)).toBe(true);
    expect(relErr(got, opsForward(q, k, v, shape, 'rows'))).toBeLessThan(1e-5);
  });

  it('maps both axes onto lines with the right strides and rejects bad shapes', () => {
    expect(axialLines({ height: 4, width: 5, channels: 3 }, 'rows')).toEqual({
      lines: 4,
      length: 5,
      lineStride: 15,
      posStride: 3,
    });
    expect(axialLines({ height: 4, width: 5, channels: 3 }, 'cols')).toEqual({
      lines: 5,
      length: 4,
      lineStride: 3,
      posStride: 15,
    });
    expect(() => axialLines({ height: 0, width: 5, channels: 3 }, 'rows')).toThrow(/height/);
    expect(() => axialAttention64([1], [1], [1, 2], { height: 1, width: 1, channels: 1 }, 'rows')).toThrow(
      /v has 2 values/,
    );
  });
});

describe('axialAttentionGradGradReference', () => {
  // Φ = ⟨ddq, dQ⟩ + ⟨ddk, dK⟩ + ⟨ddv, dV⟩ of the reference backward; its gradient by central differences.
  it('is the gradient of the reference backward (central differences, float64), both axes, edge sizes', () => {
    let seed = 900;
    for (const [height, width, channels] of [
      [1, 1, 1],
      [3, 4, 2],
      [1, 6, 3],
      [5, 1, 2],
      [2, 3, 1],
    ]) {
      const shape = { height, width, channels };
      const n = height * width * channels;
      const [q, k, v, dOut, ddq, ddk, ddv] = [0, 1, 2, 3, 4, 5, 6].map(() => randn(n, seed++));
      for (const axis of ['rows', 'cols'] as const) {
        const phi = ([a, b, c, d]: Float64Array[]) => {
          const g = axialAttentionGradReference(a, b, c, d, shape, axis);
          let s = 0;
          for (let i = 0; i < n; i++) s += ddq[i] * g.dq[i] + ddk[i] * g.dk[i] + ddv[i] * g.dv[i];
          return s;
        };
        const at = [q, k, v, dOut].map((a) => Float64Array.from(a));
        const got = axialAttentionGradGradReference(q, k, v, dOut, ddq, ddk, ddv, shape, axis);
        [got.gq, got.gk, got.gv, got.gdOut].forEach((g, which) => {
          const fd = Float64Array.from({ length: n }, (_, i) => {
            const moved = (delta: number) =>
              at.map((a, j) => (j === which ? a.map((x, m) => (m === i ? x + delta : x)) : a));
            return (phi(moved(1e-6)) - phi(moved(-1e-6))) / 2e-6;
          });
          expect(
            relErr(g, fd),
            `${height}×${width}×${channels} ${axis} ${['gq', 'gk', 'gv', 'gdOut'][which]}`,
          ).toBeLessThan(1e-6);
        });
      }
    }
  });
});
