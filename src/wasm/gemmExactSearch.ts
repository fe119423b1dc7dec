import * as tf from '@tensorflow/tfjs-core';

import type { RgbImage } from '../engine/image/rgbImage';
import { finishSquared, keyNormalisers, pairSquaredDistance, prepareExactSearch, type Packed } from '../engine/patches/blockedExactSearch';
import type { PatchSearchResult, ResolvedPatchSearch } from '../engine/patches/nearestPatches';

/**
 * Exact GPNN patch search on the CPU through tfjs's matrix product (XNNPACK
 * on the wasm backend): the same answer as blockedExactSearch.ts, pair for
 * pair and bit for bit, several times faster.
 *
 * D² = |q|² + |k|² − 2·q·k with q·k from a float32 GEMM is only a shortlist:
 * every pair whose float32 value could still be the minimum (pass 1, per key)
 * or the best score (pass 2, per query) within the GEMM's error bound is
 * settled with blockedExactSearch's own float64 sum, so minima, argmins and
 * ties (smallest key index) come out identical. Pass 1 multiplies a block of
 * keys by all queries, pass 2 a block of queries by all keys, so each row's
 * answer is final within its block: memory is O(N + M) plus one block.
 */

/** Floats per GEMM block (16 MiB). */
const BLOCK_FLOATS = 1 << 22;

/**
 * Bound on |D²_float32 − D²| relative to |q|² + |k|²: a float32 dot product of
 * n terms errs by at most γ_n·Σ|q_t·k_t| ≤ n·2⁻²⁴·|q|·|k| (n = 3·p², 147 for
 * 7×7 patches), and 2|q|·|k| ≤ |q|² + |k|². Doubled for the norms and margin.
 */
function relativeBound(elements: number): number {
  return 2 * elements * 2 ** -24;
}

/** Rows of `a` [rows, e] (float32, row-major) times the transposed key matrix, as one Float32Array [rows, cols]. */
function products(aRows: Float32Array, rows: number, e: number, bT: tf.Tensor2D): Float32Array {
  // Read outside tidy: a dataSync inside one costs ~1 s on tfjs-wasm 4.22 (measured, 784² × 27).
  const out = tf.tidy(() => tf.matMul(tf.tensor2d(aRows, [rows, e]), bT));
  try {
    return out.dataSync() as Float32Array;
  } finally {
    out.dispose();
  }
}

/** [e, count] float32: the packed rows transposed, so every product is a plain A·B (the GEMM's fast path). */
function transposed(p: Packed, e: number): tf.Tensor2D {
  return tf.tidy(() => tf.transpose(tf.tensor2d(p.rows.subarray(0, p.count * e), [p.count, e])) as tf.Tensor2D);
}

export async function gemmExactSearch(
  query: RgbImage,
  keys: RgbImage,
  s: ResolvedPatchSearch,
  pause: () => Promise<void> = async () => {},
): Promise<PatchSearchResult> {
  const { q, k, nn, score, e, l2 } = prepareExactSearch(query, keys, s, 1, 1);
  if (q.count === 0 || k.count === 0) return { nn, score };
  const c = relativeBound(e);
  const nq = q.count;
  const nk = k.count;
  const exact = (i: number, j: number) => finishSquared(pairSquaredDistance(q, k, e, i, j), l2);
  // Largest error of a distance whose float32 D² is d2 with bound err on D² (√ is steep near 0).
  const distError = (d2: number, err: number) => (!l2 ? err : d2 > 4 * err ? err / Math.sqrt(d2 - err) : Math.sqrt(2 * err));

  const qT = transposed(q, e);
  const kT = transposed(k, e);
  try {
    // Pass 1: per key, the minimum distance over the active queries.
    const colMin = new Float64Array(nk);
    const keyBlock = Math.max(1, Math.floor(BLOCK_FLOATS / nq));
    const cand: number[] = [];
    for (let j0 = 0; j0 < nk; j0 += keyBlock) {
      const j1 = Math.min(nk, j0 + keyBlock);
      const g = products(k.rows.subarray(j0 * e, j1 * e), j1 - j0, e, qT);
      for (let j = j0; j < j1; j++) {
        const row = (j - j0) * nq;
        const nj = k.norms[j];
        // One scan: the running best only falls, so what is within its band now is a superset of the final shortlist.
        let best = Infinity;
        let bestErr = 0;
        cand.length = 0;
        for (let i = 0; i < nq; i++) {
          const d2 = q.norms[i] + nj - 2 * g[row + i];
          const err = c * (q.norms[i] + nj);
          if (d2 < best) {
            best = d2;
            bestErr = err;
          }
          if (d2 <= best + bestErr + err) cand.push(i, d2, err);
        }
        let m = Infinity;
        for (let x = 0; x < cand.length; x += 3) if (cand[x + 1] <= best + bestErr + cand[x + 2]) m = Math.min(m, exact(cand[x], j));
        colMin[j] = m;
      }
      await pause();
    }

    // Pass 2: per active query the smallest score, ties to the smallest key index.
    const inv = keyNormalisers(s, k, colMin);
    const queryBlock = Math.max(1, Math.floor(BLOCK_FLOATS / nk));
    let maxKeyNorm = 0;
    for (let j = 0; j < nk; j++) maxKeyNorm = Math.max(maxKeyNorm, k.norms[j]);
    for (let i0 = 0; i0 < nq; i0 += queryBlock) {
      const i1 = Math.min(nq, i0 + queryBlock);
      const g = products(q.rows.subarray(i0 * e, i1 * e), i1 - i0, e, kT);
      for (let i = i0; i < i1; i++) {
        const row = (i - i0) * nk;
        const ni = q.norms[i];
        let best = Infinity;
        let bestErr = 0;
        cand.length = 0;
        // No pair's distance errs by more than errCap (distError's largest value on this row), so the rest can skip computing theirs.
        const capD2 = c * (ni + maxKeyNorm);
        const errCap = l2 ? Math.sqrt(2 * capD2) : capD2;
        for (let j = 0; j < nk; j++) {
          const d2 = ni + k.norms[j] - 2 * g[row + j];
          const v = finishSquared(d2, l2) * inv[j];
          if (v > best + bestErr + errCap * inv[j]) continue;
          const err = distError(d2, c * (ni + k.norms[j])) * inv[j];
          if (v < best) {
            best = v;
            bestErr = err;
          }
          if (v <= best + bestErr + err) cand.push(j, v, err);
        }
        // Keys in increasing index, so `<` keeps the smallest on exact ties, as blockedExactSearch does.
        let exactBest = Infinity;
        let exactRow = -1;
        for (let x = 0; x < cand.length; x += 3) {
          const j = cand[x];
          if (cand[x + 1] > best + bestErr + cand[x + 2]) continue;
          const v = exact(i, j) * inv[j];
          if (v < exactBest) {
            exactBest = v;
            exactRow = j;
          }
        }
        if (exactRow < 0) continue;
        nn[q.index[i]] = k.index[exactRow];
        score[q.index[i]] = exactBest;
      }
      await pause();
    }
  } finally {
    qT.dispose();
    kT.dispose();
  }
  return { nn, score };
}
