import { VOTINGS, type Voting } from '../patches/voting';
import type { CoarseShape } from '../pyramid/pyramidShape';

/** Nearest-neighbour search of a GPNN run (GpnnParams.nn); searchChoice.ts resolves 'auto'. */
export type GpnnSearch = 'auto' | 'exact' | 'patchmatch';

/** GPNN hyper-parameters (docs/algorithms.md, "GPNN hyper-parameters"); defaults are the paper's, except fineAlpha and fineVote. */
export interface GpnnParams {
  /** Side of the square patches (odd). */
  readonly patchSize: number;
  /** Completeness strength: small = every source patch pushed to appear; ≥ 1e30 = plain nearest neighbour. */
  readonly alpha: number;
  /** Std of the per-pixel noise added at the coarsest level of a random sample. */
  readonly sigma: number;
  /** Target shorter side of the coarsest pyramid level. */
  readonly coarseDim: number;
  /** The coarsest level squeezed square as the reference code does (default), or keeping the aspect ratio. */
  readonly coarseShape?: CoarseShape;
  /** Pyramid scale ratio R. */
  readonly ratio: number;
  /** Search-and-fold iterations per scale (T). */
  readonly iterations: number;
  /** Patch distance: Euclidean as the reference code's cdist, or its square. */
  readonly distance: 'l2' | 'sq';
  /**
   * Nearest-neighbour search: exact (two-pass, O(N·M) work), approximate
   * (PatchMatch, O(N) per round), or 'auto': exact where a whole output takes
   * about 15 s on the device in use, PatchMatch otherwise (searchChoice.ts).
   */
  readonly nn: GpnnSearch;
  /** PatchMatch rounds (propagation + random search) per search-and-fold step. */
  readonly pmRounds: number;
  /**
   * Random samples: the completeness of the fine levels (shorter side at
   * least FINE_LEVEL_SIDE × coarseDim), where the layout is already decided;
   * the larger of this and alpha applies there. Absent = alpha at every
   * level, the paper's schedule (recipes made before it existed).
   */
  readonly fineAlpha?: number;
  /**
   * Every task: how a pixel of the fine levels (as for fineAlpha) takes its
   * value from the patches covering it (docs/algorithms.md, "Median
   * voting"); the coarse levels always take the mean. Absent = the mean at
   * every level, the paper's (recipes made before it).
   */
  readonly fineVote?: Voting;
}

/**
 * Where the fine levels begin, in multiples of coarseDim (docs/algorithms.md,
 * "Fine-level alpha", has the measurements). The coarse levels
 * (the 14–28 px ones, where the copy check runs, and the next) decide the
 * sample's layout, and strong completeness there is what makes samples
 * varied; below them it only forces every source patch into a layout that
 * may not hold it, and the leftovers fold into ghosts and pasted chunks.
 */
export const FINE_LEVEL_SIDE = 3;

export const DEFAULT_GPNN: GpnnParams = {
  patchSize: 7,
  alpha: 0.005,
  sigma: 0.75,
  coarseDim: 14,
  ratio: 4 / 3,
  iterations: 10,
  distance: 'l2',
  nn: 'auto',
  pmRounds: 4,
  fineAlpha: 1,
  fineVote: 'median',
};

/** A level whose source is at least FINE_LEVEL_SIDE × coarseDim on its shorter side: the layout is set above it. */
export function isFineLevel(p: GpnnParams, keysShape: readonly [number, number]): boolean {
  return Math.min(...keysShape) >= FINE_LEVEL_SIDE * p.coarseDim;
}

/** The vote at a level whose source is `keysShape` (see fineVote). */
export function levelVote(p: GpnnParams, keysShape: readonly [number, number]): Voting {
  return p.fineVote !== undefined && isFineLevel(p, keysShape) ? p.fineVote : 'mean';
}

/** A random sample's alpha at a level whose source side is `keysShape` (see fineAlpha). */
export function sampleLevelAlpha(p: GpnnParams, keysShape: readonly [number, number]): number {
  return p.fineAlpha !== undefined && isFineLevel(p, keysShape) ? Math.max(p.alpha, p.fineAlpha) : p.alpha;
}

/** Alpha at or above this means "no completeness term". */
export const PLAIN_NN_ALPHA = 1e30;

export function validateGpnnParams(p: GpnnParams): string | null {
  if (!Number.isInteger(p.patchSize) || p.patchSize % 2 === 0 || p.patchSize < 3 || p.patchSize > 11) {
    return 'Patch size must be an odd whole number from 3 to 11.';
  }
  if (!(p.alpha > 0)) return 'Alpha must be greater than 0.';
  if (!(p.sigma >= 0) || p.sigma > 10) return 'Noise sigma must be between 0 and 10.';
  if (!Number.isInteger(p.coarseDim) || p.coarseDim < p.patchSize || p.coarseDim > 512) {
    return `Coarsest size must be a whole number from the patch size (${p.patchSize}) to 512 px.`;
  }
  if (!(p.ratio > 1.01 && p.ratio <= 4)) return 'Scale ratio must be between 1.01 and 4.';
  if (!Number.isInteger(p.iterations) || p.iterations < 1 || p.iterations > 100) {
    return 'Iterations per scale must be a whole number from 1 to 100.';
  }
  if (p.distance !== 'l2' && p.distance !== 'sq') return 'Distance must be l2 or sq.';
  if (p.nn !== 'auto' && p.nn !== 'exact' && p.nn !== 'patchmatch') return 'Search must be auto, exact or patchmatch.';
  if (!Number.isInteger(p.pmRounds) || p.pmRounds < 1 || p.pmRounds > 32)
    return 'PatchMatch rounds must be a whole number from 1 to 32.';
  if (p.fineAlpha !== undefined && !(p.fineAlpha > 0)) return 'Fine-level alpha must be greater than 0.';
  if (p.fineVote !== undefined && !VOTINGS.includes(p.fineVote)) return 'Fine-level vote must be median or mean.';
  return null;
}
