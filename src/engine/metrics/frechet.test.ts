import { describe, expect, it } from 'vitest';
import { Matrix, QrDecomposition } from 'ml-matrix';

import {
  frechetDistance,
  frechetDistanceToReference,
  gaussianStats,
  prepareFrechetReference,
  type GaussianStats,
} from './frechet';
import { gaussianNoise, mulberry32 } from '../../testing/metricsTestHelpers';

function stats(mean: number[], cov: number[][]): GaussianStats {
  const dim = mean.length;
  return { dim, count: 100, mean: Float64Array.from(mean), cov: Float64Array.from(cov.flat()) };
}

function diag(values: number[]): number[][] {
  return values.map((v, i) => values.map((_, j) => (i === j ? v : 0)));
}

/** Random orthogonal matrix (Q of a QR of a Gaussian matrix). */
function randomRotation(dim: number, seed: number): Matrix {
  const noise = gaussianNoise(dim * dim, seed);
  return new QrDecomposition(
    new Matrix(Array.from({ length: dim }, (_, i) => Array.from(noise.subarray(i * dim, (i + 1) * dim)))),
  ).orthogonalMatrix;
}

/** Q·diag(d)·Qᵀ as nested arrays. */
function rotated(q: Matrix, d: number[]): number[][] {
  return q.mmul(Matrix.diag(d)).mmul(q.transpose()).to2DArray();
}

/** A random covariance of rank `rank` (≤ dim), like a feature covariance from few samples. */
function randomCov(dim: number, rank: number, seed: number): number[][] {
  const noise = gaussianNoise(dim * rank, seed);
  const x = new Matrix(Array.from({ length: dim }, (_, i) => Array.from(noise.subarray(i * rank, (i + 1) * rank))));
  return x.mmul(x.transpose()).div(rank).to2DArray();
}

function randomVector(dim: number, seed: number): number[] {
  return Array.from(gaussianNoise(dim, seed));
}

describe('gaussianStats', () => {
  it('computes the mean and the unbiased covariance', () => {
    const s = gaussianStats(Float32Array.from([1, 2, 3, 4, 5, 9]), 3, 2);
    expect([...s.mean]).toEqual([3, 5]);
    // Deviations (-2,-3), (0,-1), (2,4); divide by n − 1 = 2.
    expect([...s.cov]).toEqual([4, 7, 7, 13]);
  });

  it('is not fooled by a large common offset', () => {
    const rand = mulberry32(3);
    const n = 1000;
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = 1e6 + (rand() < 0.5 ? -1 : 1);
    const s = gaussianStats(data, n, 1);
    const exact = gaussianStats(
      data.map((v) => v - 1e6),
      n,
      1,
    );
    expect(s.cov[0]).toBeCloseTo(exact.cov[0], 9);
  });

  it('rejects fewer than two samples and inconsistent shapes', () => {
    expect(() => gaussianStats(new Float32Array(3), 1, 3)).toThrow(/at least 2 samples/);
    expect(() => gaussianStats(new Float32Array(0), 0, 3)).toThrow(/at least 2 samples/);
    expect(() => gaussianStats(new Float32Array(5), 2, 3)).toThrow(/5 values/);
  });
});

describe('frechetDistance', () => {
  it('is 0 for identical statistics, full rank or rank-deficient', () => {
    const full = stats(randomVector(16, 1), randomCov(16, 40, 2));
    const deficient = stats(randomVector(64, 3), randomCov(64, 20, 4));
    expect(frechetDistance(full, full)).toBeLessThan(1e-10);
    expect(frechetDistance(deficient, deficient)).toBeLessThan(1e-10);
  });

  it('matches (m1 − m2)² + (s1 − s2)² in 1-D', () => {
    const fd = frechetDistance(stats([1.5], [[4]]), stats([-0.5], [[0.25]]));
    expect(fd).toBeCloseTo(2 ** 2 + (2 - 0.5) ** 2, 12);
  });

  it('matches the closed form for diagonal covariances', () => {
    const a = [1, 4, 9, 0.01, 0];
    const b = [4, 1, 2, 0.04, 3];
    const m1 = [0, 1, 2, 3, 4];
    const m2 = [1, 1, 0, 3, 4.5];
    let expected = 0;
    for (let i = 0; i < a.length; i++) expected += (m1[i] - m2[i]) ** 2 + (Math.sqrt(a[i]) - Math.sqrt(b[i])) ** 2;
    expect(frechetDistance(stats(m1, diag(a)), stats(m2, diag(b)))).toBeCloseTo(expected, 10);
  });

  it('matches the closed form for commuting (jointly diagonalisable) covariances', () => {
    const dim = 12;
    const q = randomRotation(dim, 5);
    const d1 = randomVector(dim, 6).map((v) => v * v);
    const d2 = randomVector(dim, 7).map((v) => v * v);
    const m1 = randomVector(dim, 8);
    const m2 = randomVector(dim, 9);
    let expected = 0;
    for (let i = 0; i < dim; i++) expected += (m1[i] - m2[i]) ** 2 + (Math.sqrt(d1[i]) - Math.sqrt(d2[i])) ** 2;
    expect(frechetDistance(stats(m1, rotated(q, d1)), stats(m2, rotated(q, d2)))).toBeCloseTo(expected, 9);
  });

  it('matches the 2×2 closed form for non-commuting covariances', () => {
    // For 2×2 PSD products, tr√(S1·S2) = √(tr(S1·S2) + 2·√(det S1 · det S2)).
    const s1 = [
      [2, 0.8],
      [0.8, 1],
    ];
    const s2 = [
      [0.5, -0.3],
      [-0.3, 3],
    ];
    const tr12 = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
    const det = (m: number[][]) => m[0][0] * m[1][1] - m[0][1] * m[1][0];
    const trSqrt = Math.sqrt(tr12 + 2 * Math.sqrt(det(s1) * det(s2)));
    const expected = 1 + 4 + (3 + 3.5 - 2 * trSqrt);
    expect(frechetDistance(stats([0, 0], s1), stats([1, 2], s2))).toBeCloseTo(expected, 12);
  });

  it('is symmetric', () => {
    const a = stats(randomVector(32, 10), randomCov(32, 50, 11));
    const b = stats(randomVector(32, 12), randomCov(32, 20, 13));
    const ab = frechetDistance(a, b);
    expect(ab).toBeGreaterThan(1);
    expect(frechetDistance(b, a)).toBeCloseTo(ab, 9);
  });

  it('gives the same result through a prepared reference', () => {
    const a = stats(randomVector(8, 14), randomCov(8, 30, 15));
    const b = stats(randomVector(8, 16), randomCov(8, 30, 17));
    expect(frechetDistanceToReference(prepareFrechetReference(a), b)).toBe(frechetDistance(a, b));
  });

  it('rejects statistics of different dimension', () => {
    expect(() => frechetDistance(stats([0], [[1]]), stats([0, 0], diag([1, 1])))).toThrow(/dimension mismatch/);
  });
});
