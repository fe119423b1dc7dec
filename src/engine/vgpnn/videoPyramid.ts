/**
 * The space-time pyramid of VGPNN (docs/algorithms.md, "VGPNN (space-time
 * patches)"): space and time shrink by separate factors per level, each
 * level is resized directly from the source (the official code's
 * create_spatio_temporal_pyramid, not the still pyramid's compounding blur),
 * and once one dimension reaches its minimum only the other keeps shrinking.
 * Level 0 is the source, level `depth` the coarsest, as in the still
 * pyramid (src/engine/pyramid/pyramidShape.ts).
 */
import { antialiasedResizeSteps, applyResampleSteps } from '../image/resample';
import { createRgbImage } from '../image/rgbImage';
import { createVideo, describeVideoShape, frameLength, frameView, type Video, type VideoShape } from './video';

export interface VideoPyramidParams {
  /** Per-level factor on height and width (< 1). */
  readonly spaceFactor: number;
  /** Per-level factor on the frame count (< 1). */
  readonly timeFactor: number;
  /** Frames of the coarsest level (at least the patch depth). */
  readonly minFrames: number;
  /** Shorter side of the coarsest level, in pixels. */
  readonly minSide: number;
}

/** The official code's defaults: 0.85 per level in space and time, down to 3 frames and 15 px (docs/algorithms.md, "VGPNN (space-time patches)"). */
export const DEFAULT_VIDEO_PYRAMID: VideoPyramidParams = {
  spaceFactor: 0.85,
  timeFactor: 0.85,
  minFrames: 3,
  minSide: 15,
};

/** More levels than this means factors too close to 1 for any useful run. */
const MAX_LEVELS = 80;

export function validateVideoPyramidParams(p: VideoPyramidParams): string | null {
  for (const [f, what] of [
    [p.spaceFactor, 'Space'],
    [p.timeFactor, 'Time'],
  ] as const) {
    if (!Number.isFinite(f) || f < 0.5 || f > 0.95) return `${what} factor must be between 0.5 and 0.95.`;
  }
  if (!Number.isInteger(p.minFrames) || p.minFrames < 1 || p.minFrames > 64)
    return 'Coarsest frame count must be a whole number between 1 and 64.';
  if (!Number.isInteger(p.minSide) || p.minSide < 3 || p.minSide > 512)
    return 'Coarsest side must be a whole number between 3 and 512 px.';
  return null;
}

/**
 * ceil(x), except that a product that is an integer up to float round-off
 * stays that integer (the official get_out_shape's 1e-5 rule), so 0.85² · 400
 * is 289 and not 290.
 */
export function ceilSize(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-5 ? r : Math.ceil(x);
}

/**
 * Every level's [frames, height, width], source first, the shapes of the
 * official get_scales_out_shapes. Level k scales time by timeFactor^k and
 * space by spaceFactor^k (ceil). Where the frame count would fall below
 * minFrames, or the shorter side to minSide or below ("<" for time, "<=" for
 * space, as there), that axis group's scale becomes minimum / previous size ×
 * previous scale, which lands on the minimum (the longer side follows from
 * the previous level's scale, so it can differ by a pixel from minSide ×
 * aspect). The pyramid ends with the first level at both minimums. A level
 * equal to the one before (time rounding to the same count while space is
 * already at its minimum) is skipped: the official code repeats it, which
 * only adds iterations.
 */
export function videoPyramidShapes(source: VideoShape, p: VideoPyramidParams = DEFAULT_VIDEO_PYRAMID): VideoShape[] {
  const problem = validateVideoPyramidParams(p);
  if (problem) throw new RangeError(problem);
  const [T, H, W] = source;
  if (!(T >= 1 && H >= 1 && W >= 1)) throw new RangeError(`Invalid video shape ${describeVideoShape(source)}`);
  if (T < p.minFrames) {
    throw new RangeError(`The video has ${T} frames; the space-time pyramid needs at least ${p.minFrames}.`);
  }
  const short = Math.min(H, W);
  const levels: VideoShape[] = [source];
  // The previous level's scales, time and space; the clamps are relative to them.
  let [tPrev, sPrev] = [1, 1];
  let [lt, lh, lw] = source;
  for (let k = 1; ; k++) {
    if (lt <= p.minFrames && Math.min(lh, lw) <= p.minSide) break;
    if (k > MAX_LEVELS) throw new RangeError(`The space-time pyramid would need more than ${MAX_LEVELS} levels.`);
    let ts = p.timeFactor ** k;
    if (ceilSize(T * ts) < p.minFrames) ts = (p.minFrames / lt) * tPrev;
    let ss = p.spaceFactor ** k;
    // A source already at or below minSide keeps its size (the official code has no level to scale from there).
    if (ceilSize(short * ss) <= p.minSide) ss = Math.min(1, (p.minSide / Math.min(lh, lw)) * sPrev);
    const next: VideoShape = [ceilSize(T * ts), ceilSize(H * ss), ceilSize(W * ss)];
    [tPrev, sPrev] = [ts, ss];
    if (next[0] === lt && next[1] === lh && next[2] === lw) continue;
    levels.push(next);
    [lt, lh, lw] = next;
  }
  return levels;
}

/**
 * The pyramid of an output of another shape (retargeting in time or space):
 * each source level scaled by the output's factors per axis (ceil), level 0
 * exactly the output, and no side below the patch, so every level holds at
 * least one space-time patch. The official code builds the same shapes by
 * resizing the input to the output shape and reusing the source's scales;
 * where that leaves fewer frames than the patch depth it asserts instead.
 */
export function outputPyramidShapes(
  sourceLevels: readonly VideoShape[],
  output: VideoShape,
  patch: VideoShape,
): VideoShape[] {
  const [T, H, W] = sourceLevels[0];
  const [oT, oH, oW] = output;
  return sourceLevels.map(([t, h, w], k) =>
    k === 0
      ? output
      : [
          Math.max(patch[0], ceilSize((t * oT) / T)),
          Math.max(patch[1], ceilSize((h * oH) / H)),
          Math.max(patch[2], ceilSize((w * oW) / W)),
        ],
  );
}

/**
 * Resize a video to [frames, height, width] with the still engine's
 * anti-aliased resize (src/engine/image/resample.ts, skimage's `resize`: a
 * Gaussian of σ = (in/out − 1)/2 before bilinear sampling when shrinking,
 * bare bilinear when growing) per axis. Time is one more separable axis: the
 * (frame, height·width) layout is an image of `frames` rows, so the same
 * resampler runs along it. The axis that shrinks the data most goes first.
 * The official code uses cubic anti-aliased resizing (resize_right) instead.
 */
export function resizeVideo(v: Video, [T, H, W]: VideoShape): Video {
  if (T === v.frames && H === v.height && W === v.width) return createVideo(T, H, W, v.data.slice());
  const spaceFirst = H * W <= v.height * v.width;
  return spaceFirst ? resizeTime(resizeSpace(v, H, W), T) : resizeSpace(resizeTime(v, T), H, W);
}

/**
 * Resize a looping video: space as resizeVideo, time around the loop, so the
 * first frame's neighbour before it is the last (docs/algorithms.md, "Seamless
 * loops"). Frame t of T frames sits at (t + ½)·T₀/T − ½ of the T₀ input
 * frames (the half-pixel centres resizeVideo's bilinear sampling uses),
 * blended linearly between the two around it, wrapping. Only for the
 * coarse-to-fine steps, which never shrink time: a loop shrunk in time here
 * would skip frames without the anti-aliasing resizeVideo gives.
 */
export function resizeLoop(v: Video, [T, H, W]: VideoShape): Video {
  if (T < v.frames) throw new RangeError(`A loop is only grown in time here (${v.frames} → ${T} frames)`);
  const spaced = resizeSpace(v, H, W);
  if (T === v.frames) return spaced === v ? createVideo(T, H, W, v.data.slice()) : spaced;
  const n = frameLength(spaced);
  const out = createVideo(T, H, W);
  for (let t = 0; t < T; t++) {
    const at = ((t + 0.5) * v.frames) / T - 0.5;
    const before = Math.floor(at);
    const f = at - before;
    const a = (((before % v.frames) + v.frames) % v.frames) * n;
    const b = ((before + 1) % v.frames) * n;
    for (let i = 0; i < n; i++) out.data[t * n + i] = (1 - f) * spaced.data[a + i] + f * spaced.data[b + i];
  }
  return out;
}

/** The loop with its first `extra` frames appended again: its patches then span the seam from last to first. */
export function wrapFrames(v: Video, extra: number): Video {
  const n = frameLength(v);
  const out = createVideo(v.frames + extra, v.height, v.width);
  out.data.set(v.data);
  for (let j = 0; j < extra; j++)
    out.data.set(v.data.subarray((j % v.frames) * n, ((j % v.frames) + 1) * n), (v.frames + j) * n);
  return out;
}

function resizeSpace(v: Video, H: number, W: number): Video {
  if (H === v.height && W === v.width) return v;
  const steps = antialiasedResizeSteps(v.height, v.width, H, W);
  const out = createVideo(v.frames, H, W);
  const n = frameLength(out);
  for (let t = 0; t < v.frames; t++) out.data.set(applyResampleSteps(frameView(v, t), steps).data, t * n);
  return out;
}

function resizeTime(v: Video, T: number): Video {
  if (T === v.frames) return v;
  const pixels = v.height * v.width;
  // Only the 'height' pass (frames) changes: the width of this view (all pixels of a frame) stays.
  const steps = antialiasedResizeSteps(v.frames, pixels, T, pixels);
  const img = applyResampleSteps(createRgbImage(v.frames, pixels, v.data), steps);
  return createVideo(T, v.height, v.width, img.data);
}

/** Every level of `videoPyramidShapes`, each resized from the source; level 0 is the source itself (not copied). */
export function buildVideoPyramid(source: Video, shapes: readonly VideoShape[]): Video[] {
  return shapes.map((shape, k) => (k === 0 ? source : resizeVideo(source, shape)));
}
