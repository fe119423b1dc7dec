import type { RgbImage } from '../image/rgbImage';
import type { GpnnBackend } from '../gpnn/gpnnBackend';
import { validateGpnnParams, type GpnnParams } from '../gpnn/gpnnParams';
import { GpnnInputError, planGpnn, type GpnnPlan } from '../gpnn/gpnnPlan';
import { noisyStartWith } from '../gpnn/initialGuess';
import { copyCheckLevel, copyCheckLevels, copyRedraw, noiseDrawSeed } from '../gpnn/copyRedraw';
import { sampleLevelOptions } from '../gpnn/gpnnTaskSetup';
import { decideSearch, type SearchHooks } from '../gpnn/resolveSearch';
import { watchSearch } from '../gpnn/searchWatch';
import { REDRAW_SEARCH_SEED_STEP, buildSourcePyramid, releasePyramid, synthesize } from '../gpnn/synthesize';
import { checkFrameCount, checkLoopMode } from './animationLimits';
import type { LoopMode } from './frameOrder';
import { noisePath } from './noisePath';
import { TemporalGuide, type CoherenceWeights } from './temporalGuide';

export type Coherence = 'temporal' | 'independent';

export interface GpnnAnimationSpec {
  readonly frames: number;
  readonly loop: LoopMode;
  readonly seed: number;
  /** 'temporal' starts each frame from the previous one; 'independent' synthesises each from scratch (the flicker baseline). */
  readonly coherence: Coherence;
  /** How far the noise strays from frame 0's, in (0, 1]; see noisePath.ts. */
  readonly motion?: number;
}

export interface GpnnAnimationTuning {
  /** Share of the previous frame's result in each level's start. */
  readonly weights: CoherenceWeights;
  /** Share of frame 0's result at the end of a loop (scaled by how close the end is). */
  readonly closureWeights: CoherenceWeights;
  /** Loop mode: share of the frames, at the end, whose guide turns towards frame 0. */
  readonly closureSpan: number;
}

/**
 * Chosen on the CPU backend (the valley example at 40 px high, PatchMatch,
 * T = 3, 16–24 frames): 0.5 on the finer levels cut flicker 6–8× against
 * independent frames (≈0.010 vs ≈0.065) while the picture still drifts; 0.3
 * cut it only 3×, 0.7 all but froze it. The coarsest level keeps 0, so the
 * noise alone moves it: the motion comes from there. Without the closure the
 * loop seam was 3–6× an ordinary step; 0.8 over the last quarter makes it no larger.
 */
export const DEFAULT_TUNING: GpnnAnimationTuning = {
  weights: (level, depth) => (level === depth ? 0 : 0.5),
  closureWeights: (level, depth) => (level === depth ? 0 : 0.8),
  closureSpan: 0.25,
};

export interface GpnnAnimationCallbacks extends SearchHooks {
  readonly signal?: AbortSignal;
  /** Before any work. */
  readonly onPlan?: (plan: GpnnPlan) => void;
  /** After every search-and-fold step of a frame. */
  readonly onStep?: (frame: number, level: number, iteration: number) => void;
  /** Each finished frame, in order; awaited, so the caller can stream it and pause. Frames are not kept: keep them here if needed. */
  readonly onFrame?: (frame: number, image: RgbImage) => void | Promise<void>;
}

export function validateGpnnAnimation(
  source: { height: number; width: number },
  params: GpnnParams,
  spec: GpnnAnimationSpec,
): string | null {
  const bad = validateGpnnParams(params) ?? checkFrameCount(spec.frames) ?? checkLoopMode(spec.loop);
  if (bad) return bad;
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff)
    return 'The seed must be a whole number from 0 to 4294967295.';
  if (spec.coherence !== 'temporal' && spec.coherence !== 'independent')
    return `Coherence must be temporal or independent (got ${String(spec.coherence)}).`;
  if (spec.motion !== undefined && !(spec.motion > 0 && spec.motion <= 1))
    return `Motion must be above 0 and at most 1 (got ${spec.motion}).`;
  try {
    planGpnn([source.height, source.width], [source.height, source.width], params);
  } catch (err) {
    if (err instanceof GpnnInputError || err instanceof RangeError) return err.message;
    throw err;
  }
  return null;
}

/**
 * A GPNN animation (docs/algorithms.md, "GPNN animation"): the coarsest level's noise
 * moves along a smooth path (noisePath.ts), and each frame is a GPNN sample
 * from it, synthesised coarse-to-fine from one shared source pyramid.
 *
 * GPNN's patch choices are discrete: a small change of the noise can flip a
 * region to other source patches, which reads as flicker. With 'temporal'
 * coherence every finer level of a frame starts from its own coarser level
 * upsampled, mixed with the previous frame's result at that level, so the
 * search finds the patches it used before wherever the structure allows. The
 * coarsest level follows the noise alone: that is where the motion comes
 * from. A loop's last frames are also pulled towards frame 0, which comes
 * next on playback, so the seam is one more small step.
 *
 * Deterministic for a seed: the noise, the search's random draws (the same
 * seed every frame, so they are not a source of flicker) and the order of
 * work. Frame 0 is the GPNN sample of the same seed. Frames go to onFrame
 * only, so a long animation is never held here in float.
 */
export async function animateGpnn<Img>(
  backend: GpnnBackend<Img>,
  source: RgbImage,
  params: GpnnParams,
  spec: GpnnAnimationSpec,
  cb: GpnnAnimationCallbacks = {},
  tuning: GpnnAnimationTuning = DEFAULT_TUNING,
): Promise<void> {
  const bad = validateGpnnAnimation(source, params, spec);
  if (bad) throw new GpnnInputError(bad);
  const plan = planGpnn([source.height, source.width], [source.height, source.width], params);
  const temporal = spec.coherence === 'temporal';
  const closing = temporal && spec.loop === 'loop' ? Math.max(1, Math.ceil(spec.frames * tuning.closureSpan)) : 0;
  // 0 until the last `closing` frames, then rising towards 1 (never reaching it: the last frame is not frame 0).
  const closureAt = (t: number) => Math.max(0, t - (spec.frames - closing) + 1) / (closing + 1);
  cb.onPlan?.(plan);
  // Every frame is a whole sample: the search is decided for all of them at once.
  const decided = await decideSearch(backend, plan, params, plan.depth, spec.frames, 1, cb);
  const resolved = decided.params;
  // As for stills: an automatic exact search far over its estimate hands the remaining frames to PatchMatch.
  const watch = watchSearch(decided, plan, spec.frames, cb);
  cb.signal?.throwIfAborted();

  const [ch, cw] = plan.output[plan.depth];
  let noise = noisePath(ch, cw, spec.frames, spec.loop, spec.seed, spec.motion);
  // Frame 0 is the sample of the same seed, redrawn as the sample is if its first draw came back as the source;
  // the path then starts from the accepted draw, and every frame uses that draw's search seed.
  let searchSeed = spec.seed;
  const guide = temporal ? new TemporalGuide(plan.depth + 1, tuning.weights, tuning.closureWeights) : null;
  const keyHandle = backend.upload(source);
  const pyramid = buildSourcePyramid(backend, keyHandle, plan);
  try {
    const coarsest = await backend.download(pyramid.levels[plan.depth]);
    const checked =
      params.sigma > 0 ? await copyCheckLevels(backend, pyramid.levels, copyCheckLevel(plan, params)) : null;
    for (let frame = 0; frame < spec.frames; frame++) {
      guide?.beginFrame(closureAt(frame));
      const noisy = noisyStartWith(coarsest, noise.at(frame), params.sigma);
      const image = await synthesize(
        backend,
        pyramid,
        plan,
        resolved,
        {
          initial: guide ? guide.coarsestStart(plan.depth, noisy) : noisy,
          startLevel: plan.depth,
          seed: searchSeed,
          levelStart: guide ? (level, coarser) => guide.levelStart(level, coarser) : undefined,
          // Frame 0 is the sample of the same seed, so the frames run the samples' completeness schedule.
          levelOptions: sampleLevelOptions(params),
          redraw: frame === 0 && checked ? copyRedraw(plan, params, checked, spec.seed) : undefined,
          search: watch,
        },
        {
          signal: cb.signal,
          onRedraw: (attempt) => {
            noise = noisePath(ch, cw, spec.frames, spec.loop, noiseDrawSeed(spec.seed, attempt), spec.motion);
            searchSeed = spec.seed + attempt * REDRAW_SEARCH_SEED_STEP;
          },
          onScale: (level, img) => guide?.record(level, img),
          onStep: (level, t) => cb.onStep?.(frame, level, t),
        },
      );
      guide?.endFrame(frame === 0);
      await cb.onFrame?.(frame, image);
    }
  } finally {
    releasePyramid(backend, pyramid);
    backend.release(keyHandle);
    // Let the backend free what it deferred; a failure here must not hide the run's own error.
    await backend.settle().catch(() => undefined);
  }
}
