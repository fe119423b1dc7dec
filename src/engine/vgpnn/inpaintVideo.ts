/**
 * Conditional inpainting of a video (docs/algorithms.md, "Inpainting a
 * video"): one painted hole, the same region on every frame, filled across
 * all frames from the video's own space-time patches outside it. It is GPNN's
 * inpainting (src/engine/gpnn/gpnnTaskSetup.ts, setupInpaint) with the
 * space-time engine:
 * - alpha is INPAINT_ALPHA (1) and the coarsest level makes the hole about one
 *   patch wide (inpaintCoarseDim), so the coarse levels place what fills it
 *   and the fine levels only detail it; on a small frame, raised until every
 *   level has a patch clear of the hole (inpaintPlan);
 * - the start is the source with the hole filled by the user's rough colour,
 *   else the mean colour around the hole, on every frame, resized to the
 *   coarsest level; the seed's noise (sigma, per voxel and channel) is added
 *   only where the hole covers the coarsest level, so seeds give different
 *   fills and the rest starts as the source;
 * - at every level, every key whose spatial window any trace of the hole
 *   touches (coverage above HOLE_TRACE) is excluded from the search, on every
 *   frame, so the fill comes only from outside the hole;
 * - after every vote, every pixel farther than a patch from the hole is put
 *   back to the source level's (pixelsClearOf): approximate search does not
 *   always find a patch's own copy, and without this PatchMatch moved rocks
 *   half a frame away from a hole (mean |Δ| 0.011 far from it); at the fine
 *   levels the band a patch wide around the hole is rebuilt, so the fill
 *   joins its surroundings, and at the coarse ones only the hole's trace
 *   (putBackReach).
 * So the video comes back as it was except in the hole and that band.
 */
import { MASK_REMOVE, INPAINT_ALPHA } from '../gpnn/gpnnTask';
import { inpaintCoarseDim } from '../gpnn/gpnnTaskSetup';
import { HOLE_TRACE, labelCoverage, pixelsClearOf, putBackReach, windowsTouching } from '../gpnn/levelMasks';
import { composeInpaintStart } from '../gpnn/taskImages';
import { createRgbImage } from '../image/rgbImage';
import { gaussianSampler, mulberry32 } from '../random/prng';
import { spaceTimeGrid } from './spaceTimePatches';
import { prepareVgpnn, refineFrom, type PreparedVgpnn, type VideoSynthesisCallbacks } from './synthesizeVideo';
import { DEFAULT_VGPNN, vgpnnPlan, type VgpnnParams, type VgpnnPlan } from './vgpnnParams';
import { cloneVideo, createVideo, frameLength, videoShape, type Video, type VideoShape } from './video';
import { resizeVideo } from './videoPyramid';

/** The hole as the mask painter makes it, at the video's frame size, the same on every frame. */
export interface VideoHole {
  /** Per pixel, MASK_REMOVE: in the hole. */
  readonly labels: Uint8Array;
  /** Per pixel RGBA; alpha > 0: the user's rough colour for the hole's start. */
  readonly colour?: Uint8ClampedArray;
}

export interface PreparedVgpnnInpaint extends PreparedVgpnn {
  /** The composed source at the coarsest level: the start before the seed's noise. */
  readonly start: Video;
  /** Per pixel of the coarsest level: how much the hole covers it (0…1), where the noise goes. */
  readonly startCoverage: Float32Array;
}

/** Why `hole` cannot be filled in a video of height×width frames, in the user's words; null when it can. */
export function checkVideoHole(hole: VideoHole, height: number, width: number): string | null {
  if (hole.labels.length !== height * width) return 'The hole mask does not match the frame size; paint it again.';
  if (hole.colour && hole.colour.length !== height * width * 4)
    return 'The hole colour does not match the frame size; paint it again.';
  let inHole = 0;
  for (const v of hole.labels) if (v === MASK_REMOVE) inHole++;
  if (inHole === 0) return 'Paint the hole to fill first.';
  if (inHole === hole.labels.length)
    return 'The hole covers the whole frame: there is nothing outside it to fill it from.';
  return null;
}

/**
 * The engine's parameters for filling `hole` in frames of height×width: the
 * caller's, with alpha 1 and the coarsest side that makes the hole about one
 * patch wide (never below the caller's).
 */
export function inpaintParams(params: VgpnnParams, labels: Uint8Array, height: number, width: number): VgpnnParams {
  const coarse = inpaintCoarseDim(labels, height, width, Math.max(params.patch[1], params.patch[2]));
  return {
    ...params,
    alpha: INPAINT_ALPHA,
    loop: false,
    pyramid: { ...params.pyramid, minSide: Math.max(params.pyramid.minSide, coarse) },
  };
}

/** What inpaintPlan settles for a hole: the parameters, the plan, and per level the excluded keys and the hole's coverage. */
export interface InpaintPlan {
  readonly params: VgpnnParams;
  readonly plan: VgpnnPlan;
  readonly excludedKeys: readonly Uint32Array[];
  /** Per level, per pixel of a frame: how much the blurred-down hole covers it (0…1). */
  readonly coverage: readonly Float32Array[];
}

/**
 * The parameters, plan and excluded keys for filling a hole (labels over one
 * frame) in a video of `shape`. The coarsest side starts at inpaintParams'
 * (the hole about a patch wide), but where a small frame's hole, blurred
 * down, would reach every patch of some level, that level has nothing to
 * fill it from: the coarsest side is raised above that level's until every
 * level keeps a key. Throws a RangeError in the user's words when even the
 * frame itself has no patch clear of the hole.
 */
export function inpaintPlan(shape: VideoShape, labels: Uint8Array, params: VgpnnParams = DEFAULT_VGPNN): InpaintPlan {
  const [, H, W] = shape;
  let own = inpaintParams(params, labels, H, W);
  for (;;) {
    const plan = vgpnnPlan(shape, shape, own);
    const excludedKeys: Uint32Array[] = [];
    const coverage: Float32Array[] = [];
    let blocked = -1;
    for (let k = 0; k <= plan.depth && blocked < 0; k++) {
      const [, h, w] = plan.source[k];
      const patch = plan.patch[k];
      const grid = spaceTimeGrid(plan.source[k], patch);
      coverage.push(labelCoverage(labels, H, W, MASK_REMOVE, h, w));
      const touching = windowsTouching(coverage[k], h, w, patch[1], patch[2], HOLE_TRACE);
      if (touching.every((v) => v !== 0)) {
        blocked = k;
        break;
      }
      // The hole is the same on every frame: so is each frame's row of excluded keys.
      const excluded = new Uint32Array(grid.count);
      for (let t = 0; t < grid.gridFrames; t++) excluded.set(touching, t * touching.length);
      excludedKeys.push(excluded);
    }
    if (blocked < 0) return { params: own, plan, excludedKeys, coverage };
    if (blocked === 0) {
      throw new RangeError(
        'Every patch of the frame touches the hole, so there is nothing to fill it from: paint a smaller hole.',
      );
    }
    const [, h, w] = plan.source[blocked];
    own = { ...own, pyramid: { ...own.pyramid, minSide: Math.min(h, w) + 1 } };
  }
}

/**
 * Pyramid, plan, excluded keys and start for filling `hole` in `source`;
 * `planned`: inpaintPlan's result for these params when the caller has it
 * (it chose the search from it). Throws a RangeError in the user's words when the hole cannot be filled (see
 * checkVideoHole), or when no patch of the frame is clear of it (inpaintPlan).
 */
export function prepareVgpnnInpaint(
  source: Video,
  hole: VideoHole,
  params: VgpnnParams = DEFAULT_VGPNN,
  planned?: InpaintPlan,
): PreparedVgpnnInpaint {
  const { height: H, width: W } = source;
  const problem = checkVideoHole(hole, H, W);
  if (problem) throw new RangeError(problem);
  const { params: own, excludedKeys, coverage } = planned ?? inpaintPlan(videoShape(source), hole.labels, params);
  // The plan does not depend on the search, so a plan made before the search was chosen serves.
  const prepared = prepareVgpnn(source, { ...own, search: params.search });
  const { plan } = prepared;
  const composed = createVideo(source.frames, H, W);
  const n = frameLength(source);
  for (let t = 0; t < source.frames; t++) {
    const frame = createRgbImage(H, W, source.data.subarray(t * n, (t + 1) * n));
    composed.data.set(composeInpaintStart(frame, hole.labels, hole.colour).data, t * n);
  }
  const fixedPixels = plan.source.map(([, h, w], k) =>
    pixelsClearOf(
      coverage[k],
      h,
      w,
      putBackReach(Math.min(h, w), own.pyramid.minSide, Math.max(plan.patch[k][1], plan.patch[k][2])),
    ),
  );
  return {
    ...prepared,
    excludedKeys,
    fixedPixels,
    start: resizeVideo(composed, plan.output[plan.depth]),
    // The output has the source's shape at every level, so the coarsest output's coverage is the source's.
    startCoverage: coverage[plan.depth],
  };
}

/**
 * One fill from `seed`: the start plus the seed's noise where the hole covers
 * the coarsest level, rebuilt coarse to fine with the hole's keys excluded.
 * The same seed gives the same video, bit for bit.
 */
export async function inpaintVgpnn(
  prepared: PreparedVgpnnInpaint,
  seed: number,
  callbacks: VideoSynthesisCallbacks = {},
): Promise<Video> {
  const { plan, params, startCoverage } = prepared;
  const start = cloneVideo(prepared.start);
  const normal = gaussianSampler(mulberry32(seed));
  const pixels = start.height * start.width;
  for (let i = 0; i < start.data.length; i++) {
    const cover = startCoverage[Math.floor(i / 3) % pixels];
    // Drawn for every value, used where the hole is, so a pixel's draw does not depend on the hole's shape.
    const z = normal();
    if (cover > 0) start.data[i] += params.sigma * cover * z;
  }
  return refineFrom(prepared, start, plan.depth, seed, callbacks);
}
