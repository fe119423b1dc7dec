import { applyResampleSteps, resizeAntialiased, resizeLinear } from '../image/resample';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import type { Shape } from '../pyramid/pyramidShape';
import { copyCheckLevel, copyRedraw, type CopyCheck } from './copyRedraw';
import type { NearestFoldOptions } from './gpnnBackend';
import { isFineLevel, sampleLevelAlpha, validateGpnnParams, type GpnnParams } from './gpnnParams';
import { GpnnInputError, planGpnn, type GpnnPlan } from './gpnnPlan';
import {
  analogyParams,
  checkRetargetSize,
  checkSeeds,
  INPAINT_ALPHA,
  MASK_KEEP,
  MASK_REMOVE,
  ownAlphaParams,
  retargetProblem,
  type GpnnImages,
  type GpnnTaskSpec,
} from './gpnnTask';
import { noisyStart, resizedStart } from './initialGuess';
import { keptCoverage, keptStart, keptWeights, pasteKeptObjects, placeKeptObjects } from './keepPlacement';
import {
  countSet,
  HOLE_TRACE,
  labelCoverage,
  patchesCovered,
  patchesTouching,
  pixelsClearOf,
  putBackClear,
  putBackReach,
} from './levelMasks';
import type { SynthesisOptions } from './synthesize';
import { composeCollage, composeInpaintStart, moveRegion, seamKeys } from './taskImages';

/** Everything a task decides before synthesis; the loop itself is shared. */
export interface GpnnSetup {
  readonly plan: GpnnPlan;
  readonly params: GpnnParams;
  /** Keys and values come from this image's pyramid. */
  readonly keySource: RgbImage;
  readonly startLevel: number;
  /** One entry per output: its seed, or null for deterministic tasks. */
  readonly seeds: readonly (number | null)[];
  /** The initial guess at startLevel, given the key pyramid's level at startLevel (downloaded). */
  initial(keyLevel: RgbImage, seed: number | null): RgbImage;
  levelOptions?(level: number, keysShape: Shape): Partial<NearestFoldOptions>;
  /** The start of a level below startLevel from the coarser result; absent: the coarser result resized. */
  levelStart?(level: number, coarser: RgbImage): RgbImage;
  /** Pixels every step's result must hold (SynthesisOptions.constrain). */
  constrain?(level: number, image: RgbImage): RgbImage;
  /**
   * Whole coarse-to-fine passes; each after the first starts from the previous
   * result fitted to the start level (the reference code's analogies run two).
   */
  readonly passes?: number;
  /** Random samples: how a copy of the source at a coarse level is recognised and redrawn. */
  readonly redraw?: {
    /** The finest level checked. */
    readonly checkDownTo: number;
    make(check: CopyCheck, seed: number | null): NonNullable<SynthesisOptions['redraw']>;
  };
}

/** A source-sized image taken down the plan's pyramid to `level`, with the same blur as the source's own level. */
function atLevel(image: RgbImage, plan: GpnnPlan, level: number): RgbImage {
  let img = image;
  for (let k = 1; k <= level; k++) img = applyResampleSteps(img, plan.sourceSteps[k]);
  return img;
}

const shapeOf = (img: RgbImage): Shape => [img.height, img.width];

/** The coarsest level whose source is a fine level (isFineLevel), or the finest where none is. */
function firstFineLevel(plan: GpnnPlan, params: GpnnParams): number {
  for (let k = plan.depth; k > 0; k--) if (isFineLevel(params, plan.source[k])) return k;
  return 0;
}

function setupSample(
  task: Extract<GpnnTaskSpec, { kind: 'sample' }>,
  images: GpnnImages,
  params: GpnnParams,
): GpnnSetup {
  checkSeeds(task.seeds);
  const p = planGpnn(shapeOf(images.source), shapeOf(images.source), params);
  return {
    plan: p,
    params,
    keySource: images.source,
    startLevel: p.depth,
    seeds: task.seeds,
    initial: (coarsest, seed) => noisyStart(coarsest, params.sigma, seed ?? 0),
    levelOptions: sampleLevelOptions(params),
    redraw:
      params.sigma > 0
        ? { checkDownTo: copyCheckLevel(p, params), make: (check, seed) => copyRedraw(p, params, check, seed ?? 0) }
        : undefined,
  };
}

/** A random sample's per-level options: its completeness schedule (samples and the animations whose frame 0 is one). */
export function sampleLevelOptions(
  params: GpnnParams,
): (level: number, keysShape: Shape) => Partial<NearestFoldOptions> {
  return (_level, keysShape) => ({ alpha: sampleLevelAlpha(params, keysShape) });
}

function setupRetarget(
  task: Extract<GpnnTaskSpec, { kind: 'retarget' }>,
  images: GpnnImages,
  shared: GpnnParams,
): GpnnSetup {
  const problem = retargetProblem(task, shared);
  if (problem) throw new GpnnInputError(problem);
  const params = ownAlphaParams(task, shared);
  const src = images.source;
  checkRetargetSize(shapeOf(src), task.height, task.width);
  const labels = task.labels;
  if (labels && labels.length !== src.height * src.width)
    throw new GpnnInputError('The mask does not match the image size; paint it again.');
  const p = planGpnn(shapeOf(src), [task.height, task.width], params);
  const out: Shape = [task.height, task.width];
  // Keep regions are placed, not left to completeness (keepPlacement.ts): pasted at every level's start and
  // after every step, and their own patches are out of the search so no second copy grows elsewhere.
  const kept = labels?.includes(MASK_KEEP) ? placeKeptObjects(labels, shapeOf(src), out) : [];
  const levelOptions = labels
    ? (level: number, [h, w]: Shape): Partial<NearestFoldOptions> => {
        const remove = removableKeys(labels, src, h, w, params.patchSize, level);
        if (kept.length === 0) return { excludedKeys: remove };
        const keep = patchesCovered(
          labelCoverage(labels, src.height, src.width, MASK_KEEP, h, w),
          h,
          w,
          params.patchSize,
          0.25,
        );
        const both = remove.map((r, j) => (r || keep[j] ? 1 : 0));
        // At a coarse level the object may span most patches: then only the paste keeps it there.
        return { excludedKeys: countSet(both) < both.length ? both : remove };
      }
    : undefined;
  // Each level's source image and the objects' paste weights on it, made once: pasting runs after every step.
  const sourceLevels = new Map<number, { image: RgbImage; weights: Float32Array[] }>();
  const paste = (level: number, into: RgbImage) => {
    let at = sourceLevels.get(level);
    if (!at) {
      const image = atLevel(src, p, level);
      at = {
        image,
        weights: keptWeights(keptCoverage(kept, shapeOf(src), shapeOf(image)), shapeOf(image), shapeOf(src)),
      };
      sourceLevels.set(level, at);
    }
    pasteKeptObjects(into, at.image, kept, at.weights, shapeOf(src), out);
  };
  return {
    plan: p,
    params,
    keySource: src,
    startLevel: p.depth,
    seeds: [null],
    initial: (coarsest) =>
      kept.length > 0
        ? keptStart(coarsest, p.output[p.depth], kept, shapeOf(src), out)
        : resizedStart(coarsest, ...p.output[p.depth]),
    levelOptions,
    ...(kept.length > 0
      ? {
          levelStart: (level: number, coarser: RgbImage) => {
            const start = resizeLinear(coarser, ...p.output[level]);
            paste(level, start);
            return start;
          },
          constrain: (level: number, image: RgbImage) => {
            const fixed = createRgbImage(image.height, image.width, Float32Array.from(image.data));
            paste(level, fixed);
            return fixed;
          },
        }
      : {}),
  };
}

/**
 * Keys a remove mask takes out at one level: those mostly on the region or
 * centred on it (patchesCovered), not every key that touches it. Taking every
 * touching key removed a band a patch wider than the object on each side, at
 * coarse levels a good part of the picture, whose layout was then rebuilt
 * from leftover patches, in streaks (docs/algorithms.md, "Keep and remove
 * masks"). If that leaves nothing, the threshold is raised step by step, and
 * then the level keeps all keys (the finer levels still remove the object).
 * Only the finest level must leave something.
 */
function removableKeys(
  labels: Uint8Array,
  src: RgbImage,
  h: number,
  w: number,
  patchSize: number,
  level: number,
): Uint32Array {
  const coverage = labelCoverage(labels, src.height, src.width, MASK_REMOVE, h, w);
  for (const threshold of [0.25, 0.5, 0.75]) {
    const remove = patchesCovered(coverage, h, w, patchSize, threshold);
    if (countSet(remove) < remove.length) return remove;
  }
  if (level === 0)
    throw new GpnnInputError('The remove mask covers every patch of the image: leave some of it unmasked.');
  return new Uint32Array(patchesTouching(coverage, h, w, patchSize, 1).length);
}

function setupAnalogy(
  task: Extract<GpnnTaskSpec, { kind: 'analogy' }>,
  images: GpnnImages,
  shared: GpnnParams,
): GpnnSetup {
  const { source, structure } = images;
  if (!structure)
    throw new GpnnInputError(
      'Structural analogies need a second image (the structure): add one in the Structure slot.',
    );
  const params = analogyParams(task, shared);
  const bad = validateGpnnParams(params);
  if (bad) throw new GpnnInputError(bad);
  const p = planGpnn(shapeOf(source), shapeOf(structure), params);
  const [oh, ow] = p.output[p.depth];
  // As the reference code: B resized to the coarsest level, the whole pyramid run twice.
  const start = resizeAntialiased(structure, oh, ow);
  return { plan: p, params, keySource: source, startLevel: p.depth, seeds: [null], initial: () => start, passes: 2 };
}

/** The hole's largest extent along a row or column, in pixels (the reference code's mask_patch_ratio basis). */
export function holeExtent(labels: Uint8Array, height: number, width: number): number {
  let best = 0;
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) n += labels[y * width + x] === MASK_REMOVE ? 1 : 0;
    best = Math.max(best, n);
  }
  for (let x = 0; x < width; x++) {
    let n = 0;
    for (let y = 0; y < height; y++) n += labels[y * width + x] === MASK_REMOVE ? 1 : 0;
    best = Math.max(best, n);
  }
  return best;
}

/** Coarsest size at which the hole is about one patch wide (docs/algorithms.md, "Inpainting"), within usable bounds. */
export function inpaintCoarseDim(labels: Uint8Array, height: number, width: number, patchSize: number): number {
  const extent = holeExtent(labels, height, width);
  const minSide = Math.min(height, width);
  if (extent === 0) return minSide;
  return Math.max(patchSize * 2, Math.min(minSide, Math.round((minSide * patchSize) / extent)));
}

function setupInpaint(
  task: Extract<GpnnTaskSpec, { kind: 'inpaint' }>,
  images: GpnnImages,
  userParams: GpnnParams,
): GpnnSetup {
  const src = images.source;
  const { labels } = task;
  if (labels.length !== src.height * src.width)
    throw new GpnnInputError('The hole mask does not match the image size; paint it again.');
  const holePixels = labels.reduce((n, v) => n + (v === MASK_REMOVE ? 1 : 0), 0);
  if (holePixels === 0) throw new GpnnInputError('Paint the hole to fill first.');
  if (holePixels === labels.length)
    throw new GpnnInputError('The hole covers the whole image: there is nothing outside it to fill it from.');
  // The paper's inpainting settings: alpha = 1 and a pyramid whose coarsest level makes the hole about one patch wide.
  const params: GpnnParams = {
    ...userParams,
    alpha: INPAINT_ALPHA,
    coarseDim: inpaintCoarseDim(labels, src.height, src.width, userParams.patchSize),
  };
  const p = planGpnn(shapeOf(src), shapeOf(src), params);
  const composed = composeInpaintStart(src, labels, task.colour);
  const start = atLevel(composed, p, p.depth);
  // Per level, made once (the search's options and the put-back after every step both need it): the hole's
  // coverage, the source's level and its pixels clear of the hole.
  const levels = new Map<number, { coverage: Float32Array; image: RgbImage; clear: Uint8Array }>();
  const at = (level: number) => {
    let found = levels.get(level);
    if (!found) {
      const [h, w] = p.source[level];
      const coverage = labelCoverage(labels, src.height, src.width, MASK_REMOVE, h, w);
      const reach = putBackReach(Math.min(h, w), params.coarseDim, params.patchSize);
      found = { coverage, image: atLevel(src, p, level), clear: pixelsClearOf(coverage, h, w, reach) };
      levels.set(level, found);
    }
    return found;
  };
  return {
    plan: p,
    params,
    keySource: src,
    startLevel: p.depth,
    seeds: [null],
    initial: () => start,
    levelOptions: (level, [h, w]) => {
      // Any trace of the hole (blurred into neighbours by the pyramid) disqualifies a key.
      const excluded = patchesTouching(at(level).coverage, h, w, params.patchSize, HOLE_TRACE);
      if (countSet(excluded) === excluded.length) {
        throw new GpnnInputError(
          `At scale ${level} every patch touches the hole, so there is nothing to fill it from: paint a smaller hole.`,
        );
      }
      return { excludedKeys: excluded };
    },
    // Away from the hole the answer is the source: put it back after every step. Approximate search does not
    // always find a patch's own copy, and without this the fill rebuilt the whole picture (a dog lost, a volcano's
    // cone moved; docs/algorithms.md, "Inpainting").
    constrain: (level, image) => {
      const { image: known, clear } = at(level);
      const out = createRgbImage(image.height, image.width, Float32Array.from(image.data));
      putBackClear(out.data, known.data, clear);
      return out;
    },
  };
}

function setupCollage(
  task: Extract<GpnnTaskSpec, { kind: 'collage' }>,
  images: GpnnImages,
  shared: GpnnParams,
): GpnnSetup {
  const params = ownAlphaParams(task, shared);
  const extra = images.collage ?? [];
  if (extra.length < 1)
    throw new GpnnInputError('A collage needs at least one more image besides the source: add it in a collage slot.');
  const { atlas, seams } = composeCollage([images.source, ...extra]);
  const p = planGpnn(shapeOf(atlas), shapeOf(atlas), params);
  return {
    plan: p,
    params,
    keySource: atlas,
    startLevel: task.blend === 'seam' ? firstFineLevel(p, params) : p.depth,
    seeds: [null],
    // The atlas itself at the start level: the coarsest, or with 'seam' the first fine one.
    initial: (keyLevel) => keyLevel,
    // Patches straddling a seam are not real patches of any source: never copy them.
    levelOptions: (_level, [h, w]) => ({ excludedKeys: seamKeys(seams, atlas.width, h, w, params.patchSize) }),
  };
}

function setupEdit(task: Extract<GpnnTaskSpec, { kind: 'edit' }>, images: GpnnImages, params: GpnnParams): GpnnSetup {
  const src = images.source;
  const edited = moveRegion(src, task.from, task.to);
  const p = planGpnn(shapeOf(src), shapeOf(src), params);
  if (!Number.isInteger(task.startLevel) || task.startLevel < 0 || task.startLevel > p.depth) {
    throw new GpnnInputError(`The start scale must be from 0 (finest) to ${p.depth} (coarsest).`);
  }
  const start = atLevel(edited, p, task.startLevel);
  const own = ownAlphaParams(task, params);
  const bad = validateGpnnParams(own);
  if (bad) throw new GpnnInputError(bad);
  return { plan: p, params: own, keySource: src, startLevel: task.startLevel, seeds: [null], initial: () => start };
}

/** The setup of one task: its checks, key image, plan, initial guess and per-level options. */
export function setupGpnnTask(task: GpnnTaskSpec, images: GpnnImages, params: GpnnParams): GpnnSetup {
  const bad = validateGpnnParams(params);
  if (bad) throw new GpnnInputError(bad);
  switch (task.kind) {
    case 'sample':
      return setupSample(task, images, params);
    case 'retarget':
      return setupRetarget(task, images, params);
    case 'analogy':
      return setupAnalogy(task, images, params);
    case 'inpaint':
      return setupInpaint(task, images, params);
    case 'collage':
      return setupCollage(task, images, params);
    case 'edit':
      return setupEdit(task, images, params);
  }
}
