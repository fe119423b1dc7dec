/**
 * VGPNN's coarse-to-fine loop on the CPU (docs/algorithms.md, "VGPNN
 * (space-time patches)"), the still loop (src/engine/gpnn/synthesize.ts)
 * with space-time patches: noise enters once, at the coarsest level; every
 * level starts from the coarser result resized in space and time and is
 * rebuilt T times from the source's own space-time patches. As in GPNN, the
 * first step's keys are the coarser source level resized to this level (so
 * keys and queries carry the same blur), later steps' keys the level itself,
 * and the values always the level itself.
 *
 * With `search: 'patchmatch'` every step's field starts from the previous
 * step's (the previous level's carried over by upsampleSpaceTimeField), so
 * PatchMatch refines a field instead of starting cold; levels small enough
 * (levelSearch: at most PATCHMATCH_EXACT_LEVEL_PAIRS pairs) run exact, as in
 * the still engine, and their fields warm-start the first PatchMatch level.
 */
import { gaussianSampler, mulberry32 } from '../random/prng';
import { spaceTimePatchMatch, upsampleSpaceTimeField } from './spaceTimePatchMatch';
import { exactSpaceTimeSearch, type SpaceTimeSearchResult } from './spaceTimeSearch';
import { DEFAULT_VGPNN, vgpnnLevelSearch, vgpnnPlan, type VgpnnParams, type VgpnnPlan } from './vgpnnParams';
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
  return refineFrom(prepared, initialNoise(prepared, seed), prepared.plan.depth, seed, callbacks);
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
 * `seed` drives PatchMatch's draws (distinct per level and step).
 */
export async function refineFrom(
  prepared: PreparedVgpnn,
  initial: Video,
  startLevel: number,
  seed: number,
  { signal, onLevel, onStep, pause }: VideoSynthesisCallbacks = {},
): Promise<Video> {
  const { plan, levels, upsampled, params } = prepared;
  if (videoShape(initial).join() !== plan.output[startLevel].join()) {
    throw new RangeError(`The starting video must have level ${startLevel}'s output shape`);
  }
  let guess = initial;
  // The last step's field and the level it belongs to (a warm start for PatchMatch).
  let field: Uint32Array | null = null;
  let fieldLevel = -1;
  for (let k = startLevel; k >= 0; k--) {
    if (k < startLevel) guess = resizeVideo(guess, plan.output[k]);
    const patch = plan.patch[k];
    const search = vgpnnLevelSearch(plan, k, params.search);
    for (let t = 0; t < plan.iterations[k]; t++) {
      signal?.throwIfAborted();
      const keys = t === 0 ? (upsampled[k] ?? levels[k]) : levels[k];
      const common = { patch, alpha: params.alpha, distance: params.distance, pause, signal };
      let initialField: Uint32Array | undefined;
      if (search === 'patchmatch' && field) {
        const at = (level: number) => ({
          query: plan.output[level],
          keys: plan.source[level],
          patch: plan.patch[level],
        });
        initialField = fieldLevel === k ? field : upsampleSpaceTimeField(field, at(fieldLevel), at(k));
      }
      const { nn }: SpaceTimeSearchResult =
        search === 'exact'
          ? await exactSpaceTimeSearch(guess, keys, common)
          : await spaceTimePatchMatch(guess, keys, {
              ...common,
              iterations: params.pmRounds,
              initialField,
              // Distinct, reproducible draws per sample, level and step (the still engine's mix).
              seed: (seed * 7919 + k * 101 + t) >>> 0,
            });
      field = nn;
      fieldLevel = k;
      guess = voteVideo(levels[k], nn, plan.output[k], patch, params.voting, guess);
      signal?.throwIfAborted();
      onStep?.(k, t);
    }
    await onLevel?.(k, guess, plan.depth);
  }
  return guess;
}
