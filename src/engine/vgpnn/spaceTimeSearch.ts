/**
 * Exact space-time patch nearest neighbours with GPNN's completeness score
 * (docs/algorithms.md, "Completeness (alpha)" and "Exact search in O(N+M)
 * memory"): pass 1 takes every key's minimum distance over the queries m_j,
 * pass 2 every query's argmin of D(i, j)/(alpha + m_j), ties to the smallest
 * key index; with alpha ≥ PLAIN_NN_ALPHA the score is D and pass 1 is skipped.
 * The normaliser is the still engine's own (keyNormalisers).
 *
 * How the distances are computed (docs/algorithms.md, "VGPNN (space-time
 * patches)"): a 3×7×7×3 patch is 441 values, so the still engine's blocked
 * product would spend 882 flops per pair. Instead the search walks every
 * displacement d between the query grid and the key grid: the per-voxel
 * squared difference Q(v) − K(v + d), summed over channels, box-filtered
 * over the patch window (running sums along x and y, direct sums along t),
 * is D² for every query whose key is i + d: a dozen operations per voxel pair
 * and no patch-sized inner loop. Identical patches still get exactly 0
 * (slideWindow). Memory is O(N+M) plus one video-sized float64 scratch buffer.
 */
import { keyNormalisers } from '../patches/blockedExactSearch';
import { PLAIN_NN_ALPHA, type PatchDistance } from '../patches/nearestPatches';
import { NO_MATCH } from '../patches/patchGrid';
import { CHANNELS } from '../image/rgbImage';
import { spaceTimeGrid, type PatchDims, type SpaceTimeGrid } from './spaceTimePatches';
import { videoShape, type Video } from './video';

export interface SpaceTimeSearchOptions {
  readonly patch: PatchDims;
  /** Completeness strength (> 0); ≥ PLAIN_NN_ALPHA means the plain nearest neighbour. */
  readonly alpha: number;
  /** Default 'l2' (Euclidean, as GPNN's cdist); 'sq' is its square. */
  readonly distance?: PatchDistance;
  /** Awaited every few million pair evaluations, so a worker can answer messages and deliver a Cancel. */
  readonly pause?: () => Promise<void>;
  readonly signal?: AbortSignal;
  /**
   * Per key patch, non-zero: never chosen (inpainting's keys that touch the
   * hole, docs/algorithms.md, "Inpainting a video"). The caller keeps at
   * least one key allowed.
   */
  readonly excludedKeys?: Uint32Array;
}

export interface SpaceTimeSearchResult {
  /** Per query patch: the chosen key patch. */
  readonly nn: Uint32Array;
  /** Per query: the chosen key's score (D itself for the plain nearest neighbour). */
  readonly score: Float32Array;
  /** Per query: D to the chosen key. */
  readonly distance: Float32Array;
}

/** Pair evaluations between pauses: a few tenths of a second in V8. */
const PAIRS_PER_SLICE = 4_000_000;

/** The per-displacement work area: the query voxels whose patches have a key at offset d. */
interface Region {
  /** Displacement, key position − query position, per axis. */
  readonly d: readonly [number, number, number];
  /** First query patch origin per axis, and how many origins per axis. */
  readonly o: readonly [number, number, number];
  readonly n: readonly [number, number, number];
}

export async function exactSpaceTimeSearch(
  query: Video,
  keys: Video,
  opts: SpaceTimeSearchOptions,
): Promise<SpaceTimeSearchResult> {
  const qg = spaceTimeGrid(videoShape(query), opts.patch, 'query video');
  const kg = spaceTimeGrid(videoShape(keys), opts.patch, 'key video');
  if (!(opts.alpha > 0)) throw new RangeError(`Alpha must be greater than 0, got ${opts.alpha}`);
  checkExcludedKeys(opts.excludedKeys, kg.count);
  const plain = opts.alpha >= PLAIN_NN_ALPHA;
  const l2 = (opts.distance ?? 'l2') === 'l2';
  const scratch = new Float64Array(query.frames * query.height * query.width);
  const regions = displacements(qg, kg);
  const sweep = async (visit: (r: Region, sums: Float64Array) => void) => {
    let pairs = 0;
    for (const r of regions) {
      windowSums(query, keys, qg, r, scratch);
      visit(r, scratch);
      pairs += r.n[0] * r.n[1] * r.n[2];
      if (pairs >= PAIRS_PER_SLICE) {
        pairs = 0;
        opts.signal?.throwIfAborted();
        await opts.pause?.();
      }
    }
    opts.signal?.throwIfAborted();
  };
  const dist = (d2: number) => (d2 > 0 ? (l2 ? Math.sqrt(d2) : d2) : 0);

  // Pass 1: every key's minimum over the queries (not needed by the plain nearest neighbour).
  const colMin = new Float64Array(kg.count).fill(Infinity);
  if (!plain) {
    await sweep((r, sums) =>
      forEachPair(qg, kg, r, (_i, j, s) => {
        const v = dist(sums[s]);
        if (v < colMin[j]) colMin[j] = v;
      }),
    );
  }
  const identity = Uint32Array.from({ length: kg.count }, (_, j) => j);
  const inv = keyNormalisers({ plain, alpha: plain ? Infinity : opts.alpha }, { index: identity }, colMin);
  // An excluded key's score is NaN, which no comparison below accepts: excluded at no cost per pair.
  const excluded = opts.excludedKeys;
  if (excluded) for (let j = 0; j < kg.count; j++) if (excluded[j] !== 0) inv[j] = NaN;

  // Pass 2: (score, key index) minimised lexicographically, so the displacement order does not matter.
  const best = new Float64Array(qg.count).fill(Infinity);
  const bestD = new Float64Array(qg.count).fill(Infinity);
  const nn = new Uint32Array(qg.count).fill(NO_MATCH);
  await sweep((r, sums) =>
    forEachPair(qg, kg, r, (i, j, s) => {
      const v = dist(sums[s]);
      const score = v * inv[j];
      if (score < best[i] || (score === best[i] && j < nn[i])) {
        best[i] = score;
        bestD[i] = v;
        nn[i] = j;
      }
    }),
  );
  return { nn, score: Float32Array.from(best), distance: Float32Array.from(bestD) };
}

/** Throws unless `excluded` (if given) has one entry per key and leaves at least one key allowed. */
export function checkExcludedKeys(excluded: Uint32Array | undefined, keys: number): void {
  if (!excluded) return;
  if (excluded.length !== keys)
    throw new RangeError(`excludedKeys has ${excluded.length} entries, expected one per key patch (${keys})`);
  if (excluded.every((v) => v !== 0)) throw new RangeError('Every key patch is excluded: there is nothing to match.');
}

/** Every displacement with at least one (query, key) pair, in a fixed order. */
function displacements(qg: SpaceTimeGrid, kg: SpaceTimeGrid): Region[] {
  const qn = [qg.gridFrames, qg.gridHeight, qg.gridWidth];
  const kn = [kg.gridFrames, kg.gridHeight, kg.gridWidth];
  const span = (a: number) => {
    const out: [d: number, o: number, n: number][] = [];
    for (let d = -(qn[a] - 1); d <= kn[a] - 1; d++) {
      const o = Math.max(0, -d);
      const end = Math.min(qn[a], kn[a] - d);
      out.push([d, o, end - o]);
    }
    return out;
  };
  const regions: Region[] = [];
  for (const [dt, ot, nt] of span(0)) {
    for (const [dy, oy, ny] of span(1)) {
      for (const [dx, ox, nx] of span(2)) regions.push({ d: [dt, dy, dx], o: [ot, oy, ox], n: [nt, ny, nx] });
    }
  }
  return regions;
}

/**
 * D² of every query patch in the region against its key at offset d, left in
 * `out` at [(t·vy + y)·vx + x] for origin o + (t, y, x), from the voxel
 * differences and window sums along x, y, then t (in place: a window sum only
 * reads entries at or after the one it overwrites).
 */
function windowSums(query: Video, keys: Video, qg: SpaceTimeGrid, r: Region, out: Float64Array): void {
  const [pt, ph, pw] = qg.patch;
  const [dt, dy, dx] = r.d;
  const [ot, oy, ox] = r.o;
  // The voxel block the region's patches cover.
  const vt = r.n[0] + pt - 1;
  const vy = r.n[1] + ph - 1;
  const vx = r.n[2] + pw - 1;
  const Q = query.data;
  const K = keys.data;
  for (let t = 0; t < vt; t++) {
    for (let y = 0; y < vy; y++) {
      let q = (((ot + t) * query.height + oy + y) * query.width + ox) * CHANNELS;
      let k = (((ot + t + dt) * keys.height + oy + y + dy) * keys.width + ox + dx) * CHANNELS;
      const row = (t * vy + y) * vx;
      for (let x = 0; x < vx; x++, q += CHANNELS, k += CHANNELS) {
        const a = Q[q] - K[k];
        const b = Q[q + 1] - K[k + 1];
        const c = Q[q + 2] - K[k + 2];
        out[row + x] = a * a + b * b + c * c;
      }
    }
  }
  // Along x, then y: entries 0 … n−1 become window sums, by running sums (in place; see slideWindow).
  const nx = r.n[2];
  for (let row = 0; row < vt * vy; row++) slideWindow(out, row * vx, 1, pw, nx);
  const ny = r.n[1];
  for (let t = 0; t < vt; t++) {
    for (let x = 0; x < nx; x++) slideWindow(out, t * vy * vx + x, vx, ph, ny);
  }
  // Along t (3 frames by default): direct sums.
  const nt = r.n[0];
  const plane = vy * vx;
  for (let t = 0; t < nt; t++) {
    for (let y = 0; y < ny; y++) {
      const base = t * plane + y * vx;
      for (let x = 0; x < nx; x++) {
        let s = 0;
        for (let w = 0; w < pt; w++) s += out[base + w * plane + x];
        out[base + x] = s;
      }
    }
  }
}

/**
 * Replaces a[base + k·stride], k < n, by the sum of the `size` entries from
 * there on: a running sum, two operations per entry instead of `size`.
 * Running sums leave rounding residue when a large term leaves the window, so
 * the window also counts its non-zero terms and is exactly 0 when there are
 * none: identical patches keep distance exactly 0 (a patch finds itself, and
 * duplicated frames tie, going to the smaller key index). Each entry is read
 * before it is overwritten, and every (query, key) pair lies in exactly one
 * region, so a pair's distance is the same in both passes.
 */
function slideWindow(a: Float64Array, base: number, stride: number, size: number, n: number): void {
  let s = 0;
  let nonZero = 0;
  for (let w = 0; w < size; w++) {
    const v = a[base + w * stride];
    s += v;
    if (v !== 0) nonZero++;
  }
  const ahead = size * stride;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const leaving = a[i];
    a[i] = nonZero === 0 ? 0 : s;
    if (k + 1 < n) {
      const entering = a[i + ahead];
      s += entering - leaving;
      if (entering !== 0) nonZero++;
      if (leaving !== 0) nonZero--;
    }
  }
}

/** Calls visit(query index, key index, index of its D² in the window sums) for every pair of the region. */
function forEachPair(
  qg: SpaceTimeGrid,
  kg: SpaceTimeGrid,
  r: Region,
  visit: (i: number, j: number, s: number) => void,
): void {
  const [, ph, pw] = qg.patch;
  const vy = r.n[1] + ph - 1;
  const vx = r.n[2] + pw - 1;
  for (let t = 0; t < r.n[0]; t++) {
    for (let y = 0; y < r.n[1]; y++) {
      const qt = r.o[0] + t;
      const qy = r.o[1] + y;
      let i = (qt * qg.gridHeight + qy) * qg.gridWidth + r.o[2];
      let j = ((qt + r.d[0]) * kg.gridHeight + qy + r.d[1]) * kg.gridWidth + r.o[2] + r.d[2];
      let s = (t * vy + y) * vx;
      for (let x = 0; x < r.n[2]; x++, i++, j++, s++) visit(i, j, s);
    }
  }
}
