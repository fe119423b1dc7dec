import * as tf from '@tensorflow/tfjs-core';

import type { RgbImage } from '../engine/image/rgbImage';
import {
  finishSquared,
  keyNormalisers,
  pairSquaredDistance,
  prepareExactSearch,
  type Packed,
} from '../engine/patches/blockedExactSearch';
import type { PatchSearchResult, ResolvedPatchSearch } from '../engine/patches/nearestPatches';

/**
 * Exact GPNN patch search on the CPU through tfjs's matrix product (XNNPACK
 * on the wasm backend): the same answer as blockedExactSearch.ts, pair for
 * pair and bit for bit, several times faster.
 *
 * D² = |q|² + |k|² − 2·q·k with q·k from a float32 GEMM is only a shortlist:
 * every pair whose float32 value could still be the minimum (per key) or the
 * best score (per query) within the GEMM's error bound is settled with
 * blockedExactSearch's own float64 sum, so minima, argmins and ties (smallest
 * key index) come out identical.
 *
 * One GEMM serves both of GPNN's passes: a block of keys times all queries
 * gives each of those keys its final minimum over the queries (pass 1), hence
 * its normaliser, so the same products can at once update every query's
 * running best score (pass 2). Keys arrive in increasing index, so a strict
 * `<` keeps the smallest on exact ties, as blockedExactSearch does. The GEMM
 * thus runs once instead of once per pass, and is then 60–80% of the time
 * (96×72 px, 7×7 patches); the rest is plain loops over typed arrays.
 * Memory is O(N + M) plus one block.
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

/** What tfjs-wasm's backend has and the CPU backend lacks: a view of a tensor in the module's heap. */
interface HeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

/**
 * Rows of `a` [rows, e] (float32, row-major) times `bT` [e, cols], handed to
 * `use` as one Float32Array [rows, cols] that is valid only during the call.
 */
function withProducts(
  aRows: Float32Array,
  rows: number,
  e: number,
  bT: tf.Tensor2D,
  use: (g: Float32Array) => void,
): void {
  // Read outside tidy: a dataSync inside one costs ~1 s on tfjs-wasm 4.22 (measured, 784² × 27).
  const out = tf.tidy(() => tf.matMul(tf.tensor2d(aRows, [rows, e]), bT));
  try {
    const backend = tf.backend() as Partial<HeapBackend>;
    // On wasm, read the heap in place: dataSync would copy the whole 16 MiB block. No tfjs call runs
    // inside `use`, so the heap cannot grow and move under the view.
    use(
      typeof backend.typedArrayFromHeap === 'function'
        ? backend.typedArrayFromHeap(out)
        : (out.dataSync() as Float32Array),
    );
  } finally {
    out.dispose();
  }
}

/** [e, count] float32: the packed rows transposed, so every product is a plain A·B (the GEMM's fast path). */
function transposed(p: Packed, e: number): tf.Tensor2D {
  return tf.tidy(() => tf.transpose<tf.Tensor2D>(tf.tensor2d(p.rows.subarray(0, p.count * e), [p.count, e])));
}

/** Pass 2's shortlist for one block: query, key and the least the pair's exact score can be, in increasing key order. */
class Shortlist {
  size = 0;
  query = new Int32Array(1024);
  key = new Int32Array(1024);
  low = new Float64Array(1024);

  push(i: number, j: number, low: number): void {
    if (this.size === this.query.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, b: T) => (b.set(a), b);
      this.query = grow(this.query, new Int32Array(2 * this.size));
      this.key = grow(this.key, new Int32Array(2 * this.size));
      this.low = grow(this.low, new Float64Array(2 * this.size));
    }
    this.query[this.size] = i;
    this.key[this.size] = j;
    this.low[this.size] = low;
    this.size++;
  }
}

// The scans below are the only per-pair work besides the GEMM: standalone functions over typed
// arrays so V8 keeps everything in registers (4 accumulators beat one, measured).

/** min over i of a[i] − 2·g[row + i]. */
function leastOfRow(g: Float32Array, row: number, a: Float64Array, n: number): number {
  let m0 = Infinity, m1 = Infinity, m2 = Infinity, m3 = Infinity; // prettier-ignore
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = a[i] - 2 * g[row + i];
    const x1 = a[i + 1] - 2 * g[row + i + 1];
    const x2 = a[i + 2] - 2 * g[row + i + 2];
    const x3 = a[i + 3] - 2 * g[row + i + 3];
    m0 = x0 < m0 ? x0 : m0;
    m1 = x1 < m1 ? x1 : m1;
    m2 = x2 < m2 ? x2 : m2;
    m3 = x3 < m3 ? x3 : m3;
  }
  for (; i < n; i++) {
    const x = a[i] - 2 * g[row + i];
    m0 = x < m0 ? x : m0;
  }
  return Math.min(m0, m1, m2, m3);
}

/** The least exact(i) over every i with a[i] − 2·g[row + i] ≤ limit. */
function leastExact(
  g: Float32Array,
  row: number,
  a: Float64Array,
  n: number,
  limit: number,
  exact: (i: number) => number,
): number {
  let m = Infinity;
  for (let i = 0; i < n; i++) if (a[i] - 2 * g[row + i] <= limit) m = Math.min(m, exact(i));
  return m;
}

/**
 * Key j's products with every query: lowers each query's bound on its best
 * score and shortlists every query whose best score key j could still be.
 */
function shortlistKey(
  g: Float32Array,
  row: number,
  qNorms: Float64Array,
  n: number,
  j: number,
  nj: number,
  invJ: number,
  c: number,
  l2: boolean,
  errCap: Float64Array,
  bound: Float64Array,
  list: Shortlist,
): void {
  // A pair is dismissed when its score surely exceeds bound + errCap/normaliser; tested on D² itself
  // (√ costs as much as the rest of the loop), with the threshold rounded up by far more than its rounding errors.
  const normaliser = 1 / invJ;
  for (let i = 0; i < n; i++) {
    const d2 = qNorms[i] + nj - 2 * g[row + i];
    const t = (bound[i] * normaliser + errCap[i]) * (1 + 1e-9);
    if (d2 > (l2 ? t * t : t)) continue;
    const v = (d2 > 0 ? (l2 ? Math.sqrt(d2) : d2) : 0) * invJ;
    const dErr = c * (qNorms[i] + nj);
    // Largest error of a distance whose float32 D² is d2 (√ is steep near 0).
    const err = (!l2 ? dErr : d2 > 4 * dErr ? dErr / Math.sqrt(d2 - dErr) : Math.sqrt(2 * dErr)) * invJ;
    if (v + err < bound[i]) bound[i] = v + err;
    if (v - err <= bound[i]) list.push(i, j, v - err);
  }
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
  const qNorms = q.norms;
  const kNorms = k.norms;
  const exact = (i: number, j: number) => finishSquared(pairSquaredDistance(q, k, e, i, j), l2);

  // Pass 1's bounds on D² = |q|² + |k|² − 2·q·k, less the key's own term: (1 ± c)·|q|².
  const qUpper = qNorms.map((n) => (1 + c) * n);
  const qLower = qNorms.map((n) => (1 - c) * n);
  let maxKeyNorm = 0;
  for (let j = 0; j < nk; j++) maxKeyNorm = Math.max(maxKeyNorm, kNorms[j]);
  // Per query, the largest error any of its scores can have before the key's normaliser (distError's
  // largest value), so most pairs are dismissed without computing their own.
  const errCap = new Float64Array(nq);
  for (let i = 0; i < nq; i++) {
    const capD2 = c * (qNorms[i] + maxKeyNorm);
    errCap[i] = l2 ? Math.sqrt(2 * capD2) : capD2;
  }
  // Per query: an upper bound on its best score so far (the least score + error), and the best exact score and its key.
  const bound = new Float64Array(nq).fill(Infinity);
  const best = new Float64Array(nq).fill(Infinity);
  const bestRow = new Int32Array(nq).fill(-1);
  const list = new Shortlist();

  const colMin = new Float64Array(nk);
  const inv = new Float64Array(nk);
  const keyBlock = Math.max(1, Math.floor(BLOCK_FLOATS / nq));
  const qT = transposed(q, e);
  try {
    for (let j0 = 0; j0 < nk; j0 += keyBlock) {
      const j1 = Math.min(nk, j0 + keyBlock);
      withProducts(k.rows.subarray(j0 * e, j1 * e), j1 - j0, e, qT, (g) => {
        // Pass 1 (the plain nearest neighbour needs no key minima): per key, the least upper bound
        // over the queries, then the exact minimum over every query that could be below it.
        if (!s.plain) {
          for (let j = j0; j < j1; j++) {
            const row = (j - j0) * nq;
            const nj = kNorms[j];
            const upper = leastOfRow(g, row, qUpper, nq) + (1 + c) * nj;
            colMin[j] = leastExact(g, row, qLower, nq, upper - (1 - c) * nj, (i) => exact(i, j));
          }
        }
        // The block's keys now have their final minima, hence their normalisers.
        inv.set(keyNormalisers(s, { ...k, index: k.index.subarray(j0, j1) }, colMin.subarray(j0, j1)), j0);
        for (let j = j0; j < j1; j++)
          shortlistKey(g, (j - j0) * nq, qNorms, nq, j, kNorms[j], inv[j], c, l2, errCap, bound, list);
      });
      // Settle the block's shortlist against the bounds as they stand now (tighter than when each was taken).
      for (let x = 0; x < list.size; x++) {
        const i = list.query[x];
        if (list.low[x] > bound[i] || list.low[x] > best[i]) continue;
        const j = list.key[x];
        const v = exact(i, j) * inv[j];
        if (v < best[i]) {
          best[i] = v;
          bestRow[i] = j;
        }
      }
      list.size = 0;
      await pause();
    }
  } finally {
    qT.dispose();
  }
  for (let i = 0; i < nq; i++) {
    if (bestRow[i] < 0) continue;
    nn[q.index[i]] = k.index[bestRow[i]];
    score[q.index[i]] = best[i];
  }
  return { nn, score };
}
