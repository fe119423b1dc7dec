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
import {
  DEFAULT_VGPNN,
  LOOP_MIN_PATCH_DEPTHS,
  vgpnnLevelSearch,
  vgpnnPlan,
  type VgpnnParams,
  type VgpnnPlan,
} from './vgpnnParams';
import { meanAbsVideoDifference, videoShape, type Video, type VideoShape } from './video';
import { COARSE_COPY_DISTANCE, coarseCheckLevel, MAX_NOISE_DRAWS, noiseDrawSeed } from '../gpnn/copyRedraw';
import { REDRAW_SEARCH_SEED_STEP } from '../gpnn/synthesize';
import { buildVideoPyramid, resizeLoop, resizeVideo, wrapFrames } from './videoPyramid';
import { putBackClear } from '../gpnn/levelMasks';
import { voteVideo } from './voteVideo';

/** The source side of a run, built once and shared by every sample (seed) of a job. */
export interface PreparedVgpnn {
  readonly params: VgpnnParams;
  readonly plan: VgpnnPlan;
  /** Source level k, level 0 the source. */
  readonly levels: readonly Video[];
  /** Source level k+1 resized to level k: the first step's keys at level k (null at the coarsest). */
  readonly upsampled: readonly (Video | null)[];
  /** Per level, per key patch, non-zero: never matched (inpainting's hole, inpaintVideo.ts). */
  readonly excludedKeys?: readonly Uint32Array[];
  /**
   * Per level, per pixel of a frame, non-zero: the source's pixel, kept on
   * every frame after every vote (inpainting's known region, inpaintVideo.ts).
   */
  readonly fixedPixels?: readonly Uint8Array[];
}

export interface VideoSynthesisCallbacks {
  readonly signal?: AbortSignal;
  /** Each finished level, coarsest first; awaited so a runner can stream it. */
  readonly onLevel?: (level: number, video: Video, depth: number) => void | Promise<void>;
  /** After every search-and-vote step. */
  readonly onStep?: (level: number, iteration: number) => void;
  /** Awaited inside long searches (default: none), so a worker stays responsive. */
  readonly pause?: () => Promise<void>;
  /** A sample's noise draw came back as the source (at the checked coarse level or the finest); it restarts from draw `draw`. */
  readonly onRedraw?: (draw: number) => void;
}

/** The last search field and its level, handed from one refineFrom to the next so PatchMatch starts warm. */
export interface FieldCarry {
  field: Uint32Array | null;
  level: number;
}

/**
 * The finest level a sample is checked at for coming back as the source
 * (sampleVgpnn), or -1 where a copy cannot happen: the output has another
 * shape than the source there (a retarget in space or time).
 */
export function videoCopyCheckLevel(prepared: PreparedVgpnn): number {
  const { plan, params } = prepared;
  const k = coarseCheckLevel(
    plan.source.map(([, h, w]) => Math.min(h, w)),
    params.pyramid.minSide,
    plan.depth,
  );
  return plan.output[k].join() === plan.source[k].join() ? k : -1;
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

/**
 * One output from `seed`: the same seed gives the same video, bit for bit.
 * As a still sample's (docs/algorithms.md, "No copies of the source"), a
 * draw that comes back as the source (mean |Δ| under COARSE_COPY_DISTANCE at
 * the checked coarse level, videoCopyCheckLevel, or at the finest) is
 * replaced by the next noise draw of the same seed, up to MAX_NOISE_DRAWS.
 * If every draw comes back, the finished one farthest from the source is
 * kept, else the farthest coarse one is finished. The checked coarse levels
 * are streamed once their draw is accepted; a draw refused at the finest
 * level has streamed its other levels, and the next draw's replace them.
 */
export async function sampleVgpnn(
  prepared: PreparedVgpnn,
  seed: number,
  callbacks: VideoSynthesisCallbacks = {},
): Promise<Video> {
  const { plan, levels } = prepared;
  const check = videoCopyCheckLevel(prepared);
  if (check < 0) return refineFrom(prepared, initialNoise(prepared, seed), plan.depth, seed, callbacks);
  const searchSeed = (draw: number) => (seed + draw * REDRAW_SEARCH_SEED_STEP) >>> 0;
  // From the check level to the finest, streaming the held coarse levels first.
  const finish = async (c: CoarseDraw): Promise<Video> => {
    for (const [k, v] of c.held) await callbacks.onLevel?.(k, v, plan.depth);
    if (check === 0) return c.coarse;
    const from = growOutput(prepared, c.coarse, check - 1);
    return refineFrom(prepared, from, check - 1, searchSeed(c.draw), callbacks, 0, c.carry);
  };
  let coarseBest: CoarseDraw | null = null;
  let finishedBest: { distance: number; video: Video } | null = null;
  for (let draw = 0; draw < MAX_NOISE_DRAWS; draw++) {
    if (draw > 0) callbacks.onRedraw?.(draw);
    const held: [number, Video][] = [];
    const carry: FieldCarry = { field: null, level: -1 };
    const noise = initialNoise(prepared, noiseDrawSeed(seed, draw));
    const onLevel = (k: number, v: Video) => void held.push([k, v]);
    const coarse = await refineFrom(
      prepared,
      noise,
      plan.depth,
      searchSeed(draw),
      { ...callbacks, onLevel },
      check,
      carry,
    );
    const c: CoarseDraw = { draw, distance: meanAbsVideoDifference(coarse, levels[check]), coarse, held, carry };
    if (c.distance < COARSE_COPY_DISTANCE) {
      if (!coarseBest || c.distance > coarseBest.distance) coarseBest = c;
      continue;
    }
    const video = await finish(c);
    const distance = meanAbsVideoDifference(video, levels[0]);
    if (distance >= COARSE_COPY_DISTANCE) return video;
    if (!finishedBest || distance > finishedBest.distance) finishedBest = { distance, video };
  }
  return finishedBest?.video ?? finish(coarseBest!);
}

/** A draw run down to the check level: its result, the levels held back from streaming, its search field. */
interface CoarseDraw {
  readonly draw: number;
  readonly distance: number;
  readonly coarse: Video;
  readonly held: readonly [number, Video][];
  readonly carry: FieldCarry;
}

/**
 * Whether level k is made as a loop. Not where the source level has fewer
 * than LOOP_MIN_PATCH_DEPTHS patch depths of frames: a loop of 3-frame
 * patches taken from 3 frames can only be still (each frame is voted from
 * every frame of the one key window, docs/algorithms.md, "Seamless loops"),
 * so the coarsest levels keep their two ends and the loop closes above them.
 */
function loopsAt(prepared: PreparedVgpnn, k: number): boolean {
  const { params, plan } = prepared;
  return params.loop === true && plan.source[k][0] >= LOOP_MIN_PATCH_DEPTHS * plan.patch[k][0];
}

/** An output grown to level k's shape: around the loop where that level is one. */
function growOutput(prepared: PreparedVgpnn, v: Video, k: number): Video {
  const shape = prepared.plan.output[k];
  return loopsAt(prepared, k) ? resizeLoop(v, shape) : resizeVideo(v, shape);
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
 * The loop from `startLevel` down to `endLevel` (default the finest, 0),
 * starting from `initial` (the output shape of startLevel). Abort is checked
 * after every step and level.
 * `seed` drives PatchMatch's draws (distinct per level and step).
 */
export async function refineFrom(
  prepared: PreparedVgpnn,
  initial: Video,
  startLevel: number,
  seed: number,
  { signal, onLevel, onStep, pause }: VideoSynthesisCallbacks = {},
  endLevel = 0,
  carry?: FieldCarry,
): Promise<Video> {
  const { plan, levels, upsampled, params, excludedKeys, fixedPixels } = prepared;
  if (videoShape(initial).join() !== plan.output[startLevel].join()) {
    throw new RangeError(`The starting video must have level ${startLevel}'s output shape`);
  }
  let guess = initial;
  // The last step's field and the level it belongs to (a warm start for PatchMatch).
  let field: Uint32Array | null = carry?.field ?? null;
  let fieldLevel = carry?.level ?? -1;
  for (let k = startLevel; k >= endLevel; k--) {
    if (k < startLevel) guess = growOutput(prepared, guess, k);
    const patch = plan.patch[k];
    const loop = loopsAt(prepared, k);
    // A loop's queries: the output with its first pt − 1 frames again at the end, one query per output frame.
    const queryShape = (level: number): VideoShape => {
      const [T, H, W] = plan.output[level];
      return loopsAt(prepared, level) ? [T + plan.patch[level][0] - 1, H, W] : plan.output[level];
    };
    const search = vgpnnLevelSearch(plan, k, params.search);
    for (let t = 0; t < plan.iterations[k]; t++) {
      signal?.throwIfAborted();
      const keys = t === 0 ? (upsampled[k] ?? levels[k]) : levels[k];
      const common = {
        patch,
        alpha: params.alpha,
        distance: params.distance,
        excludedKeys: excludedKeys?.[k],
        pause,
        signal,
      };
      let initialField: Uint32Array | undefined;
      if (search === 'patchmatch' && field) {
        const at = (level: number) => ({
          query: queryShape(level),
          keys: plan.source[level],
          patch: plan.patch[level],
        });
        initialField = fieldLevel === k ? field : upsampleSpaceTimeField(field, at(fieldLevel), at(k));
      }
      const query = loop ? wrapFrames(guess, patch[0] - 1) : guess;
      const { nn }: SpaceTimeSearchResult =
        search === 'exact'
          ? await exactSpaceTimeSearch(query, keys, common)
          : await spaceTimePatchMatch(query, keys, {
              ...common,
              iterations: params.pmRounds,
              initialField,
              // Distinct, reproducible draws per sample, level and step (the still engine's mix).
              seed: (seed * 7919 + k * 101 + t) >>> 0,
            });
      field = nn;
      fieldLevel = k;
      guess = voteVideo(levels[k], nn, plan.output[k], patch, params.voting, guess, loop);
      if (fixedPixels) putBackClear(guess.data, levels[k].data, fixedPixels[k]);
      signal?.throwIfAborted();
      onStep?.(k, t);
    }
    await onLevel?.(k, guess, plan.depth);
  }
  if (carry) {
    carry.field = field;
    carry.level = fieldLevel;
  }
  return guess;
}
