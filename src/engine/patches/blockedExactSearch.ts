import type { RgbImage } from '../image/rgbImage';
import { NO_MATCH, patchBaseOffset, patchElementOffsets, type PatchGrid } from './patchGrid';
import type { PatchSearchResult, ResolvedPatchSearch } from './nearestPatches';

/**
 * Exact GPNN patch search for the CPU backend, as a blocked matrix product:
 * D² = |q|² + |k|² − 2·q·k, with patches packed into contiguous rows and 2×4
 * register tiles, in float64. The same two passes and the same answer as the
 * reference (nearestPatches.ts): pass 1 takes every allowed key's minimum over
 * the active queries, pass 2 every active query's argmin of D/(alpha·s_j + m_j)
 * with ties to the smallest key index; memory stays O(N+M) plus the packed rows.
 *
 * Why not the reference itself: it evaluates Σ(q−k)² through Math.fround one
 * element at a time so that it matches the WGSL kernel bit for bit, which runs
 * at about 0.16 GFLOP/s; this form reaches ~1.7 GFLOP/s in V8, enough for exact
 * GPNN at the 64–96 px sizes where it is the reference for PatchMatch. Float64
 * keeps a patch's distance to itself exactly 0 (|q|² and q·q are summed in the
 * same order), and other distances agree with the float32 reference to ~1e-6,
 * so only near-ties may resolve differently.
 */

/** Patch pairs between two yields to the host: ~0.1–0.2 s of work. */
const PAIRS_PER_SLICE = 1_000_000;
/** Keys per block: 256 rows of 147 floats stay in L2 while every query streams past them. */
const KEY_BLOCK = 256;

export interface Packed {
  /** Row r holds the patch vector of patch index[r]; the row count is padded up to a multiple of `pad`. */
  readonly rows: Float32Array;
  readonly norms: Float64Array;
  readonly index: Uint32Array;
  /** Real rows; rows from `count` on repeat the last real one. */
  readonly count: number;
}

export function pack(image: RgbImage, grid: PatchGrid, keep: (i: number) => boolean, pad: number): Packed {
  const indices: number[] = [];
  for (let i = 0; i < grid.count; i++) if (keep(i)) indices.push(i);
  const count = indices.length;
  const padded = count === 0 ? 0 : Math.ceil(count / pad) * pad;
  const e = grid.elements;
  const offsets = patchElementOffsets(grid);
  const rows = new Float32Array(padded * e);
  const norms = new Float64Array(padded);
  const index = new Uint32Array(padded);
  for (let r = 0; r < padded; r++) {
    const i = indices[Math.min(r, count - 1)];
    const base = patchBaseOffset(grid, i);
    let n = 0;
    for (let k = 0; k < e; k++) {
      const v = image.data[base + offsets[k]];
      rows[r * e + k] = v;
      n += v * v;
    }
    norms[r] = n;
    index[r] = i;
  }
  return { rows, norms, index, count };
}

/**
 * One pair's D² exactly as `tiles` computes it (same float64 sums in the same
 * order), so a search that only shortlists pairs some faster way (the wasm
 * GEMM, src/wasm/gemmExactSearch.ts) can settle them to the identical value.
 */
export function pairSquaredDistance(q: Packed, k: Packed, e: number, i: number, j: number): number {
  const Q = q.rows;
  const K = k.rows;
  const qa = i * e;
  const kb = j * e;
  let a = 0;
  for (let t = 0; t < e; t++) a += Q[qa + t] * K[kb + t];
  return q.norms[i] + k.norms[j] - 2 * a;
}

/** Rounding can leave a tiny negative D² for near-identical patches; a distance is never below 0. */
export function finishSquared(d2: number, l2: boolean): number {
  return d2 > 0 ? (l2 ? Math.sqrt(d2) : d2) : 0;
}

/**
 * Visits every (2 queries) × (4 keys) tile of one key block with the four
 * pairs' squared distances; `visit` is monomorphic per pass, so V8 inlines it.
 */
function tiles(
  q: Packed,
  k: Packed,
  e: number,
  j0: number,
  j1: number,
  i0: number,
  i1: number,
  visit: (i: number, j: number, d0: number, d1: number, d2: number, d3: number) => void,
): void {
  const Q = q.rows;
  const K = k.rows;
  for (let i = i0; i < i1; i += 2) {
    const qa = i * e;
    const qb = qa + e;
    const na = q.norms[i];
    const nb = q.norms[i + 1];
    for (let j = j0; j < j1; j += 4) {
      const k0 = j * e;
      const k1 = k0 + e;
      const k2 = k1 + e;
      const k3 = k2 + e;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0; // prettier-ignore
      for (let t = 0; t < e; t++) {
        const x = Q[qa + t];
        const y = Q[qb + t];
        const u0 = K[k0 + t];
        const u1 = K[k1 + t];
        const u2 = K[k2 + t];
        const u3 = K[k3 + t];
        a0 += x * u0;
        a1 += x * u1;
        a2 += x * u2;
        a3 += x * u3;
        b0 += y * u0;
        b1 += y * u1;
        b2 += y * u2;
        b3 += y * u3;
      }
      const n0 = k.norms[j];
      const n1 = k.norms[j + 1];
      const n2 = k.norms[j + 2];
      const n3 = k.norms[j + 3];
      visit(i, j, na + n0 - 2 * a0, na + n1 - 2 * a1, na + n2 - 2 * a2, na + n3 - 2 * a3);
      visit(i + 1, j, nb + n0 - 2 * b0, nb + n1 - 2 * b1, nb + n2 - 2 * b2, nb + n3 - 2 * b3);
    }
  }
}

/** Both exact searches (this one and the GEMM one on wasm) start here: the active queries and allowed keys packed, and empty results. */
export function prepareExactSearch(
  query: RgbImage,
  keys: RgbImage,
  s: ResolvedPatchSearch,
  queryPad: number,
  keyPad: number,
): { q: Packed; k: Packed; nn: Uint32Array; score: Float32Array; e: number; l2: boolean } {
  const { activeQueries: active, excludedKeys: excluded } = s;
  return {
    q: pack(query, s.queryGrid, (i) => !active || active[i] !== 0, queryPad),
    k: pack(keys, s.keyGrid, (j) => !excluded || excluded[j] === 0, keyPad),
    nn: new Uint32Array(s.queryGrid.count).fill(NO_MATCH),
    score: new Float32Array(s.queryGrid.count).fill(Infinity),
    e: s.queryGrid.elements,
    l2: s.distance === 'l2',
  };
}

/**
 * Per packed key row, the factor GPNN's score multiplies a distance by:
 * 1/(alpha·s_j + m_j) with m_j the key's minimum over the queries (pass 1),
 * or 1 for the plain nearest neighbour. Padding rows get their real row's.
 * It reads only the completeness fields and the key indices, so the
 * space-time search (src/engine/vgpnn/spaceTimeSearch.ts) shares it.
 */
export function keyNormalisers(
  s: Pick<ResolvedPatchSearch, 'plain' | 'alpha' | 'keyAlphaScale'>,
  k: Pick<Packed, 'index'>,
  colMin: Float64Array,
): Float64Array {
  const scale = s.keyAlphaScale;
  const inv = new Float64Array(colMin.length);
  for (let j = 0; j < inv.length; j++)
    inv[j] = s.plain ? 1 : 1 / (s.alpha * (scale ? scale[k.index[j]] : 1) + colMin[j]);
  return inv;
}

/** Per query of `s.queryGrid`: the chosen key and its score, or NO_MATCH and +Infinity (inactive, or every key excluded). */
export async function blockedExactSearch(
  query: RgbImage,
  keys: RgbImage,
  s: ResolvedPatchSearch,
  pause: () => Promise<void> = async () => {},
): Promise<PatchSearchResult> {
  const { q, k, nn, score, e, l2 } = prepareExactSearch(query, keys, s, 2, 4);
  if (q.count === 0 || k.count === 0) return { nn, score };
  const dist = (d2: number) => finishSquared(d2, l2);
  const qRows = q.norms.length;
  const kRows = k.norms.length;
  const rowsPerSlice = Math.max(2, 2 * Math.floor(PAIRS_PER_SLICE / KEY_BLOCK / 2));

  // Pass 1: column minima over the active queries (padding rows repeat a real query, so they change nothing).
  const colMin = new Float64Array(kRows).fill(Infinity);
  const takeMin = (_i: number, j: number, d0: number, d1: number, d2: number, d3: number) => {
    const v0 = dist(d0);
    const v1 = dist(d1);
    const v2 = dist(d2);
    const v3 = dist(d3);
    if (v0 < colMin[j]) colMin[j] = v0;
    if (v1 < colMin[j + 1]) colMin[j + 1] = v1;
    if (v2 < colMin[j + 2]) colMin[j + 2] = v2;
    if (v3 < colMin[j + 3]) colMin[j + 3] = v3;
  };
  await blocked(qRows, kRows, rowsPerSlice, pause, (j0, j1, i0, i1) => tiles(q, k, e, j0, j1, i0, i1, takeMin));

  // Pass 2: per query the smallest score; keys are visited in increasing index, so `<` keeps the smallest on ties.
  const inv = keyNormalisers(s, k, colMin);
  const best = new Float64Array(qRows).fill(Infinity);
  const bestRow = new Int32Array(qRows).fill(-1);
  const realKeys = k.count;
  const takeArgmin = (i: number, j: number, d0: number, d1: number, d2: number, d3: number) => {
    let b = best[i];
    let r = bestRow[i];
    const v0 = dist(d0) * inv[j];
    if (v0 < b) { b = v0; r = j; } // prettier-ignore
    if (j + 1 < realKeys) {
      const v1 = dist(d1) * inv[j + 1];
      if (v1 < b) { b = v1; r = j + 1; } // prettier-ignore
      const v2 = dist(d2) * inv[j + 2];
      if (j + 2 < realKeys && v2 < b) { b = v2; r = j + 2; } // prettier-ignore
      const v3 = dist(d3) * inv[j + 3];
      if (j + 3 < realKeys && v3 < b) { b = v3; r = j + 3; } // prettier-ignore
    }
    best[i] = b;
    bestRow[i] = r;
  };
  await blocked(qRows, kRows, rowsPerSlice, pause, (j0, j1, i0, i1) => tiles(q, k, e, j0, j1, i0, i1, takeArgmin));
  for (let r = 0; r < q.count; r++) {
    if (bestRow[r] < 0) continue;
    nn[q.index[r]] = k.index[bestRow[r]];
    score[q.index[r]] = best[r];
  }
  return { nn, score };
}

/** Key blocks outer, query slices inner, with a yield after every slice. */
async function blocked(
  qRows: number,
  kRows: number,
  rowsPerSlice: number,
  pause: () => Promise<void>,
  work: (j0: number, j1: number, i0: number, i1: number) => void,
): Promise<void> {
  for (let j0 = 0; j0 < kRows; j0 += KEY_BLOCK) {
    const j1 = Math.min(kRows, j0 + KEY_BLOCK);
    for (let i0 = 0; i0 < qRows; i0 += rowsPerSlice) {
      work(j0, j1, i0, Math.min(qRows, i0 + rowsPerSlice));
      await pause();
    }
  }
}
