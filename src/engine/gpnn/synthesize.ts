import type { RgbImage } from '../image/rgbImage';
import type { Shape } from '../pyramid/pyramidShape';
import type { GpnnBackend, NearestFoldOptions } from './gpnnBackend';
import type { GpnnParams } from './gpnnParams';
import type { GpnnPlan } from './gpnnPlan';

/** The source pyramid, built once and shared by every sample of a job. */
export interface SourcePyramid<Img> {
  readonly levels: readonly Img[];
  /** levels[k+1] upsampled to level k's size: the keys of the first iteration at level k. */
  readonly upsampled: readonly (Img | null)[];
}

export function buildSourcePyramid<Img>(backend: GpnnBackend<Img>, source: Img, plan: GpnnPlan): SourcePyramid<Img> {
  const levels = plan.source.map(([h, w], k) => (k === 0 ? source : backend.gaussianDownscale(source, h, w)));
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
}

/**
 * GPNN's coarse-to-fine loop (ALGORITHMS.md §1). At every level the guess is
 * rebuilt T times from the source's own patches; the first iteration's keys
 * come from the coarser source level upsampled (so keys and queries share
 * their blur), later ones from the level itself; values are always x_k.
 */
export async function synthesize<Img>(
  backend: GpnnBackend<Img>,
  pyramid: SourcePyramid<Img>,
  plan: GpnnPlan,
  params: GpnnParams,
  opts: SynthesisOptions,
  { signal, onScale, onStep }: SynthesisCallbacks = {},
): Promise<RgbImage> {
  let guess = backend.upload(opts.initial);
  let result: RgbImage | null = null;
  try {
    for (let k = opts.startLevel; k >= 0; k--) {
      const [oh, ow] = plan.output[k];
      if (k < opts.startLevel) {
        const own = opts.levelStart?.(k, result!) ?? null;
        const up = own ? backend.upload(own) : backend.resize(guess, oh, ow);
        backend.release(guess);
        guess = up;
      }
      const extra = opts.levelOptions?.(k, plan.source[k]) ?? {};
      for (let t = 0; t < params.iterations; t++) {
        const keys = t === 0 && pyramid.upsampled[k] ? pyramid.upsampled[k]! : pyramid.levels[k];
        const nnOptions: NearestFoldOptions = {
          patchSize: params.patchSize,
          alpha: params.alpha,
          distance: params.distance,
          nn: params.nn,
          pmRounds: params.pmRounds,
          // Distinct, reproducible draws per output, scale and iteration.
          seed: (opts.seed * 7919 + k * 101 + t) >>> 0,
          warmStart: t > 0,
          ...extra,
        };
        const next = await backend.nearestFold(guess, keys, pyramid.levels[k], nnOptions);
        backend.release(guess);
        guess = next;
        // Wait for the GPU between steps: it keeps the queue short and lets a Cancel land here.
        await backend.settle();
        signal?.throwIfAborted();
        onStep?.(k, t);
      }
      result = await backend.download(guess);
      signal?.throwIfAborted();
      await onScale?.(k, result);
    }
    return result!;
  } finally {
    backend.release(guess);
  }
}
