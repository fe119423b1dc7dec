import { meanAbsChange } from '../animation/flicker';
import { layoutCorrelation } from '../metrics/layout';
import { applyResampleSteps, resizeAntialiased } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';
import type { Shape } from '../pyramid/pyramidShape';
import type { GpnnBackend, NearestFoldOptions } from './gpnnBackend';
import { DEFAULT_GPNN, sampleLevelAlpha, validateGpnnParams, type GpnnParams } from './gpnnParams';
import { patchIncoherence, patchSelfScale } from './coherence';
import { resolveSearch, type SearchHooks } from './resolveSearch';
import { GpnnInputError, planGpnn, type GpnnPlan } from './gpnnPlan';
import { noisyStart, resizedStart } from './initialGuess';
import { countSet, labelCoverage, patchesCentredIn, patchesTouching } from './levelMasks';
import { buildSourcePyramid, releasePyramid, synthesize, type SynthesisOptions } from './synthesize';
import { composeCollage, composeInpaintStart, moveRegion, seamKeys, type Rect } from './taskImages';

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
/**
 * A keep region relies on completeness: missing patches become the cheap
 * ones only when every key's alpha is small. A smaller alpha on the kept
 * keys alone does the opposite (their scores D/(alpha + min D) stay ≥ 1
 * while the other keys' fall below it), so a retarget with a keep region
 * runs at most at the paper's strong completeness, and its kept keys get
 * KEEP_ALPHA_SCALE on top: once present they are not duplicated
 * (docs/algorithms.md, "Keep and remove masks").
 */
export const KEEP_REGION_ALPHA = DEFAULT_GPNN.alpha;
/** keyAlphaScale for patches in a keep region (see KEEP_REGION_ALPHA). */
export const KEEP_ALPHA_SCALE = 0.05;

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
  /** Structural analogy: the structure image's layout rebuilt from the source's patches. */
  | { readonly kind: 'analogy' }
  /** Conditional inpainting: `labels` == 2 is the hole; `colour` (RGBA, alpha > 0 = painted) is the user's rough fill. */
  | { readonly kind: 'inpaint'; readonly labels: Uint8Array; readonly colour?: Uint8ClampedArray }
  /** Collage: the source and the collage images side by side, made coherent from the union of their patches. */
  | { readonly kind: 'collage' }
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
 * Editing's own completeness. The pasted copy's patches already appear where
 * it came from, so the paper's strong completeness (0.005) spends them there
 * and rebuilds the copy away: the source came back unchanged from every start
 * scale on the gallery's coast. At 1 the copy stays and only its seams are
 * rebuilt, which is what a user who pasted something expects.
 */
export const EDIT_ALPHA = 1;
/**
 * A random sample whose coarse level ends within this mean |Δ| (in [0,1]) of
 * the source's level has snapped back to the source: the identity is a fixed
 * point of GPNN's search. The exact search with strong completeness falls
 * into it from about a third of the noise draws at the 14 px level, and
 * PatchMatch's propagation one level or two later (measured on Places50; the
 * reference code does the same). Such a draw is replaced by the next noise
 * draw of the same seed; the finer levels then follow the new arrangement.
 */
export const COARSE_COPY_DISTANCE = 0.03;
/**
 * A random sample whose layout at the last checked coarse level is made of
 * patches this far (or farther) from the source's, as a fraction of the
 * source's own patch scale (patchSelfScale), is redrawn: its patches are
 * nearly as unlike the source's as the source's distinct patches are unlike
 * each other (sky under a town, a field folded into a smear). Measured on
 * Places50 at full size: the broken seeds scored 0.9 and 1.1, the clean ones
 * 0.26–0.51 (docs/algorithms.md, "Incoherent coarse layouts").
 */
export const INCOHERENT_LAYOUT = 0.75;
/** Levels up to this multiple of coarseDim (shorter side) are checked for copies: all cheap ones. */
const COPY_CHECK_SIDE = 2;
/** Noise draws tried per sample before the one farthest from the source is kept regardless. */
export const MAX_NOISE_DRAWS = 8;
export const MAX_SAMPLES = 64;

/**
 * A random sample that is still the source after every noise draw. Some
 * images have one stable arrangement at the coarsest level: when their
 * structure there is a few bands or blobs that 7×7 patches (a quarter of a
 * 14 px level) pin in place, small noise is averaged away by the fold and
 * every draw folds back into the source. A larger sigma moves it (a photo
 * copied on all 8 draws at sigma 0.4 escaped on the second draw at 0.5–0.75;
 * docs/algorithms.md, "No copies of the source").
 */
export interface CopyOfSource {
  /** Mean |Δ| to the source in [0,1]. */
  readonly meanAbsDiff: number;
  readonly draws: number;
  readonly sigma: number;
}

/**
 * A structural analogy whose output follows the content image's own layout
 * more than the structure image's (layoutCorrelation of the output with
 * each): GPNN's limit on dissimilar pairs, which the reference code shares.
 */
export interface ContentLayout {
  readonly structure: number;
  readonly content: number;
}

/** What an output is not, though it was asked for. */
export type GpnnOutputNote =
  ({ readonly kind: 'copy-of-source' } & CopyOfSource) | ({ readonly kind: 'content-layout' } & ContentLayout);

/** What the page and the CLI say beside such an output. */
export function gpnnOutputWarning(note: GpnnOutputNote): string {
  if (note.kind === 'content-layout') {
    return (
      `This analogy follows the content image's own layout more than the structure's (layout correlation ${note.content.toFixed(2)} ` +
      `with the content, ${note.structure.toFixed(2)} with the structure): GPNN can only rebuild the structure from patches the ` +
      'content has. A larger alpha (e.g. 1) or a larger coarsest side lets the structure lead; a structure image closer in content helps most.'
    );
  }
  return (
    `This sample is the source again (mean |Δ| ${note.meanAbsDiff.toFixed(3)}): none of ${note.draws} noise draws at sigma ${note.sigma} ` +
    `moved this image away from its own layout. Raise the noise sigma (the paper's is ${DEFAULT_GPNN.sigma}, up to 1.5) for new arrangements.`
  );
}

/** Everything a task decides before synthesis; the loop itself is shared. */
interface GpnnSetup {
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
  /**
   * Whole coarse-to-fine passes; each after the first starts from the previous
   * result fitted to the start level (the reference code's analogies run two).
   */
  readonly passes?: number;
  /** Random samples: how a copy of the source at a coarse level is recognised and redrawn. */
  readonly redraw?: {
    /** The finest level checked. */
    readonly checkDownTo: number;
    make(keyLevels: ReadonlyMap<number, RgbImage>, seed: number | null): NonNullable<SynthesisOptions['redraw']>;
  };
}

/** A source-sized image taken down the plan's pyramid to `level`, with the same blur as the source's own level. */
function atLevel(image: RgbImage, plan: GpnnPlan, level: number): RgbImage {
  let img = image;
  for (let k = 1; k <= level; k++) img = applyResampleSteps(img, plan.sourceSteps[k]);
  return img;
}

const shapeOf = (img: RgbImage): Shape => [img.height, img.width];

/** The finest level a random sample is checked at for copies of the source (the cheap, coarse ones). */
export function copyCheckLevel(plan: GpnnPlan, params: GpnnParams): number {
  const k = plan.source.findIndex((shape) => Math.min(...shape) <= COPY_CHECK_SIDE * params.coarseDim);
  return k < 0 ? plan.depth : Math.min(plan.depth, k);
}

/** The source's own levels that copyRedraw compares with (from `from` up, and the finest), downloaded once per job. */
export async function copyCheckLevels<Img>(
  backend: GpnnBackend<Img>,
  levels: readonly Img[],
  from: number,
): Promise<Map<number, RgbImage>> {
  const out = new Map<number, RgbImage>([[0, await backend.download(levels[0])]]);
  for (let k = from; k < levels.length; k++) out.set(k, await backend.download(levels[k]));
  return out;
}

/** The source's own patch scale at a checked level, computed once per level map (a job's, or an animation's). */
const selfScales = new WeakMap<ReadonlyMap<number, RgbImage>, Map<number, number>>();
function selfScaleAt(levels: ReadonlyMap<number, RgbImage>, level: number, p: number): number {
  let byLevel = selfScales.get(levels);
  if (!byLevel) selfScales.set(levels, (byLevel = new Map()));
  let scale = byLevel.get(level);
  if (scale === undefined) byLevel.set(level, (scale = patchSelfScale(levels.get(level)!, p)));
  return scale;
}

/**
 * How a random sample recognises a draw to refuse, and the next noise draw of
 * the same seed. A draw that came back as the source (mean |Δ| to the
 * source's level under COARSE_COPY_DISTANCE at a checked level, or at the
 * finest) is refused; so is one whose layout, at the last checked level,
 * is made of patches the source does not have (INCOHERENT_LAYOUT). After
 * MAX_NOISE_DRAWS the best refused draw is kept: an incoherent one before a
 * copy, the most coherent of those, else the copy that got farthest.
 */
export function copyRedraw(
  plan: GpnnPlan,
  params: GpnnParams,
  levels: ReadonlyMap<number, RgbImage>,
  seed: number,
): NonNullable<SynthesisOptions['redraw']> {
  const checkDownTo = copyCheckLevel(plan, params);
  return {
    checkDownTo,
    reject: (result, level) => {
      const d = meanAbsChange(result, levels.get(level)!);
      if (d < COARSE_COPY_DISTANCE) return d;
      if (level !== checkDownTo || level === 0) return null;
      const ratio =
        patchIncoherence(result, levels.get(level)!, params.patchSize) / selfScaleAt(levels, level, params.patchSize);
      return ratio > INCOHERENT_LAYOUT ? 1 / ratio : null;
    },
    next: (draw) =>
      draw < MAX_NOISE_DRAWS ? noisyStart(levels.get(plan.depth)!, params.sigma, noiseDrawSeed(seed, draw)) : null,
  };
}

/** The seed of a sample's attempt-th noise draw: reproducible from the sample's seed alone. */
export function noiseDrawSeed(seed: number, attempt: number): number {
  return attempt === 0 ? seed : (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + attempt * 0x6d2b79f5) >>> 0;
}

function plan(source: Shape, output: Shape, params: GpnnParams): GpnnPlan {
  return planGpnn(source, output, params);
}

function checkSeeds(seeds: readonly number[]): void {
  if (seeds.length < 1 || seeds.length > MAX_SAMPLES) throw new GpnnInputError(`Ask for 1 to ${MAX_SAMPLES} samples.`);
  if (!seeds.every((s) => Number.isInteger(s) && s >= 0 && s <= 0xffffffff)) {
    throw new GpnnInputError('Seeds must be whole numbers from 0 to 4294967295.');
  }
}

function checkRetargetSize(source: Shape, height: number, width: number): void {
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

function setupSample(
  task: Extract<GpnnTaskSpec, { kind: 'sample' }>,
  images: GpnnImages,
  params: GpnnParams,
): GpnnSetup {
  checkSeeds(task.seeds);
  const p = plan(shapeOf(images.source), shapeOf(images.source), params);
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
        ? { checkDownTo: copyCheckLevel(p, params), make: (levels, seed) => copyRedraw(p, params, levels, seed ?? 0) }
        : undefined,
  };
}

/** A random sample's per-level options: its completeness schedule (samples and the animations whose frame 0 is one). */
export function sampleLevelOptions(
  params: GpnnParams,
): (level: number, keysShape: Shape) => Partial<NearestFoldOptions> {
  return (_level, keysShape) => ({ alpha: sampleLevelAlpha(params, keysShape) });
}

/** What is wrong with a retarget's own settings, as the page and the worker both say it; null if nothing. */
function retargetProblem(task: Extract<GpnnTaskSpec, { kind: 'retarget' }>, params: GpnnParams): string | null {
  const bad = validateGpnnParams(retargetParams(task, params));
  if (bad) return bad;
  // Keeping every patch leaves nothing for the new size to leave out or repeat freely.
  if (task.labels?.length && task.labels.every((v) => v === MASK_KEEP))
    return 'The keep mask covers the whole image: mark only what must stay, and leave the rest free to move.';
  return null;
}

/** The parameters a retarget runs with: its own alpha where it has one, the keep regions' where one is painted. */
function retargetParams(task: Extract<GpnnTaskSpec, { kind: 'retarget' }>, params: GpnnParams): GpnnParams {
  if (task.alpha === undefined) return params;
  const keeps = task.labels?.some((v) => v === MASK_KEEP) ?? false;
  return { ...params, alpha: keeps ? Math.min(task.alpha, KEEP_REGION_ALPHA) : task.alpha };
}

function setupRetarget(
  task: Extract<GpnnTaskSpec, { kind: 'retarget' }>,
  images: GpnnImages,
  shared: GpnnParams,
): GpnnSetup {
  const problem = retargetProblem(task, shared);
  if (problem) throw new GpnnInputError(problem);
  const params = retargetParams(task, shared);
  const src = images.source;
  checkRetargetSize(shapeOf(src), task.height, task.width);
  const labels = task.labels;
  if (labels && labels.length !== src.height * src.width)
    throw new GpnnInputError('The mask does not match the image size; paint it again.');
  const p = plan(shapeOf(src), [task.height, task.width], params);
  const levelOptions = labels
    ? (level: number, [h, w]: Shape): Partial<NearestFoldOptions> => {
        const remove = removableKeys(labels, src, h, w, params.patchSize, level);
        const keep = patchesCentredIn(
          labelCoverage(labels, src.height, src.width, MASK_KEEP, h, w),
          h,
          w,
          params.patchSize,
          0.5,
        );
        const scale = new Float32Array(keep.length).fill(1);
        for (let j = 0; j < keep.length; j++) if (keep[j] && !remove[j]) scale[j] = KEEP_ALPHA_SCALE;
        return { excludedKeys: remove, keyAlphaScale: scale };
      }
    : undefined;
  return {
    plan: p,
    params,
    keySource: src,
    startLevel: p.depth,
    seeds: [null],
    initial: (coarsest) => resizedStart(coarsest, ...p.output[p.depth]),
    levelOptions,
  };
}

/**
 * Keys a remove mask takes out at one level. At coarse levels a small object
 * can touch every patch; there the threshold is raised step by step, and if
 * nothing usable remains the level keeps all keys (the finer levels, where the
 * object is several patches wide, still remove it). Only the finest level must
 * leave something.
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
    const remove = patchesTouching(coverage, h, w, patchSize, threshold);
    if (countSet(remove) < remove.length) return remove;
  }
  if (level === 0)
    throw new GpnnInputError('The remove mask covers every patch of the image: leave some of it unmasked.');
  return new Uint32Array(patchesTouching(coverage, h, w, patchSize, 1).length);
}

function setupAnalogy(images: GpnnImages, params: GpnnParams): GpnnSetup {
  const { source, structure } = images;
  if (!structure)
    throw new GpnnInputError(
      'Structural analogies need a second image (the structure): add one in the Structure slot.',
    );
  const p = plan(shapeOf(source), shapeOf(structure), params);
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
    alpha: 1,
    coarseDim: inpaintCoarseDim(labels, src.height, src.width, userParams.patchSize),
  };
  const p = plan(shapeOf(src), shapeOf(src), params);
  const composed = composeInpaintStart(src, labels, task.colour);
  const start = atLevel(composed, p, p.depth);
  return {
    plan: p,
    params,
    keySource: src,
    startLevel: p.depth,
    seeds: [null],
    initial: () => start,
    levelOptions: (level, [h, w]) => {
      // Any trace of the hole (blurred into neighbours by the pyramid) disqualifies a key.
      const excluded = patchesTouching(
        labelCoverage(labels, src.height, src.width, MASK_REMOVE, h, w),
        h,
        w,
        params.patchSize,
        0.01,
      );
      if (countSet(excluded) === excluded.length) {
        throw new GpnnInputError(
          `At scale ${level} every patch touches the hole, so there is nothing to fill it from: paint a smaller hole.`,
        );
      }
      return { excludedKeys: excluded };
    },
  };
}

function setupCollage(images: GpnnImages, params: GpnnParams): GpnnSetup {
  const extra = images.collage ?? [];
  if (extra.length < 1)
    throw new GpnnInputError('A collage needs at least one more image besides the source: add it in a collage slot.');
  const { atlas, seams } = composeCollage([images.source, ...extra]);
  const p = plan(shapeOf(atlas), shapeOf(atlas), params);
  return {
    plan: p,
    params,
    keySource: atlas,
    startLevel: p.depth,
    seeds: [null],
    initial: (coarsest) => coarsest,
    // Patches straddling a seam are not real patches of any source: never copy them.
    levelOptions: (_level, [h, w]) => ({ excludedKeys: seamKeys(seams, atlas.width, h, w, params.patchSize) }),
  };
}

/** The parameters an edit runs with: its own alpha where it has one. */
function editParams(task: Extract<GpnnTaskSpec, { kind: 'edit' }>, params: GpnnParams): GpnnParams {
  return task.alpha === undefined ? params : { ...params, alpha: task.alpha };
}

function setupEdit(task: Extract<GpnnTaskSpec, { kind: 'edit' }>, images: GpnnImages, params: GpnnParams): GpnnSetup {
  const src = images.source;
  const edited = moveRegion(src, task.from, task.to);
  const p = plan(shapeOf(src), shapeOf(src), params);
  if (!Number.isInteger(task.startLevel) || task.startLevel < 0 || task.startLevel > p.depth) {
    throw new GpnnInputError(`The start scale must be from 0 (finest) to ${p.depth} (coarsest).`);
  }
  const start = atLevel(edited, p, task.startLevel);
  const own = editParams(task, params);
  const bad = validateGpnnParams(own);
  if (bad) throw new GpnnInputError(bad);
  return { plan: p, params: own, keySource: src, startLevel: task.startLevel, seeds: [null], initial: () => start };
}

function setup(task: GpnnTaskSpec, images: GpnnImages, params: GpnnParams): GpnnSetup {
  const bad = validateGpnnParams(params);
  if (bad) throw new GpnnInputError(bad);
  switch (task.kind) {
    case 'sample':
      return setupSample(task, images, params);
    case 'retarget':
      return setupRetarget(task, images, params);
    case 'analogy':
      return setupAnalogy(images, params);
    case 'inpaint':
      return setupInpaint(task, images, params);
    case 'collage':
      return setupCollage(images, params);
    case 'edit':
      return setupEdit(task, images, params);
  }
}

/** What to say beside a finished output, if anything. */
function outputNote(
  task: GpnnTaskSpec,
  images: GpnnImages,
  s: GpnnSetup,
  result: RgbImage,
  checked: ReadonlyMap<number, RgbImage>,
): GpnnOutputNote | undefined {
  if (s.redraw) {
    // The redraw already tried every draw; a sample still this close to the source is delivered, but named for what it is.
    const d = meanAbsChange(result, checked.get(0)!);
    return d < COARSE_COPY_DISTANCE
      ? { kind: 'copy-of-source', meanAbsDiff: d, draws: MAX_NOISE_DRAWS, sigma: s.params.sigma }
      : undefined;
  }
  if (task.kind === 'analogy' && images.structure) {
    const structure = layoutCorrelation(result, images.structure);
    const content = layoutCorrelation(result, images.source);
    return content > structure ? { kind: 'content-layout', structure, content } : undefined;
  }
  return undefined;
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
        plan(shapes.source, shapes.source, params);
        break;
      case 'retarget': {
        const problem = retargetProblem(task, params);
        if (problem) return problem;
        checkRetargetSize(shapes.source, task.height, task.width);
        plan(shapes.source, [task.height, task.width], params);
        break;
      }
      case 'analogy':
        if (!shapes.structure)
          return 'Structural analogies need a second image (the structure): add one in the Structure slot.';
        plan(shapes.source, shapes.structure, params);
        break;
      case 'collage':
        if (!shapes.collage?.length)
          return 'A collage needs at least one more image besides the source: add it in a collage slot.';
        break;
      case 'inpaint':
        if (!task.labels.some((v) => v === MASK_REMOVE)) return 'Paint the hole to fill first.';
        if (task.labels.every((v) => v === MASK_REMOVE))
          return 'The hole covers the whole image: there is nothing outside it to fill it from.';
        plan(shapes.source, shapes.source, params);
        break;
      case 'edit': {
        if (!(task.from.height >= 1 && task.from.width >= 1))
          return 'Select a region on the image, then drag it where it should go.';
        const bad = validateGpnnParams(editParams(task, params));
        if (bad) return bad;
        plan(shapes.source, shapes.source, params);
        break;
      }
    }
    return null;
  } catch (err) {
    if (err instanceof GpnnInputError || err instanceof RangeError) return err.message;
    throw err;
  }
}

export interface GpnnTaskCallbacks extends SearchHooks {
  readonly signal?: AbortSignal;
  /** Before any work; `passes` whole coarse-to-fine runs per output (only the last one's scales are streamed). */
  readonly onPlan?: (plan: GpnnPlan, outputs: number, startLevel: number, keySource: RgbImage, passes: number) => void;
  readonly onScale?: (output: number, level: number, image: RgbImage) => void | Promise<void>;
  /** `note` says what an output is not, though it was asked for (a sample that is the source again, an analogy that kept the content's layout). */
  readonly onOutput?: (
    output: number,
    image: RgbImage,
    seed: number | null,
    note?: GpnnOutputNote,
  ) => void | Promise<void>;
  readonly onStep?: (output: number, level: number, iteration: number) => void;
}

/**
 * Runs one GPNN task on a backend: the task decides the key image, the output
 * pyramid, the initial guess and the per-level masks; then each output is
 * synthesised coarse-to-fine from one shared key pyramid, every scale streamed.
 */
export async function runGpnnTask<Img>(
  backend: GpnnBackend<Img>,
  images: GpnnImages,
  task: GpnnTaskSpec,
  params: GpnnParams,
  cb: GpnnTaskCallbacks = {},
): Promise<RgbImage[]> {
  let s: GpnnSetup;
  try {
    s = setup(task, images, params);
  } catch (err) {
    if (err instanceof RangeError) throw new GpnnInputError(err.message);
    throw err;
  }
  // Masks are resolved per level up front, so a bad mask fails before any GPU work.
  const levelOptions = s.plan.source.map((shape, k) => s.levelOptions?.(k, shape) ?? {});
  const passes = s.passes ?? 1;
  cb.onPlan?.(s.plan, s.seeds.length, s.startLevel, s.keySource, passes);
  const resolved = await resolveSearch(backend, s.plan, s.params, s.startLevel, s.seeds.length, passes, cb);
  cb.signal?.throwIfAborted();
  const keyHandle = backend.upload(s.keySource);
  const pyramid = buildSourcePyramid(backend, keyHandle, s.plan);
  try {
    const keyLevel = await backend.download(pyramid.levels[s.startLevel]);
    // The source's coarse levels, for recognising a sample that came back as the source.
    const checked = s.redraw
      ? await copyCheckLevels(backend, pyramid.levels, s.redraw.checkDownTo)
      : new Map<number, RgbImage>();
    const results: RgbImage[] = [];
    for (let i = 0; i < s.seeds.length; i++) {
      const seed = s.seeds[i];
      let initial = s.initial(keyLevel, seed);
      let result: RgbImage | null = null;
      for (let pass = 0; pass < passes; pass++) {
        if (result) initial = resizeAntialiased(result, ...s.plan.output[s.startLevel]);
        const last = pass === passes - 1;
        result = await synthesize(
          backend,
          pyramid,
          s.plan,
          resolved,
          {
            initial,
            startLevel: s.startLevel,
            seed: ((seed ?? 0) + pass * 0x9e3779b9) >>> 0,
            levelOptions: (k) => levelOptions[k],
            redraw: pass === 0 ? s.redraw?.make(checked, seed) : undefined,
          },
          {
            signal: cb.signal,
            onScale: last ? (level, image) => cb.onScale?.(i, level, image) : undefined,
            onStep: (level, t) => cb.onStep?.(i, level, t),
          },
        );
      }
      if (!result) throw new Error('GPNN ran no pass');
      results.push(result);
      await cb.onOutput?.(i, result, seed, outputNote(task, images, s, result, checked));
    }
    return results;
  } finally {
    releasePyramid(backend, pyramid);
    backend.release(keyHandle);
    // Let the backend free what it deferred; a failure here must not hide the run's own error.
    await backend.settle().catch(() => undefined);
  }
}
