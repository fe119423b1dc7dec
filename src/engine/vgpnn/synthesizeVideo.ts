/**
 * VGPNN's coarse-to-fine loop on the CPU (docs/algorithms.md, "VGPNN
 * (space-time patches)"), the still loop (src/engine/gpnn/synthesize.ts)
 * with space-time patches: noise enters once, at the coarsest level; every
 * level starts from the coarser result resized in space and time and is
 * rebuilt T times from the source's own space-time patches. As in GPNN, the
 * first step's keys are the coarser source level resized to this level (so
 * keys and queries carry the same blur), later steps' keys the level itself,
 * and the values always the level itself.
 */
import { gaussianSampler, mulberry32 } from '../random/prng';
import { exactSpaceTimeSearch } from './spaceTimeSearch';
import { DEFAULT_VGPNN, vgpnnPlan, type VgpnnParams, type VgpnnPlan } from './vgpnnParams';
import { videoShape, type Video, type VideoShape } from './video';
import { buildVideoPyramid, resizeVideo } from './videoPyramid';
import { voteVideo } from './voteVideo';

/** The source side of a run, built once and shared by every sample (seed) of a job. */
export interface PreparedVgpnn {
  readonly params: VgpnnParams;
  readonly plan: VgpnnPlan;
  /** Source level k, level 0 the source. */
  readonly levels: readonly Video[];
  /** Source level k+1 resized to level k: the first step's keys at level k (null at the coarsest). */
  readonly upsampled: readonly (Video | null)[];
}

export interface VideoSynthesisCallbacks {
  readonly signal?: AbortSignal;
  /** Each finished level, coarsest first; awaited so a runner can stream it. */
  readonly onLevel?: (level: number, video: Video, depth: number) => void | Promise<void>;
  /** After every search-and-vote step. */
  readonly onStep?: (level: number, iteration: number) => void;
  /** Awaited inside long searches (default: none), so a worker stays responsive. */
  readonly pause?: () => Promise<void>;
}

/** Pyramid and plan for generating outputs of `output` shape (default: the source's) from `source`. */
export function prepareVgpnn(
  source: Video,
  params: VgpnnParams = DEFAULT_VGPNN,
  output: VideoShape = videoShape(source),
): PreparedVgpnn {
  const plan = vgpnnPlan(videoShape(source), output, params);
  const levels = buildVideoPyramid(source, plan.source);
  const upsampled = levels.map((_, k) => (k < plan.depth ? resizeVideo(levels[k + 1], plan.source[k]) : null));
  return { params, plan, levels, upsampled };
}

/**
 * The starting guess: the coarsest source level at the coarsest output shape
 * plus N(0, sigma²) per voxel and channel, drawn from mulberry32(seed) (the
 * official code's torch.randn_like over all channels; the still engine
 * instead shares one draw across a pixel's channels).
 */
export function initialNoise(prepared: PreparedVgpnn, seed: number): Video {
  const { plan, levels, params } = prepared;
  const start = resizeVideo(levels[plan.depth], plan.output[plan.depth]);
  const normal = gaussianSampler(mulberry32(seed));
  const d = start.data;
  for (let i = 0; i < d.length; i++) d[i] += params.sigma * normal();
  return start;
}

/** One output from `seed`: the same seed gives the same video, bit for bit. */
export async function sampleVgpnn(
  prepared: PreparedVgpnn,
  seed: number,
  callbacks: VideoSynthesisCallbacks = {},
): Promise<Video> {
  return refineFrom(prepared, initialNoise(prepared, seed), prepared.plan.depth, callbacks);
}

/** Source in, one sample out: prepareVgpnn then sampleVgpnn. */
export async function synthesizeVideo(
  source: Video,
  seed: number,
  params: VgpnnParams = DEFAULT_VGPNN,
  output?: VideoShape,
  callbacks: VideoSynthesisCallbacks = {},
): Promise<Video> {
  return sampleVgpnn(prepareVgpnn(source, params, output), seed, callbacks);
}

/**
 * The loop from `startLevel` down to level 0, starting from `initial` (the
 * output shape of startLevel). Abort is checked after every step and level.
 */
export async function refineFrom(
  prepared: PreparedVgpnn,
  initial: Video,
  startLevel: number,
  { signal, onLevel, onStep, pause }: VideoSynthesisCallbacks = {},
): Promise<Video> {
  const { plan, levels, upsampled, params } = prepared;
  if (videoShape(initial).join() !== plan.output[startLevel].join()) {
    throw new RangeError(`The starting video must have level ${startLevel}'s output shape`);
  }
  let guess = initial;
  for (let k = startLevel; k >= 0; k--) {
    if (k < startLevel) guess = resizeVideo(guess, plan.output[k]);
    for (let t = 0; t < plan.iterations[k]; t++) {
      signal?.throwIfAborted();
      const keys = t === 0 ? (upsampled[k] ?? levels[k]) : levels[k];
      const { nn } = await exactSpaceTimeSearch(guess, keys, {
        patch: plan.patch[k],
        alpha: params.alpha,
        distance: params.distance,
        pause,
        signal,
      });
      guess = voteVideo(levels[k], nn, plan.output[k], plan.patch[k], params.voting, guess);
      signal?.throwIfAborted();
      onStep?.(k, t);
    }
    await onLevel?.(k, guess, plan.depth);
  }
  return guess;
}
