import { resolvePatchSearch, type PatchSearchOptions, type ResolvedPatchSearch } from './nearestPatches';
import { NO_MATCH } from './patchGrid';

/**
 * PatchMatch's options and schedule, shared by the CPU reference (patchMatch.ts,
 * patchMatchState.ts) and the GPU wrapper (src/gpu/kernels/patchMatch.ts): the
 * hash behind every draw, the passes of a round, and the resolved options.
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
  /** How m_j is estimated when alpha < PLAIN_NN_ALPHA (patchMatch.ts). Default 'assigned'. */
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
