import type { RgbImage } from '../image/rgbImage';
import {
  DEFAULT_PATCH_SIZE,
  NO_MATCH,
  patchBaseOffset,
  patchElementOffsets,
  patchGrid,
  type PatchGrid,
} from './patchGrid';

/**
 * Exact patch nearest-neighbour search with GPNN's completeness normaliser
 * (docs/algorithms.md, "Completeness (alpha)" and "Exact search in O(N+M)
 * memory"), in O(N+M) memory: pass 1 takes every key's column
 * minimum m_j = min over active queries of D(i, j), pass 2 every query's
 * argmin over allowed keys of D(i, j)/(alpha·s_j + m_j), ties to the smallest j.
 * The N×M matrix never exists. This is the CPU reference of the WGSL kernels
 * patch_colmin / patch_argmin (src/gpu/kernels/patchNearest.ts) and uses the
 * same float32 arithmetic in the same order, so results agree up to the GPU's
 * freedom to fuse multiply-adds and its looser sqrt/division.
 */

/** 'l2': Euclidean, as the reference code's cdist. 'sq': its square (sum of squared differences). */
export type PatchDistance = 'l2' | 'sq';

/** Options shared by the CPU reference and the GPU wrapper. */
export interface PatchSearchOptions {
  /** Side of the square patches: odd, 3..11. Default 7. */
  readonly patchSize?: number;
  /** Default 'l2'. */
  readonly distance?: PatchDistance;
  /** Completeness strength (> 0); ≥ PLAIN_NN_ALPHA (or +Infinity) means plain nearest neighbour. Default 0.005. */
  readonly alpha?: number;
  /** Per query patch: 1 (any non-zero) = participates, in both passes. Default: all. */
  readonly activeQueries?: Uint32Array;
  /** Per key patch: 1 (any non-zero) = never chosen. Default: none. */
  readonly excludedKeys?: Uint32Array;
  /** Per key patch: s_j > 0 in the normaliser alpha·s_j + m_j; < 1 favours the key in completeness. Default 1. */
  readonly keyAlphaScale?: Float32Array;
}

export interface PatchSearchResult {
  /** Per query: index of the chosen key patch, or NO_MATCH. */
  readonly nn: Uint32Array;
  /** Per query: the chosen key's score D/(alpha·s_j + m_j) (D itself for plain NN); +Infinity without a match. */
  readonly score: Float32Array;
}

export const DEFAULT_ALPHA = 0.005;
/** Alpha at or above this means "no completeness term": score = D. */
export const PLAIN_NN_ALPHA = 1e30;

/** Options checked against the two images, defaults filled in, alpha rounded to float32 as the GPU sees it. */
export interface ResolvedPatchSearch {
  readonly queryGrid: PatchGrid;
  readonly keyGrid: PatchGrid;
  readonly distance: PatchDistance;
  readonly alpha: number;
  readonly plain: boolean;
  readonly activeQueries?: Uint32Array;
  readonly excludedKeys?: Uint32Array;
  readonly keyAlphaScale?: Float32Array;
}

type Size = { readonly height: number; readonly width: number };

export function resolvePatchSearch(query: Size, keys: Size, opts: PatchSearchOptions = {}): ResolvedPatchSearch {
  const p = opts.patchSize ?? DEFAULT_PATCH_SIZE;
  const queryGrid = patchGrid(query.height, query.width, p, 'query image');
  const keyGrid = patchGrid(keys.height, keys.width, p, 'key image');
  const distance = opts.distance ?? 'l2';
  if (distance !== 'l2' && distance !== 'sq') throw new RangeError(`Unknown patch distance '${String(distance)}'`);
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0)) throw new RangeError(`Alpha must be greater than 0, got ${alpha}`);
  checkLength(opts.activeQueries, queryGrid.count, 'activeQueries', 'query');
  checkLength(opts.excludedKeys, keyGrid.count, 'excludedKeys', 'key');
  checkLength(opts.keyAlphaScale, keyGrid.count, 'keyAlphaScale', 'key');
  if (opts.keyAlphaScale) {
    const bad = opts.keyAlphaScale.findIndex((s) => !(s > 0 && s < Infinity));
    // s_j = 0 with m_j = 0 would make the self-match score 0/0.
    if (bad >= 0)
      throw new RangeError(`keyAlphaScale must be finite and > 0, got ${opts.keyAlphaScale[bad]} at key ${bad}`);
  }
  const plain = alpha >= PLAIN_NN_ALPHA;
  return {
    queryGrid,
    keyGrid,
    distance,
    alpha: plain ? Infinity : Math.fround(alpha),
    plain,
    activeQueries: opts.activeQueries,
    excludedKeys: opts.excludedKeys,
    keyAlphaScale: opts.keyAlphaScale,
  };
}

function checkLength(a: ArrayLike<number> | undefined, want: number, name: string, what: string): void {
  if (a && a.length !== want) {
    throw new RangeError(`${name} has ${a.length} entries, expected one per ${what} patch (${want})`);
  }
}

/**
 * Σ (q − k)² in float32, elements in (dy, dx, channel) order, computed directly
 * rather than as |q|² + |k|² − 2q·k so that a patch compared with itself gives
 * exactly 0 (the expanded form leaves rounding residue and self-matches stop
 * being certain).
 */
export function patchSquaredDistance(
  q: Float32Array,
  qBase: number,
  qOffsets: Int32Array,
  k: Float32Array,
  kBase: number,
  kOffsets: Int32Array,
): number {
  let acc = 0;
  for (let e = 0; e < qOffsets.length; e++) {
    const d = Math.fround(q[qBase + qOffsets[e]] - k[kBase + kOffsets[e]]);
    acc = Math.fround(acc + Math.fround(d * d));
  }
  return acc;
}

export function finishDistance(sumSq: number, distance: PatchDistance): number {
  return distance === 'l2' ? Math.fround(Math.sqrt(sumSq)) : sumSq;
}

/** The normalised score; identical formula in patch_argmin.wgsl. */
export function patchScore(d: number, colMin: number, scale: number, s: ResolvedPatchSearch): number {
  if (s.plain) return d;
  return Math.fround(d / Math.fround(Math.fround(s.alpha * scale) + colMin));
}

/** Bound distance function D(i, j) for one search. */
export function patchDistanceFn(
  query: RgbImage,
  keys: RgbImage,
  s: ResolvedPatchSearch,
): (i: number, j: number) => number {
  const qOff = patchElementOffsets(s.queryGrid);
  const kOff = patchElementOffsets(s.keyGrid);
  return (i, j) =>
    finishDistance(
      patchSquaredDistance(
        query.data,
        patchBaseOffset(s.queryGrid, i),
        qOff,
        keys.data,
        patchBaseOffset(s.keyGrid, j),
        kOff,
      ),
      s.distance,
    );
}

/** Pass 1: m_j = min over active queries of D(i, j); +Infinity when no query is active. */
export function patchColumnMin(query: RgbImage, keys: RgbImage, s: ResolvedPatchSearch): Float32Array {
  const dist = patchDistanceFn(query, keys, s);
  const m = new Float32Array(s.keyGrid.count).fill(Infinity);
  const active = s.activeQueries;
  for (let j = 0; j < m.length; j++) {
    let best = Infinity;
    for (let i = 0; i < s.queryGrid.count; i++) {
      if (active && active[i] === 0) continue;
      const d = dist(i, j);
      if (d < best) best = d;
    }
    m[j] = best;
  }
  return m;
}

/** Pass 2: per active query, the allowed key of smallest score, smallest index on ties. */
export function patchArgmin(
  query: RgbImage,
  keys: RgbImage,
  colMin: Float32Array,
  s: ResolvedPatchSearch,
): PatchSearchResult {
  const dist = patchDistanceFn(query, keys, s);
  const n = s.queryGrid.count;
  const nn = new Uint32Array(n).fill(NO_MATCH);
  const score = new Float32Array(n).fill(Infinity);
  const { activeQueries: active, excludedKeys: excluded, keyAlphaScale: scale } = s;
  for (let i = 0; i < n; i++) {
    if (active && active[i] === 0) continue;
    let best = Infinity;
    let bestJ = NO_MATCH;
    for (let j = 0; j < colMin.length; j++) {
      if (excluded && excluded[j] !== 0) continue;
      const v = patchScore(dist(i, j), colMin[j], scale ? scale[j] : 1, s);
      // (score, index) compared lexicographically, exactly as the GPU's reduction does.
      if (v < best || (v === best && j < bestJ)) {
        best = v;
        bestJ = j;
      }
    }
    nn[i] = bestJ;
    score[i] = best;
  }
  return { nn, score };
}

/** Both passes. `colMin` is returned for tests and diagnostics. */
export function nearestPatches(
  query: RgbImage,
  keys: RgbImage,
  opts: PatchSearchOptions = {},
): PatchSearchResult & { readonly colMin: Float32Array } {
  const s = resolvePatchSearch(query, keys, opts);
  const colMin = patchColumnMin(query, keys, s);
  return { ...patchArgmin(query, keys, colMin, s), colMin };
}
