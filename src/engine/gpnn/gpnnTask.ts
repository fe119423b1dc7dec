import { validateGpnnParams, type GpnnParams } from './gpnnParams';
import { GpnnInputError, planGpnn } from './gpnnPlan';
import type { RgbImage } from '../image/rgbImage';
import type { Shape } from '../pyramid/pyramidShape';
import type { Rect } from './taskImages';

/** Mask labels shared with the mask painter: 0 none, 1 keep, 2 remove (retarget) / hole (inpainting). */
export const MASK_KEEP = 1;
export const MASK_REMOVE = 2;
/**
 * Retargeting's completeness. A new canvas must repeat content (wider) or
 * leave some out (narrower); the paper's strong completeness (0.005) fights
 * both, and the queries it cannot satisfy take leftover patches that fold
 * into smears and ghosts. Alpha 1 keeps objects whole: on 8 photos of both
 * benchmark sets at 128 px it lowered SIFID to the source on 12 of 14
 * retargets (docs/algorithms.md, "Retargeting's completeness").
 */
export const RETARGET_ALPHA = 1;
export type GpnnTaskSpec =
  /** K random samples at the source size, one per seed. */
  | { readonly kind: 'sample'; readonly seeds: readonly number[] }
  /**
   * The source at a new size; `labels` (source-sized) marks regions to keep (1) or remove (2).
   * `alpha` is retargeting's own completeness (the page and the CLI send RETARGET_ALPHA unless told);
   * absent, the shared parameters' alpha, as recipes made before it existed ran.
   */
  | {
      readonly kind: 'retarget';
      readonly height: number;
      readonly width: number;
      readonly labels?: Uint8Array;
      readonly alpha?: number;
    }
  /**
   * Structural analogy: the structure image's layout rebuilt from the source's patches. `alpha` and
   * `coarseDim` are the analogy's own (the page and the CLI send ANALOGY_ALPHA and ANALOGY_COARSE_DIM
   * unless told); absent, the shared parameters', as recipes made before they existed ran.
   */
  | { readonly kind: 'analogy'; readonly alpha?: number; readonly coarseDim?: number }
  /** Conditional inpainting: `labels` == 2 is the hole; `colour` (RGBA, alpha > 0 = painted) is the user's rough fill. */
  | { readonly kind: 'inpaint'; readonly labels: Uint8Array; readonly colour?: Uint8ClampedArray }
  /**
   * Collage: the source and the collage images side by side, made coherent from the union of their patches.
   * `alpha` is the collage's own completeness (the page and the CLI send COLLAGE_ALPHA unless told); absent,
   * the shared parameters' alpha, as recipes made before it existed ran. `blend` is where the
   * rebuilding starts (CollageBlend); absent, 'whole', as recipes made before it existed ran.
   */
  | { readonly kind: 'collage'; readonly alpha?: number; readonly blend?: CollageBlend }
  /**
   * Editing / reshuffling: a region copied to `to`, then made coherent from `startLevel` down.
   * `alpha` is editing's own completeness (the page sends EDIT_ALPHA unless told); absent, the
   * shared parameters' alpha, as recipes made before it existed ran.
   */
  | {
      readonly kind: 'edit';
      readonly from: Rect;
      readonly to: { readonly y: number; readonly x: number };
      readonly startLevel: number;
      readonly alpha?: number;
    };

export interface GpnnImages {
  readonly source: RgbImage;
  /** Analogies: the image whose structure the output takes. */
  readonly structure?: RgbImage;
  /** Collage: images placed after the source. */
  readonly collage?: readonly RgbImage[];
}

export const RETARGET_FACTOR_RANGE = [0.3, 3] as const;
/**
 * The analogy's own completeness and coarsest side. At the paper's settings
 * (alpha 0.005, a 14 px coarsest level) a 7 px patch spans half the coarsest
 * image, so completeness rebuilds the content image's own layout whatever the
 * structure says: on 6 pairs of both benchmark sets, both ways round, the
 * output followed the structure in 2 of 12 analogies, as the reference code's
 * did. From a 28 px coarsest level at alpha 1 the structure's patches choose
 * their own nearest neighbours (docs/algorithms.md, "Structural analogy").
 */
export const ANALOGY_ALPHA = 1;
export const ANALOGY_COARSE_DIM = 28;
/**
 * Editing's own completeness. The pasted copy's patches already appear where
 * it came from, so the paper's strong completeness (0.005) spends them there
 * and rebuilds the copy away: the source came back unchanged from every start
 * scale on the gallery's coast. At 1 the copy stays and only its seams are
 * rebuilt, which is what a user who pasted something expects
 * (docs/algorithms.md, "Editing").
 */
export const EDIT_ALPHA = 1;

/**
 * The collage's completeness. The atlas already holds every patch once, in
 * place, so the paper's strong completeness has nothing to add away from the
 * seams; at the seams it takes patches out of the seam band and spends them
 * elsewhere: on the Gallery's valley and coast (0.005) the coast's dark red
 * rock came out in blobs all over the valley's meadow and the river in the
 * coast's sky. At 1 each side keeps its own patches and only the seam is
 * rebuilt (docs/algorithms.md, "Collage").
 */
export const COLLAGE_ALPHA = 1;

/**
 * Where a collage is rebuilt from (docs/algorithms.md, "Collage"). 'whole':
 * from the coarsest scale, where the pictures are a few patches across, so
 * they may flow into each other and the seam can move (on photos often
 * seamless; on pictures with nothing in common the coarse blend of the two
 * comes out as a haze along the seam, and content near it can be rebuilt
 * elsewhere). 'seam': from the first fine scale (FINE_LEVEL_SIDE), where each
 * picture's layout is set, so each is kept as it is and only the seam is
 * rebuilt.
 */
export const COLLAGE_BLENDS = ['whole', 'seam'] as const;
export type CollageBlend = (typeof COLLAGE_BLENDS)[number];

/** Inpainting's completeness, fixed: the paper's inpainting setting (docs/algorithms.md, "Inpainting"). */
export const INPAINT_ALPHA = 1;

export const MAX_SAMPLES = 64;

/** Throws GpnnInputError unless there are 1 to MAX_SAMPLES seeds, each a u32. */
export function checkSeeds(seeds: readonly number[]): void {
  if (seeds.length < 1 || seeds.length > MAX_SAMPLES) throw new GpnnInputError(`Ask for 1 to ${MAX_SAMPLES} samples.`);
  if (!seeds.every((s) => Number.isInteger(s) && s >= 0 && s <= 0xffffffff)) {
    throw new GpnnInputError('Seeds must be whole numbers from 0 to 4294967295.');
  }
}

/** Throws GpnnInputError unless the target size is whole pixels within RETARGET_FACTOR_RANGE of the source. */
export function checkRetargetSize(source: Shape, height: number, width: number): void {
  const [lo, hi] = RETARGET_FACTOR_RANGE;
  if (!Number.isInteger(height) || !Number.isInteger(width))
    throw new GpnnInputError('The target size must be whole pixels.');
  const fh = height / source[0];
  const fw = width / source[1];
  if (!(fh >= lo && fh <= hi && fw >= lo && fw <= hi)) {
    throw new GpnnInputError(
      `Retarget factors must be between ${lo}× and ${hi}× of the source (asked ${fh.toFixed(2)}× tall, ${fw.toFixed(2)}× wide).`,
    );
  }
}

/** What is wrong with a retarget's own settings, as the page and the worker both say it; null if nothing. */
export function retargetProblem(task: Extract<GpnnTaskSpec, { kind: 'retarget' }>, params: GpnnParams): string | null {
  const bad = validateGpnnParams(ownAlphaParams(task, params));
  if (bad) return bad;
  // Keeping every patch leaves nothing for the new size to leave out or repeat freely.
  if (task.labels?.length && task.labels.every((v) => v === MASK_KEEP))
    return 'The keep mask covers the whole image: mark only what must stay, and leave the rest free to move.';
  return null;
}

/**
 * The parameters a task with its own completeness runs with (retargeting,
 * editing, collages): its alpha where it has one, else the shared one, as
 * recipes made before it existed ran. Keep regions do not change it: they
 * are placed, not left to completeness (keepPlacement.ts).
 */
export function ownAlphaParams(task: { readonly alpha?: number }, params: GpnnParams): GpnnParams {
  return task.alpha === undefined ? params : { ...params, alpha: task.alpha };
}

/** An analogy's parameters: its own alpha and coarsest side where it has them, else the shared ones. */
export function analogyParams(
  task: { readonly alpha?: number; readonly coarseDim?: number },
  params: GpnnParams,
): GpnnParams {
  const own = ownAlphaParams(task, params);
  return task.coarseDim === undefined ? own : { ...own, coarseDim: task.coarseDim };
}

/** Image sizes only: what the page knows without holding the pixels. */
export interface GpnnShapes {
  readonly source: Shape;
  readonly structure?: Shape;
  readonly collage?: readonly Shape[];
}

/**
 * The checks the page can make from sizes alone, with the same messages as
 * the worker's full validation (masks and pixel content are checked there).
 */
export function quickCheckGpnnTask(task: GpnnTaskSpec, shapes: GpnnShapes, params: GpnnParams): string | null {
  try {
    const bad = validateGpnnParams(params);
    if (bad) return bad;
    switch (task.kind) {
      case 'sample':
        checkSeeds(task.seeds);
        planGpnn(shapes.source, shapes.source, params);
        break;
      case 'retarget': {
        const problem = retargetProblem(task, params);
        if (problem) return problem;
        checkRetargetSize(shapes.source, task.height, task.width);
        planGpnn(shapes.source, [task.height, task.width], params);
        break;
      }
      case 'analogy': {
        if (!shapes.structure)
          return 'Structural analogies need a second image (the structure): add one in the Structure slot.';
        const own = analogyParams(task, params);
        const bad = validateGpnnParams(own);
        if (bad) return bad;
        planGpnn(shapes.source, shapes.structure, own);
        break;
      }
      case 'collage': {
        if (!shapes.collage?.length)
          return 'A collage needs at least one more image besides the source: add it in a collage slot.';
        if (task.blend !== undefined && !COLLAGE_BLENDS.includes(task.blend))
          return `A collage's blend must be ${COLLAGE_BLENDS.join(' or ')}.`;
        const bad = validateGpnnParams(ownAlphaParams(task, params));
        if (bad) return bad;
        break;
      }
      case 'inpaint':
        if (!task.labels.some((v) => v === MASK_REMOVE)) return 'Paint the hole to fill first.';
        if (task.labels.every((v) => v === MASK_REMOVE))
          return 'The hole covers the whole image: there is nothing outside it to fill it from.';
        planGpnn(shapes.source, shapes.source, params);
        break;
      case 'edit': {
        if (!(task.from.height >= 1 && task.from.width >= 1))
          return 'Select a region on the image, then drag it where it should go.';
        const bad = validateGpnnParams(ownAlphaParams(task, params));
        if (bad) return bad;
        planGpnn(shapes.source, shapes.source, params);
        break;
      }
    }
    return null;
  } catch (err) {
    if (err instanceof GpnnInputError || err instanceof RangeError) return err.message;
    throw err;
  }
}
