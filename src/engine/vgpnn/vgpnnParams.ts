/**
 * VGPNN's hyper-parameters and the per-level plan (docs/algorithms.md,
 * "VGPNN (space-time patches)"). Defaults are the official code's, converted
 * to the engine's [0, 1] range where they are values; that section's table
 * says where each comes from.
 */
import { levelSearch } from '../gpnn/searchChoice';
import { PLAIN_NN_ALPHA, type PatchDistance } from '../patches/nearestPatches';
import { DEFAULT_PATCH_DIMS, spaceTimeGrid, validatePatchDims, type PatchDims } from './spaceTimePatches';
import { describeVideoShape, type VideoShape } from './video';
import {
  DEFAULT_VIDEO_PYRAMID,
  outputPyramidShapes,
  validateVideoPyramidParams,
  videoPyramidShapes,
  type VideoPyramidParams,
} from './videoPyramid';
import { VOTINGS, type Voting } from '../patches/voting';

/**
 * 'exact': every query patch against every key patch (spaceTimeSearch.ts),
 * the reference, O(N·M) per step. 'patchmatch': spaceTimePatchMatch.ts,
 * O(N) per round, warm-started from the previous step's field and the
 * coarser level's; its smallest levels still run exact (levelSearch).
 */
export type VgpnnSearch = 'exact' | 'patchmatch';
export const VGPNN_SEARCHES: readonly VgpnnSearch[] = ['exact', 'patchmatch'];

export interface VgpnnParams {
  /** [frames, height, width] of a patch: `--kernel_size (3,7,7)`. */
  readonly patch: PatchDims;
  /** Search-and-vote steps per level: `--J 5`. */
  readonly iterations: number;
  /** Steps at the coarsest level: 1, as `--J_start_from 1` gives it (the noise only needs one projection). */
  readonly coarsestIterations: number;
  /**
   * Completeness strength; PLAIN_NN_ALPHA (the default) is the plain nearest
   * neighbour, because the official generation never turns completeness on
   * (reconstruct_qkv with bidi=False); analogies there use alpha 1.
   */
  readonly alpha: number;
  readonly distance: PatchDistance;
  /**
   * Std of the noise added to the coarsest level, per voxel and channel, in
   * [0, 1] units. The official `--noise_amp 5` on [−1, 1] values is 2.5 here;
   * the default is lower, VGPNN_SIGMA.
   */
  readonly sigma: number;
  /** `--reduce median`. */
  readonly voting: Voting;
  readonly pyramid: VideoPyramidParams;
  /** A level with more output voxels (frames·height·width) runs 1 step: get_vgpnn's 3,000,000. */
  readonly oneIterationAbove: number;
  /** A level with more output voxels uses pt×5×5 patches: get_vgpnn's 500,000·15. */
  readonly smallPatchAbove: number;
  /** Nearest-neighbour search; callers can pick one per source size with `exactSearchPairs`. */
  readonly search: VgpnnSearch;
  /** PatchMatch rounds (jumps 8, 4, 2, 1 + random search) per search-and-vote step. */
  readonly pmRounds: number;
  /**
   * A seamless loop: time wraps around at every level, so the last frame
   * flows into the first as any frame into the next (docs/algorithms.md,
   * "Seamless loops"). Not in VGPNN, whose videos have two ends.
   */
  readonly loop?: boolean;
}

/**
 * The studio's coarsest-level noise, below the official 2.5: at 2.5 the first
 * step picks an arrangement so random that skies land under beaches (per-frame
 * SIFID 1.38× VGPNN's own published samples, worst 36.5 against 20.0), while
 * at 1.75 ours sit as far from the input as those samples (mean |Δ| 0.063
 * against 0.064) with per-frame SIFID 0.83× theirs and diversity 0.96×; at 1
 * a third of the draws came back as the input, which the copy redraw
 * (sampleVgpnn) now refuses (docs/algorithms.md, "Video benchmark").
 */
export const VGPNN_SIGMA = 1.75;

/**
 * Made a loop from all levels, the birds clip (8 frames) came back still, its
 * birds gone; from the levels with ≥ 2 patch depths of source frames (here
 * the finest 2) the birds stay, thinning around the seam.
 */
export const LOOP_MIN_PATCH_DEPTHS = 2;

export const DEFAULT_VGPNN: VgpnnParams = {
  patch: DEFAULT_PATCH_DIMS,
  iterations: 5,
  coarsestIterations: 1,
  alpha: PLAIN_NN_ALPHA,
  distance: 'l2',
  sigma: VGPNN_SIGMA,
  voting: 'median',
  pyramid: DEFAULT_VIDEO_PYRAMID,
  oneIterationAbove: 3_000_000,
  smallPatchAbove: 7_500_000,
  search: 'exact',
  pmRounds: 2,
};

export function validateVgpnnParams(p: VgpnnParams): string | null {
  try {
    validatePatchDims(p.patch);
  } catch (e) {
    return (e as Error).message;
  }
  const whole = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  if (!whole(p.iterations, 1, 50)) return 'Iterations must be a whole number from 1 to 50.';
  if (!whole(p.coarsestIterations, 1, 50)) return 'Coarsest-level iterations must be a whole number from 1 to 50.';
  if (!(p.alpha > 0)) return 'Alpha must be greater than 0.';
  if (p.distance !== 'l2' && p.distance !== 'sq') return `Unknown patch distance '${String(p.distance)}'.`;
  if (!(p.sigma >= 0 && p.sigma <= 100)) return 'Noise sigma must be between 0 and 100.';
  if (!VOTINGS.includes(p.voting)) return `Unknown voting '${String(p.voting)}'.`;
  if (!(p.oneIterationAbove > 0) || !(p.smallPatchAbove > 0)) return 'Voxel budgets must be positive.';
  if (!VGPNN_SEARCHES.includes(p.search)) return 'Search must be exact or patchmatch.';
  if (!whole(p.pmRounds, 1, 32)) return 'PatchMatch rounds must be a whole number from 1 to 32.';
  const pyramid = validateVideoPyramidParams(p.pyramid);
  if (pyramid) return pyramid;
  if (p.pyramid.minFrames < p.patch[0]) {
    // The official code asserts here; the plan refuses it up front instead.
    return `The coarsest level's ${p.pyramid.minFrames} frames cannot hold a ${p.patch[0]}-frame patch.`;
  }
  if (p.pyramid.minSide < Math.max(p.patch[1], p.patch[2])) {
    return `The coarsest level's ${p.pyramid.minSide} px cannot hold a ${p.patch[1]}×${p.patch[2]} patch.`;
  }
  return null;
}

/** What runs at each level; index k is pyramid level k (0 finest, depth coarsest). */
export interface VgpnnPlan {
  readonly depth: number;
  readonly source: readonly VideoShape[];
  readonly output: readonly VideoShape[];
  readonly iterations: readonly number[];
  readonly patch: readonly PatchDims[];
}

/**
 * The level shapes of source and output and, per level, the step count and
 * patch: the coarsest level gets coarsestIterations, and a level over a voxel
 * budget drops to one step or to pt×5×5 patches (get_vgpnn's thresholds, on
 * the output level's frames·height·width).
 */
export function vgpnnPlan(source: VideoShape, output: VideoShape, p: VgpnnParams = DEFAULT_VGPNN): VgpnnPlan {
  const problem = validateVgpnnParams(p);
  if (problem) throw new RangeError(problem);
  const [pt, ph, pw] = p.patch;
  if (output[0] < pt || output[1] < ph || output[2] < pw) {
    throw new RangeError(`The output (${describeVideoShape(output)}) is smaller than one ${p.patch.join('×')} patch.`);
  }
  const sourceShapes = videoPyramidShapes(source, p.pyramid);
  const outputShapes = outputPyramidShapes(sourceShapes, output, p.patch);
  const depth = sourceShapes.length - 1;
  const voxels = ([t, h, w]: VideoShape) => t * h * w;
  return {
    depth,
    source: sourceShapes,
    output: outputShapes,
    iterations: outputShapes.map((s, k) =>
      k === depth ? p.coarsestIterations : voxels(s) > p.oneIterationAbove ? 1 : p.iterations,
    ),
    patch: outputShapes.map((s) =>
      voxels(s) > p.smallPatchAbove ? ([pt, Math.min(ph, 5), Math.min(pw, 5)] as PatchDims) : p.patch,
    ),
  };
}

/** The search level k runs: the job's, except that levels small enough run exact anyway (GPNN's levelSearch). */
export function vgpnnLevelSearch(plan: VgpnnPlan, k: number, search: VgpnnSearch): VgpnnSearch {
  const patch = plan.patch[k];
  return levelSearch(search, spaceTimeGrid(plan.output[k], patch).count, spaceTimeGrid(plan.source[k], patch).count);
}

/** Query patches × key patches of level k: what one exact search-and-vote step there compares. */
export function exactLevelPairs(plan: VgpnnPlan, k: number): number {
  const patch = plan.patch[k];
  return spaceTimeGrid(plan.output[k], patch).count * spaceTimeGrid(plan.source[k], patch).count;
}

/**
 * The patch pairs exact search compares for one sample: every level's pairs
 * × its steps. Time is about proportional (docs/algorithms.md, "VGPNN": about
 * 1.7·10⁷ pairs per second on one CPU core, so 8×36×64 is ~48 s and
 * 13×144×256 ~19 h), which lets a caller choose 'exact' or 'patchmatch'
 * before running.
 */
export function exactSearchPairs(plan: VgpnnPlan): number {
  return plan.iterations.reduce((sum, steps, k) => sum + steps * exactLevelPairs(plan, k), 0);
}
