/**
 * The vgpnn-generate job's limits, written once and called from the
 * registry's validate (so the page's disabled button, the worker's refusal
 * and the CLI's exit-2 message say the same words) and from the runner, which
 * needs the same shapes. The engine's own checks (vgpnnPlan, the pyramid)
 * come on top, in the engine's words.
 */
import { checkFps, checkLoopMode } from '../../engine/animation/animationLimits';
import { DEFAULT_WORKING_SIDE } from '../../engine/image/imageLimits';
import { MASK_REMOVE } from '../../engine/gpnn/gpnnTask';
import { PLAIN_NN_ALPHA } from '../../engine/patches/nearestPatches';
import {
  DEFAULT_VGPNN,
  exactSearchPairs,
  LOOP_MIN_PATCH_DEPTHS,
  validateVgpnnParams,
  vgpnnPlan,
  type VgpnnParams,
  type VgpnnPlan,
  type VgpnnSearch,
} from '../../engine/vgpnn/vgpnnParams';
import type { VideoShape } from '../../engine/vgpnn/video';
import { checkVideoHole, inpaintPlan } from '../../engine/vgpnn/inpaintVideo';
import type { VgpnnGenerateJob, VgpnnInpaintJob } from './jobs';

/** Output over source, per axis: the official code's retargeting range and then some (its default is half the frames). */
export const VGPNN_SCALE = { min: 0.5, max: 2 } as const;
/**
 * The longer side the source is shrunk to (the exact search's cost grows with
 * its fourth power, PatchMatch's with its square). Up to the page's default
 * working side (DEFAULT_WORKING_SIDE), so a GIF is worked on at its own size:
 * 8 frames of 246×139 take about 40 s on one CPU core, 13 of 256×144 50–110 s
 * (docs/algorithms.md, "Video benchmark").
 */
export const VGPNN_MAX_SIDE = { min: 8, max: DEFAULT_WORKING_SIDE } as const;
export const VGPNN_SAMPLES = { min: 1, max: 8 } as const;
/** The patch is 3 frames deep: fewer frames cannot hold one. */
export const VGPNN_MIN_FRAMES = 3;
/**
 * The exact search compares every output patch with every source patch at
 * every step: up to this many patch pairs per sample (summed over levels and
 * steps) a job runs it, the reference; above, space-time PatchMatch
 * (docs/algorithms.md, "VGPNN"). One CPU core compares 2.5–6·10⁷ pairs a
 * second (6 frames of 32×32, 3.6·10⁸ pairs: 6 s; 8 frames of 48×48,
 * 2.9·10⁹: 115 s), so exact search is kept to about half a minute per
 * sample: 12 frames of 32×32 run exact, 16 run PatchMatch, and 8 frames of
 * 139×246, which exact search would take 5 hours over, take about 40 s.
 */
export const VGPNN_EXACT_PAIRS = 1.5e9;

/** The source's frame size once shrunk to fit maxSide (never enlarged). */
export function vgpnnSourceSize(height: number, width: number, maxSide: number): { height: number; width: number } {
  const f = Math.min(1, maxSide / Math.max(height, width));
  return { height: Math.max(1, Math.round(height * f)), width: Math.max(1, Math.round(width * f)) };
}

/** The frames a sample may have on a source of `frames` frames: VGPNN_SCALE times them, rounded inwards (at least a patch deep). */
export function vgpnnFrameRange(frames: number): { min: number; max: number } {
  return {
    min: Math.max(VGPNN_MIN_FRAMES, Math.ceil(frames * VGPNN_SCALE.min)),
    max: Math.floor(frames * VGPNN_SCALE.max),
  };
}

/** The source and output video shapes of a job on a source of `frames` frames of height×width (the working size). */
export function vgpnnShapes(
  job: Pick<VgpnnGenerateJob, 'maxSide' | 'scale' | 'frames'>,
  frames: number,
  height: number,
  width: number,
): { source: VideoShape; output: VideoShape } {
  const s = vgpnnSourceSize(height, width, job.maxSide);
  const source: VideoShape = [frames, s.height, s.width];
  const output: VideoShape = [
    job.frames,
    Math.round(s.height * job.scale.height),
    Math.round(s.width * job.scale.width),
  ];
  return { source, output };
}

/** The engine's parameters a job runs with: the official defaults with the job's sigma, voting and alpha. */
export function vgpnnParamsOf(job: Pick<VgpnnGenerateJob, 'sigma' | 'voting' | 'alpha' | 'seamless'>): VgpnnParams {
  return { ...DEFAULT_VGPNN, sigma: job.sigma, voting: job.voting, alpha: job.alpha, loop: job.seamless === true };
}

/**
 * The patch pairs the exact search would evaluate for one sample: with
 * completeness (alpha below PLAIN_NN_ALPHA, as inpainting runs) it makes two
 * passes over them.
 */
export function vgpnnExactPairs(plan: VgpnnPlan, alpha: number = PLAIN_NN_ALPHA): number {
  return (alpha < PLAIN_NN_ALPHA ? 2 : 1) * exactSearchPairs(plan);
}

/** The search a job runs: exact up to VGPNN_EXACT_PAIRS pair evaluations per sample (vgpnnExactPairs), PatchMatch above. */
export function vgpnnSearchOf(plan: VgpnnPlan, alpha: number = PLAIN_NN_ALPHA): VgpnnSearch {
  return vgpnnExactPairs(plan, alpha) <= VGPNN_EXACT_PAIRS ? 'exact' : 'patchmatch';
}

function planOf(source: VideoShape, output: VideoShape, params: VgpnnParams): VgpnnPlan | string {
  try {
    return vgpnnPlan(source, output, params);
  } catch (err) {
    if (err instanceof RangeError) return err.message;
    throw err;
  }
}

const inRange = (v: number, r: { min: number; max: number }) => Number.isFinite(v) && v >= r.min && v <= r.max;
const whole = (v: number, r: { min: number; max: number }) => Number.isInteger(v) && inRange(v, r);

/**
 * Why a vgpnn-generate job cannot run on a source of `frames` frames of
 * height×width (the working size), in the user's words; null when it can.
 */
export function checkVgpnnJob(job: VgpnnGenerateJob, frames: number, height: number, width: number): string | null {
  const common = checkSourceAndSamples(job, frames);
  if (common) return common;
  const range = vgpnnFrameRange(frames);
  if (!whole(job.frames, range))
    return `Frames must be a whole number from ${range.min} to ${range.max} (${VGPNN_SCALE.min}× to ${VGPNN_SCALE.max}× the source's ${frames}); got ${job.frames}.`;
  for (const [axis, v] of [
    ['Height', job.scale.height],
    ['Width', job.scale.width],
  ] as const) {
    if (!inRange(v, VGPNN_SCALE))
      return `${axis} factor must be from ${VGPNN_SCALE.min}× to ${VGPNN_SCALE.max}× the source's; got ${v}.`;
  }
  const bad = checkFps(job.fps) ?? checkLoopMode(job.loop);
  if (bad) return bad;
  if (job.seamless !== undefined && typeof job.seamless !== 'boolean') return 'Seamless must be true or false.';
  if (job.seamless && job.loop === 'pingpong')
    return 'A seamless loop plays forwards, last frame into the first; ping-pong playback needs no seam. Pick one.';
  if (job.seamless && frames < VGPNN_LOOP_MIN_FRAMES)
    return `A seamless loop needs a GIF of at least ${VGPNN_LOOP_MIN_FRAMES} frames (two patch depths; fewer can only loop by standing still); this one has ${frames}. Untick Seamless loop to make plain variations.`;
  const params = vgpnnParamsOf(job);
  const paramProblem = validateVgpnnParams(params);
  if (paramProblem) return paramProblem;
  const { source, output } = vgpnnShapes(job, frames, height, width);
  const plan = planOf(source, output, params);
  if (typeof plan === 'string') return plan;
  return null;
}

/** What every VGPNN job checks first: an animated source, the seeds, the max side. */
function checkSourceAndSamples(job: Pick<VgpnnGenerateJob, 'seeds' | 'maxSide'>, frames: number): string | null {
  if (frames < 2)
    return 'VGPNN remakes motion from space-time patches: load an animated GIF (or animated WebP/APNG). This image is a still; use the still engines (GPNN, SinGAN) for it.';
  if (frames < VGPNN_MIN_FRAMES)
    return `This GIF has ${frames} frames; the space-time patches are ${DEFAULT_VGPNN.patch[0]} frames deep, so it needs at least ${VGPNN_MIN_FRAMES}.`;
  if (!whole(job.seeds.length, VGPNN_SAMPLES))
    return `Samples must be a whole number from ${VGPNN_SAMPLES.min} to ${VGPNN_SAMPLES.max}.`;
  if (!job.seeds.every((s) => Number.isInteger(s) && s >= 0)) return 'Seeds must be whole numbers, 0 or more.';
  if (!whole(job.maxSide, VGPNN_MAX_SIDE))
    return `Max side must be a whole number of pixels from ${VGPNN_MAX_SIDE.min} to ${VGPNN_MAX_SIDE.max}.`;
  return null;
}

/**
 * The painted hole (labels, and the rough colour if any) at the size the
 * frames are worked on, nearest neighbour from the working frame's
 * height×width (the size the page paints at).
 */
export function vgpnnHoleAt(
  job: Pick<VgpnnInpaintJob, 'labels' | 'colour'>,
  height: number,
  width: number,
  to: { readonly height: number; readonly width: number },
): { labels: Uint8Array; colour?: Uint8ClampedArray } {
  if (to.height === height && to.width === width) return { labels: job.labels, colour: job.colour };
  const labels = new Uint8Array(to.height * to.width);
  const colour = job.colour && new Uint8ClampedArray(to.height * to.width * 4);
  for (let y = 0; y < to.height; y++) {
    const sy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / to.height));
    for (let x = 0; x < to.width; x++) {
      const sx = Math.min(width - 1, Math.floor(((x + 0.5) * width) / to.width));
      const from = sy * width + sx;
      labels[y * to.width + x] = job.labels[from];
      colour?.set(job.colour!.subarray(from * 4, from * 4 + 4), (y * to.width + x) * 4);
    }
  }
  return { labels, colour };
}

/** The engine's parameters an inpainting job runs with (before its hole sets alpha and the coarsest side). */
export function vgpnnInpaintParamsOf(job: Pick<VgpnnInpaintJob, 'sigma' | 'voting'>): VgpnnParams {
  return { ...DEFAULT_VGPNN, sigma: job.sigma, voting: job.voting };
}

/**
 * Why a vgpnn-inpaint job cannot run on a source of `frames` frames of
 * height×width (the working size, which the hole is painted at), in the
 * user's words; null when it can.
 */
export function checkVgpnnInpaintJob(
  job: VgpnnInpaintJob,
  frames: number,
  height: number,
  width: number,
): string | null {
  const common = checkSourceAndSamples(job, frames);
  if (common) return common;
  if (job.frames !== frames)
    return `The job is for a GIF of ${job.frames} frames; this one has ${frames}. Run it again on this GIF.`;
  // The page sends no labels until something is painted.
  if (!(job.labels instanceof Uint8Array) || job.labels.length === 0) return 'Paint the hole to fill first.';
  if (job.colour !== undefined && !(job.colour instanceof Uint8ClampedArray))
    return 'The hole colour does not match the frame size; paint it again.';
  const painted = checkVideoHole(job, height, width);
  if (painted) return painted;
  if (!(job.sigma >= 0 && job.sigma <= 100)) return 'Noise sigma must be between 0 and 100.';
  const bad = checkFps(job.fps) ?? checkLoopMode(job.loop);
  if (bad) return bad;
  const params = vgpnnInpaintParamsOf(job);
  const paramProblem = validateVgpnnParams(params);
  if (paramProblem) return paramProblem;
  const s = vgpnnSourceSize(height, width, job.maxSide);
  const shape: VideoShape = [frames, s.height, s.width];
  const hole = vgpnnHoleAt(job, height, width, s);
  if (!hole.labels.some((v) => v === MASK_REMOVE))
    return `At a max side of ${job.maxSide} px the painted hole is smaller than a pixel: paint a larger one or raise Max side.`;
  try {
    inpaintPlan(shape, hole.labels, params);
  } catch (err) {
    if (err instanceof RangeError) return err.message;
    throw err;
  }
  return null;
}

/** The fewest source frames a seamless loop is made from (LOOP_MIN_PATCH_DEPTHS patch depths; synthesizeVideo.ts). */
export const VGPNN_LOOP_MIN_FRAMES = LOOP_MIN_PATCH_DEPTHS * DEFAULT_VGPNN.patch[0];

/** The alpha a job sends when completeness is off. */
export const VGPNN_NO_COMPLETENESS = PLAIN_NN_ALPHA;
