import type { RgbImage } from '../image/rgbImage';
import {
  resolvePatchSearch,
  type PatchSearchOptions,
  type PatchSearchResult,
  type ResolvedPatchSearch,
} from './nearestPatches';
import { NO_MATCH } from './patchGrid';

/**
 * Approximate nearest-patch search by PatchMatch (Barnes et al. 2009), in the
 * parallel form the GPU runs (src/gpu/kernels/patchMatch.ts, shaders
 * patchmatch_*.wgsl). Same problem, options, distance and result as the exact
 * search in nearestPatches.ts, O(N+M) memory, and a fraction of its O(N·M)
 * work: each round costs about 22 distance evaluations per query.
 *
 * This file is the CPU reference of the WGSL kernels, not just "a CPU
 * PatchMatch": it uses the same hash, the same candidate sequence and the same
 * pass structure, and every pass reads field A and writes field B (double
 * buffering), so a query never sees a neighbour's update from the same pass.
 * That makes the sequential loop here and the one-thread-per-query GPU
 * dispatch compute the same function; with float32 arithmetic in the same
 * order, the fields agree exactly unless the GPU rounds a sqrt or division
 * differently (or fuses a multiply-add) on a near-tie.
 *
 * Field = per query (nn, D): the current key and its distance. Algorithm:
 * - init: per active query, `initialField[i]` if given and allowed, else the
 *   first allowed of INIT_TRIES hashed draws, else the next allowed key after
 *   the last draw (cyclic scan, precomputed as a table so it is O(1)).
 * - `iterations` rounds, each: re-estimate m (see below), then one pass per
 *   jump k in PROPAGATION_JUMPS (jump-flood propagation: from the 4
 *   neighbours at distance k, try their key shifted back by the same offset),
 *   the last pass followed by random search around the query's best so far,
 *   in windows of radius max(key grid H, W), halved down to 1.
 * - scores: D for plain NN; else m is re-estimated from the final field and
 *   every query is scored D/(alpha·s_j + m_j).
 * Candidates are compared by (score, key index) lexicographically, so the
 * order in which a pass tries them cannot change its outcome.
 *
 * Completeness estimate (alpha < PLAIN_NN_ALPHA). The exact normaliser
 * m_j = min over all active queries of D(i, j) needs every pair, which is what
 * PatchMatch exists to avoid. Default ('assigned', the usual choice in
 * GPNN-with-PatchMatch code): estimate it from the current approximate field,
 * m_j = min D(i, nn_i) over the queries i with nn_i = j, recomputed before
 * every round (one pass over the field, no distances) and held fixed during
 * the round, so all passes of a round minimise one well-defined score. Keys
 * no query points to have no estimate (+Infinity); their normaliser is
 * alpha·s_j alone, i.e. they are scored as if some query already matched them
 * exactly. Taking the +Infinity literally, D/(alpha + ∞) = 0, would make every
 * unused key a perfect match and scatter the field over arbitrary keys.
 * The cost of that conservative choice, measured on 48×48 structured images
 * (p = 7, alpha 0.005, 4 rounds, cold start): the field settles on ~360
 * distinct keys where the exact search uses ~1100, because a key that loses
 * its last query is penalised from then on (the field's mean score under the
 * exact m is 14% above the exact search's). Warm-started from a good field,
 * as GPNN does between its iterations, it stays within 1% of exact.
 * Option 'reverse': first run plain PatchMatch from the keys to the queries
 * (same seed schedule with a derived seed) and take m_j = min(that distance,
 * the assigned minimum above). Every key then has an estimate close to the
 * truth (mean relative error ~2% after 4 rounds), which gives an exact-scored
 * mean within ~2–3% of exact and a key usage close to the exact search's even
 * from a cold start, at twice the cost.
 * With plain NN (alpha ≥ 1e30) there is no estimate and this is ordinary
 * PatchMatch on D.
 */

export interface PatchMatchOptions extends PatchSearchOptions {
  /** Any integer; taken modulo 2³². Same seed, same inputs → same field on CPU and GPU. Default 0. */
  readonly seed?: number;
  /** Rounds of propagation + random search. Default DEFAULT_PATCHMATCH_ITERATIONS. */
  readonly iterations?: number;
  /**
   * Per query: a key to start from instead of a random one (e.g. the previous
   * GPNN iteration's field). Entries that are NO_MATCH, out of range or
   * excluded are drawn at random as usual.
   */
  readonly initialField?: Uint32Array;
  /** How m_j is estimated when alpha < PLAIN_NN_ALPHA (file comment). Default 'assigned'. */
  readonly colMinEstimate?: ColMinEstimate;
}

export type ColMinEstimate = 'assigned' | 'reverse';

export const DEFAULT_PATCHMATCH_ITERATIONS = 4;
/** Jump-flood order: long jumps first carry good offsets far, then the short ones refine. */
export const PROPAGATION_JUMPS: readonly number[] = [8, 4, 2, 1];
/** Hashed draws before the initialisation falls back to scanning for an allowed key. */
export const INIT_TRIES = 8;
/** `round` argument of the initialisation's draws, so they never repeat a search round's. */
export const INIT_ROUND = 0xffffffff;
export const MAX_PATCHMATCH_ITERATIONS = 1000;
/** Xored into the seed of the reverse search ('reverse' estimate) so its draws differ from the forward search's. */
export const REVERSE_SEED_SALT = 0x9e3779b9;

/** One pass of a round: propagation at distance `jump` (0: none), then random search or not. */
export interface PatchMatchPass {
  readonly jump: number;
  readonly randomSearch: boolean;
}

/** The passes of every round, shared with the GPU wrapper so both run the same schedule. */
export const PATCHMATCH_PASSES: readonly PatchMatchPass[] = PROPAGATION_JUMPS.map((jump, k) => ({
  jump,
  randomSearch: k === PROPAGATION_JUMPS.length - 1,
}));

/** The 4 propagation neighbours at jump k, as (dy, dx) multiples of k. */
export const PROPAGATION_NEIGHBOURS: readonly (readonly [number, number])[] = [
  [-1, 0],
  [0, -1],
  [0, 1],
  [1, 0],
];

/**
 * 32-bit integer hash ("lowbias32", C. Wellons): full avalanche, 5 operations,
 * and exactly reproducible in WGSL's wrapping u32 arithmetic.
 */
export function hash32(v: number): number {
  let x = v >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The random number behind every PatchMatch choice: a hash of (seed, query,
 * round, step), so a query's draws depend on nothing another thread does.
 * Identical to `draw` in shaders/patchmatch_common.wgsl.
 */
export function patchMatchDraw(seed: number, i: number, round: number, step: number): number {
  return hash32(hash32(hash32(hash32(seed) ^ i) ^ round) ^ step);
}

/** Radius of the first random-search window: the whole key grid. */
export function initialRadius(keyGridHeight: number, keyGridWidth: number): number {
  return Math.max(keyGridHeight, keyGridWidth);
}

export interface ResolvedPatchMatch {
  readonly search: ResolvedPatchSearch;
  readonly seed: number;
  readonly iterations: number;
  readonly initialField?: Uint32Array;
  /** Per key: the first allowed key at or after it (cyclically), NO_MATCH if none; undefined without exclusions. */
  readonly keyNext?: Uint32Array;
  readonly radius0: number;
  /** Whether m is also seeded from a reverse (keys → queries) search; false for plain NN. */
  readonly reverse: boolean;
}

type Size = { readonly height: number; readonly width: number };

export function resolvePatchMatch(query: Size, keys: Size, opts: PatchMatchOptions = {}): ResolvedPatchMatch {
  const search = resolvePatchSearch(query, keys, opts);
  const seedIn = opts.seed ?? 0;
  if (!Number.isInteger(seedIn)) throw new RangeError(`PatchMatch seed must be an integer, got ${seedIn}`);
  const iterations = opts.iterations ?? DEFAULT_PATCHMATCH_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 0 || iterations > MAX_PATCHMATCH_ITERATIONS) {
    throw new RangeError(
      `PatchMatch iterations must be a whole number from 0 to ${MAX_PATCHMATCH_ITERATIONS}, got ${iterations}`,
    );
  }
  const estimate = opts.colMinEstimate ?? 'assigned';
  if (estimate !== 'assigned' && estimate !== 'reverse')
    throw new RangeError(`Unknown colMinEstimate '${String(estimate)}'`);
  if (opts.initialField && opts.initialField.length !== search.queryGrid.count) {
    throw new RangeError(
      `initialField has ${opts.initialField.length} entries, expected one per query patch (${search.queryGrid.count})`,
    );
  }
  return {
    search,
    // ToUint32 is exact modulo 2³² for any integer, so negative or huge seeds stay meaningful.
    seed: seedIn >>> 0,
    iterations,
    initialField: opts.initialField,
    keyNext: search.excludedKeys ? nextAllowedKeys(search.excludedKeys) : undefined,
    radius0: initialRadius(search.keyGrid.gridHeight, search.keyGrid.gridWidth),
    reverse: estimate === 'reverse' && !search.plain,
  };
}

/**
 * Options of the reverse search behind the 'reverse' estimate: keys become
 * queries and vice versa, plain NN. Excluded keys need no estimate (they are
 * never scored) and inactive queries must not count in m, so the two masks
 * swap roles too.
 */
export function reverseSearchOptions(r: ResolvedPatchMatch): PatchMatchOptions {
  const s = r.search;
  const invert = (mask: Uint32Array) => Uint32Array.from(mask, (v) => (v === 0 ? 1 : 0));
  return {
    patchSize: s.queryGrid.patchSize,
    distance: s.distance,
    alpha: Infinity,
    seed: (r.seed ^ REVERSE_SEED_SALT) >>> 0,
    iterations: r.iterations,
    activeQueries: s.excludedKeys && invert(s.excludedKeys),
    excludedKeys: s.activeQueries && invert(s.activeQueries),
  };
}

/**
 * next[j] = the first allowed key among j, j+1, …, M−1, 0, …, j−1 (NO_MATCH
 * when every key is excluded). j is allowed exactly when next[j] = j, so the
 * GPU gets the exclusion mask and the initialisation's fallback scan in one
 * table, and the scan costs O(1) per query instead of O(M).
 */
export function nextAllowedKeys(excluded: Uint32Array): Uint32Array {
  const m = excluded.length;
  const next = new Uint32Array(m).fill(NO_MATCH);
  let first = NO_MATCH;
  for (let j = 0; j < m; j++) {
    if (excluded[j] === 0) {
      first = j;
      break;
    }
  }
  if (first === NO_MATCH) return next;
  let upcoming = first; // wraps around: past the last allowed key comes the first one
  for (let j = m - 1; j >= 0; j--) {
    if (excluded[j] === 0) upcoming = j;
    next[j] = upcoming;
  }
  return next;
}

/** The PatchMatch field and scores; `colEstimate` is the m used for the scores (empty for plain NN). */
export interface PatchMatchResult extends PatchSearchResult {
  readonly colEstimate: Float32Array;
}

/** PatchMatch on the CPU. Deterministic for a given seed; see the file comment for the algorithm. */
export function patchMatch(query: RgbImage, keys: RgbImage, opts: PatchMatchOptions = {}): PatchMatchResult {
  const r = resolvePatchMatch(query, keys, opts);
  const st = new PatchMatchState(query, keys, r);
  // Plain NN: the reverse field's distances are exactly D(i, j) for the pair found, so their per-key values bound m_j from above.
  if (r.reverse) st.reverseEstimate = patchMatch(keys, query, reverseSearchOptions(r)).score;
  st.initialise();
  for (let round = 0; round < r.iterations; round++) {
    st.estimateColumnMin();
    for (const pass of PATCHMATCH_PASSES) st.step(round, pass);
  }
  return st.finish();
}

/**
 * Per-query state and the passes, one method per GPU dispatch. Exported for
 * tests that check a single pass; engine code calls `patchMatch`.
 */
export class PatchMatchState {
  readonly n: number;
  readonly m: number;
  /** Field read by the next pass (A) and written by it (B); swapped after every pass. */
  nn: Uint32Array;
  dist: Float32Array;
  private nnOut: Uint32Array;
  private distOut: Float32Array;
  /** m_j estimate for the current round; +Infinity = no query points to j. */
  readonly colMin: Float32Array;
  /** Per key: D to its reverse-search match ('reverse' estimate), folded into every estimate. */
  reverseEstimate?: Float32Array;

  private readonly qData: Float32Array;
  private readonly kData: Float32Array;
  private readonly p: number;
  private readonly qRow: number;
  private readonly kRow: number;
  private readonly qgw: number;
  private readonly qgh: number;
  private readonly kgw: number;
  private readonly kgh: number;
  private readonly squared: boolean;
  private readonly plain: boolean;
  private readonly alpha: number;
  private readonly excluded?: Uint32Array;
  private readonly scale?: Float32Array;
  private readonly active?: Uint32Array;

  constructor(
    query: RgbImage,
    keys: RgbImage,
    readonly r: ResolvedPatchMatch,
  ) {
    const s = r.search;
    this.n = s.queryGrid.count;
    this.m = s.keyGrid.count;
    this.nn = new Uint32Array(this.n).fill(NO_MATCH);
    this.dist = new Float32Array(this.n).fill(Infinity);
    this.nnOut = new Uint32Array(this.n);
    this.distOut = new Float32Array(this.n);
    this.colMin = new Float32Array(s.plain ? 0 : this.m);
    this.qData = query.data;
    this.kData = keys.data;
    this.p = s.queryGrid.patchSize;
    this.qRow = query.width * 3;
    this.kRow = keys.width * 3;
    this.qgw = s.queryGrid.gridWidth;
    this.qgh = s.queryGrid.gridHeight;
    this.kgw = s.keyGrid.gridWidth;
    this.kgh = s.keyGrid.gridHeight;
    this.squared = s.distance === 'sq';
    this.plain = s.plain;
    this.alpha = s.alpha;
    this.excluded = s.excludedKeys;
    this.scale = s.keyAlphaScale;
    this.active = s.activeQueries;
  }

  private allowed(j: number): boolean {
    return !this.excluded || this.excluded[j] === 0;
  }

  /** D(i, j): the exact search's float32 arithmetic (nearestPatches.ts) in the same order. */
  distance(i: number, j: number): number {
    return this.distanceBelow(i, j, -1, Infinity);
  }

  /** Normaliser of key j for this round: alpha·s_j (+ m_j when some query points to j). */
  private denominator(j: number): number {
    const a = Math.fround(this.alpha * (this.scale ? this.scale[j] : 1));
    const mj = this.colMin[j];
    return mj === Infinity ? a : Math.fround(a + mj);
  }

  score(d: number, j: number): number {
    return this.plain ? d : Math.fround(d / this.denominator(j));
  }

  /**
   * D(i, j), or −1 as soon as a partial sum proves that j's score exceeds
   * `bound` (den < 0: plain NN, score = D). Safe to stop early: partial sums
   * of squares only grow, and sqrt and division by a positive normaliser are
   * monotone in float32 too, so the full score could only be larger and would
   * lose anyway. The GPU computes every candidate in full; results are equal.
   */
  private distanceBelow(i: number, j: number, den: number, bound: number): number {
    const p = this.p;
    const qd = this.qData;
    const kd = this.kData;
    const row = 3 * p;
    const qRow = this.qRow;
    const kRow = this.kRow;
    const qy = (i / this.qgw) | 0;
    const ky = (j / this.kgw) | 0;
    let qb = qy * qRow + (i - qy * this.qgw) * 3;
    let kb = ky * kRow + (j - ky * this.kgw) * 3;
    const checked = bound < Infinity;
    let acc = 0;
    for (let dy = 0; dy < p; dy++) {
      for (let e = 0; e < row; e++) {
        const d = Math.fround(qd[qb + e] - kd[kb + e]);
        acc = Math.fround(acc + Math.fround(d * d));
      }
      if (checked && dy < p - 1) {
        const partial = this.squared ? acc : Math.fround(Math.sqrt(acc));
        if ((den < 0 ? partial : Math.fround(partial / den)) > bound) return -1;
      }
      qb += qRow;
      kb += kRow;
    }
    return this.squared ? acc : Math.fround(Math.sqrt(acc));
  }

  /** Writes the starting field into A. */
  initialise(): void {
    const { n, m } = this;
    const { seed, initialField: init, keyNext } = this.r;
    for (let i = 0; i < n; i++) {
      let j = NO_MATCH;
      if (!this.active || this.active[i] !== 0) {
        if (init && init[i] < m && this.allowed(init[i])) j = init[i];
        if (j === NO_MATCH) {
          let c = 0;
          for (let t = 0; t < INIT_TRIES; t++) {
            c = patchMatchDraw(seed, i, INIT_ROUND, t) % m;
            if (this.allowed(c)) {
              j = c;
              break;
            }
          }
          if (j === NO_MATCH && keyNext) j = keyNext[c];
        }
      }
      this.nn[i] = j;
      this.dist[i] = j === NO_MATCH ? Infinity : this.distance(i, j);
    }
  }

  /** m_j = min D(i, nn_i) over the queries pointing to j (inactive queries point nowhere), and the reverse estimate if any. */
  estimateColumnMin(): void {
    if (this.plain) return;
    const cm = this.colMin;
    if (this.reverseEstimate) cm.set(this.reverseEstimate);
    else cm.fill(Infinity);
    for (let i = 0; i < this.n; i++) {
      const j = this.nn[i];
      if (j !== NO_MATCH && this.dist[i] < cm[j]) cm[j] = this.dist[i];
    }
  }

  // Best candidate of the query being processed (the GPU keeps these in registers).
  private bj = 0;
  private bd = 0;
  private bs = 0;

  private tryKey(i: number, j: number): void {
    if (j === this.bj || (this.excluded && this.excluded[j] !== 0)) return;
    const den = this.plain ? -1 : this.denominator(j);
    const d = this.distanceBelow(i, j, den, this.bs);
    if (d < 0) return;
    const s = den < 0 ? d : Math.fround(d / den);
    if (s < this.bs || (s === this.bs && j < this.bj)) {
      this.bs = s;
      this.bj = j;
      this.bd = d;
    }
  }

  /** One pass: every query reads A (its own and its neighbours' entries), writes its entry of B. */
  step(round: number, pass: PatchMatchPass): void {
    const { nn, dist, nnOut, distOut, kgw, kgh, qgw, qgh } = this;
    const seed = this.r.seed;
    const k = pass.jump;
    for (let i = 0; i < this.n; i++) {
      this.bj = nn[i];
      this.bd = dist[i];
      if (this.bj === NO_MATCH) {
        nnOut[i] = NO_MATCH;
        distOut[i] = Infinity;
        continue;
      }
      this.bs = this.score(this.bd, this.bj);
      const qy = (i / qgw) | 0;
      const qx = i - qy * qgw;
      if (k > 0) {
        for (const [ny, nx] of PROPAGATION_NEIGHBOURS) {
          const dy = ny * k;
          const dx = nx * k;
          const y = qy + dy;
          const x = qx + dx;
          if (y < 0 || y >= qgh || x < 0 || x >= qgw) continue;
          const nj = nn[y * qgw + x];
          if (nj === NO_MATCH) continue;
          // The neighbour's key, moved back by the neighbour's offset: coherent images keep offsets constant.
          const cy = ((nj / kgw) | 0) - dy;
          const cx = (nj % kgw) - dx;
          if (cy < 0 || cy >= kgh || cx < 0 || cx >= kgw) continue;
          this.tryKey(i, cy * kgw + cx);
        }
      }
      if (pass.randomSearch) {
        let t = 0;
        for (let radius = this.r.radius0; radius >= 1; radius = (radius / 2) | 0, t++) {
          const by = (this.bj / kgw) | 0;
          const bx = this.bj - by * kgw;
          const y0 = Math.max(by - radius, 0);
          const y1 = Math.min(by + radius, kgh - 1);
          const x0 = Math.max(bx - radius, 0);
          const x1 = Math.min(bx + radius, kgw - 1);
          const cy = y0 + (patchMatchDraw(seed, i, round, 2 * t) % (y1 - y0 + 1));
          const cx = x0 + (patchMatchDraw(seed, i, round, 2 * t + 1) % (x1 - x0 + 1));
          this.tryKey(i, cy * kgw + cx);
        }
      }
      nnOut[i] = this.bj;
      distOut[i] = this.bd;
    }
    this.swap();
  }

  private swap(): void {
    [this.nn, this.nnOut] = [this.nnOut, this.nn];
    [this.dist, this.distOut] = [this.distOut, this.dist];
  }

  /** Scores of the current field: D for plain NN, else D/(alpha·s + m) with m re-estimated from this field. */
  finish(): PatchMatchResult {
    const score = new Float32Array(this.n);
    if (this.plain) {
      score.set(this.dist);
    } else {
      this.estimateColumnMin();
      for (let i = 0; i < this.n; i++) {
        const j = this.nn[i];
        score[i] = j === NO_MATCH ? Infinity : this.score(this.dist[i], j);
      }
    }
    return { nn: this.nn.slice(), score, colEstimate: this.colMin.slice() };
  }
}
