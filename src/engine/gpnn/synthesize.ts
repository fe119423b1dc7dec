import type { RgbImage } from '../image/rgbImage';
import type { Shape } from '../pyramid/pyramidShape';
import type { GpnnBackend, NearestFoldOptions } from './gpnnBackend';
import type { GpnnPlan } from './gpnnPlan';
import { levelVote } from './gpnnParams';
import type { ResolvedGpnnParams } from './resolveSearch';
import { levelSearch, type ResolvedSearch } from './searchChoice';

/** Each noise redraw of a sample also moves its search's random draws by this much. */
export const REDRAW_SEARCH_SEED_STEP = 0x632be5;

/** The source pyramid, built once and shared by every sample of a job. */
export interface SourcePyramid<Img> {
  readonly levels: readonly Img[];
  /** levels[k+1] upsampled to level k's size: the keys of the first iteration at level k. */
  readonly upsampled: readonly (Img | null)[];
}

/** Each level from the one before, as the plan says (the reference code's compounding blur). */
export function buildSourcePyramid<Img>(backend: GpnnBackend<Img>, source: Img, plan: GpnnPlan): SourcePyramid<Img> {
  const levels: Img[] = [source];
  for (let k = 1; k <= plan.depth; k++) levels.push(backend.resample(levels[k - 1], plan.sourceSteps[k]));
  const upsampled = levels.map((_, k) => (k < plan.depth ? backend.resize(levels[k + 1], ...plan.source[k]) : null));
  return { levels, upsampled };
}

export function releasePyramid<Img>(backend: GpnnBackend<Img>, p: SourcePyramid<Img>): void {
  // Level 0 is the caller's source handle; it owns it.
  p.levels.slice(1).forEach((img) => backend.release(img));
  p.upsampled.forEach((img) => img && backend.release(img));
}

export interface SynthesisCallbacks {
  readonly signal?: AbortSignal;
  /** Each finished scale, coarsest first; awaited so the caller can stream it. */
  readonly onScale?: (level: number, image: RgbImage) => void | Promise<void>;
  /** After every search-and-fold step. */
  readonly onStep?: (level: number, iteration: number) => void;
  /** The synthesis restarted from noise draw `attempt` (a random sample came back as the source). */
  readonly onRedraw?: (attempt: number) => void;
}

/** Picks each step's search as the job goes and is told how long each took (SearchWatch, searchWatch.ts). */
export interface StepSearch {
  /** The job's search for the next step; levelSearch still hands the smallest levels to exact search. */
  readonly nn: ResolvedSearch;
  stepDone(level: number, ran: ResolvedSearch, ms: number): void;
  readonly now: () => number;
}

export interface SynthesisOptions {
  /** The initial guess at `startLevel` (output shape of that level). */
  readonly initial: RgbImage;
  /** Level the synthesis starts at; the plan's depth (coarsest) unless editing from a finer scale. */
  readonly startLevel: number;
  /** Seeds the approximate search's random draws (the output's seed, or 0). */
  readonly seed: number;
  /** Per-level NN options beyond the shared parameters (masks vary with the level's size). */
  readonly levelOptions?: (level: number, keysShape: Shape) => Partial<NearestFoldOptions>;
  /**
   * The starting guess of a level below startLevel, from the coarser level's
   * finished result (on the CPU, as streamed); null or absent = that result
   * upsampled on the backend. Animations use it to start from the previous frame.
   */
  readonly levelStart?: (level: number, coarser: RgbImage) => RgbImage | null;
  /** Times the steps and may change the search between them; absent, params.nn throughout. */
  readonly search?: StepSearch;
  /**
   * Applied after every search-and-vote step: pixels the output must hold
   * whatever the search found (a retarget's kept objects, keepPlacement.ts);
   * null leaves the step's result as it is.
   */
  readonly constrain?: (level: number, image: RgbImage) => RgbImage | null;
  /**
   * Random samples: the coarse levels down to `checkDownTo`, and the finest
   * level, are checked as they finish; `reject` gives a draw it refuses (the
   * source again, an incoherent layout) a score, and the synthesis restarts
   * from the next draw, `next(draw)`. When `next` has no more draws, the
   * rejected draw with the highest score is run again unchecked. The coarse
   * checked levels are streamed only once accepted; a draw rejected at the
   * finest level has streamed its other levels, and the next draw's replace them.
   */
  readonly redraw?: {
    readonly checkDownTo: number;
    /** null accepts the draw at this level; a number rejects it, higher being the better fallback. */
    readonly reject: (result: RgbImage, level: number) => number | null;
    readonly next: (draw: number) => RgbImage | null;
  };
}

/**
 * GPNN's coarse-to-fine loop (docs/algorithms.md, "Patch nearest neighbours"). At every level the guess is
 * rebuilt T times from the source's own patches; the first iteration's keys
 * come from the coarser source level upsampled (so keys and queries share
 * their blur), later ones from the level itself; values are always x_k.
 */
export async function synthesize<Img>(
  backend: GpnnBackend<Img>,
  pyramid: SourcePyramid<Img>,
  plan: GpnnPlan,
  params: ResolvedGpnnParams,
  opts: SynthesisOptions,
  { signal, onScale, onStep, onRedraw }: SynthesisCallbacks = {},
): Promise<RgbImage> {
  const { redraw } = opts;
  let guess = backend.upload(opts.initial);
  let result: RgbImage | null = null;
  let draw = 0;
  let checking = redraw !== undefined;
  // Each rejected draw's fallback score (larger is better).
  const rejected: number[] = [];
  try {
    for (;;) {
      const held: [number, RgbImage][] = [];
      let restart: number | null = null;
      for (let k = opts.startLevel; k >= 0; k--) {
        const [oh, ow] = plan.output[k];
        if (k < opts.startLevel) {
          const own = opts.levelStart?.(k, result!) ?? null;
          const up = own ? backend.upload(own) : backend.resize(guess, oh, ow);
          backend.release(guess);
          guess = up;
        }
        const extra = opts.levelOptions?.(k, plan.source[k]) ?? {};
        guess = await refineLevel(
          backend,
          pyramid,
          params,
          guess,
          k,
          { ...extra, seed: opts.seed + draw * REDRAW_SEARCH_SEED_STEP },
          { signal, onStep, search: opts.search, constrain: opts.constrain },
        );
        result = await backend.download(guess);
        signal?.throwIfAborted();
        let holding = false;
        // The coarse levels decide whether a draw is the source again; the finest level is checked too, so a
        // sample that drifted back during the fine levels is redrawn rather than delivered.
        if (redraw && checking && (k >= redraw.checkDownTo || k === 0)) {
          const score = redraw.reject(result, k);
          if (score !== null) {
            rejected[draw] = score;
            const more = redraw.next(draw + 1) !== null;
            const pick = more ? draw + 1 : rejected.indexOf(Math.max(...rejected.filter((v) => v !== undefined)));
            if (!more) checking = false;
            if (pick !== draw) {
              restart = pick;
              break;
            }
          }
          held.push([k, result]);
          holding = true;
          if (checking && k > redraw.checkDownTo && k > 0) continue;
        }
        for (const [level, image] of held.splice(0)) await onScale?.(level, image);
        if (!holding) await onScale?.(k, result);
      }
      if (restart === null) break;
      draw = restart;
      onRedraw?.(draw);
      backend.release(guess);
      guess = backend.upload(draw === 0 ? opts.initial : redraw!.next(draw)!);
    }
    return result!;
  } finally {
    backend.release(guess);
  }
}

/** T search-and-fold steps at one level; consumes `guess` and returns the refined handle. */
async function refineLevel<Img>(
  backend: GpnnBackend<Img>,
  pyramid: SourcePyramid<Img>,
  params: ResolvedGpnnParams,
  guess: Img,
  k: number,
  extra: Partial<NearestFoldOptions> & { seed: number },
  {
    signal,
    onStep,
    search,
    constrain,
  }: Pick<SynthesisCallbacks, 'signal' | 'onStep'> & Pick<SynthesisOptions, 'search' | 'constrain'>,
): Promise<Img> {
  const count = ([h, w]: readonly [number, number]) =>
    Math.max(0, h - params.patchSize + 1) * Math.max(0, w - params.patchSize + 1);
  const queries = count(backend.shape(guess));
  const keyShape = backend.shape(pyramid.levels[k]);
  const keyCount = count(keyShape);
  const vote = levelVote(params, keyShape);
  let previous: ResolvedSearch | null = null;
  for (let t = 0; t < params.iterations; t++) {
    // The search can change between steps (an exact search far over its estimate hands over to PatchMatch).
    const nn = levelSearch(search?.nn ?? params.nn, queries, keyCount);
    const keys = t === 0 && pyramid.upsampled[k] ? pyramid.upsampled[k] : pyramid.levels[k];
    const nnOptions: NearestFoldOptions = {
      patchSize: params.patchSize,
      alpha: params.alpha,
      distance: params.distance,
      nn,
      pmRounds: params.pmRounds,
      vote,
      // PatchMatch starts warm from the previous step's field, which a step of the other search did not leave.
      warmStart: t > 0 && previous === nn,
      ...extra,
      // Distinct, reproducible draws per output, scale and iteration.
      seed: (extra.seed * 7919 + k * 101 + t) >>> 0,
    };
    const t0 = search?.now();
    const next = await backend.nearestFold(guess, keys, pyramid.levels[k], nnOptions);
    backend.release(guess);
    guess = next;
    if (constrain) {
      const fixed = constrain(k, await backend.download(guess));
      if (fixed) {
        backend.release(guess);
        guess = backend.upload(fixed);
      }
    }
    // Wait for the GPU between steps: it keeps the queue short and lets a Cancel land here.
    await backend.settle();
    signal?.throwIfAborted();
    const ms = search ? search.now() - t0! : 0;
    previous = nn;
    onStep?.(k, t);
    // After onStep, so that a listener counts this step at the cost it was planned at, whatever is decided next.
    search?.stepDone(k, nn, ms);
  }
  return guess;
}
