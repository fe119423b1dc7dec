import { axialCoreOps, type AxialCore } from '../attention/axialCore';
import { resizeLinear } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';
import { imageToTensor, tensorToImage } from './imageTensors';
import { gaussianStream, noiseChannels, noiseMap, STREAM } from './noise';
import { generatorStep, reconstructionNoise } from './singanChain';
import type { SinganModel } from './singanModel';
import { resizeImageTo, type ScaleShape } from './singanPyramid';
import type { Tf, tfc } from './tfTypes';

type OnScale = (scale: number, image: RgbImage) => void;

function requireScales(model: SinganModel): number {
  if (model.scales.length === 0) throw new RangeError('This SinGAN model has no finished scale yet.');
  return model.scales.length;
}

/**
 * Runs the finished generators from..last on `start` (the output of scale
 * from − 1, or null), streaming each scale when asked. Asynchronous only
 * for the reads, so a worker stays responsive between scales.
 */
async function generate(
  tf: Tf,
  model: SinganModel,
  from: number,
  start: tfc.Tensor4D | null,
  shapes: readonly ScaleShape[],
  noiseAt: (scale: number, shape: ScaleShape) => Float32Array | null,
  core: AxialCore,
  onScale?: OnScale,
): Promise<RgbImage> {
  const last = model.scales.length - 1;
  let cur = start;
  try {
    for (let s = from; s <= last; s++) {
      const next = generatorStep(tf, model, s, cur, shapes[s], noiseAt(s, shapes[s]), core);
      if (cur && cur !== start) cur.dispose();
      cur = next;
      if (onScale) onScale(s, await tensorToImage(tf, cur));
    }
    if (!cur) throw new RangeError('Nothing to generate.');
    return await tensorToImage(tf, cur);
  } finally {
    if (cur && cur !== start) cur.dispose();
  }
}

export interface SampleOptions {
  readonly seed: number;
  /** Output height as a factor of the training size: every scale's noise map is scaled (SinGAN's scale_v). */
  readonly scaleHeight?: number;
  /** Output width factor (scale_h). */
  readonly scaleWidth?: number;
  readonly onScale?: OnScale;
  readonly core?: AxialCore;
}

/** A random sample; deterministic per seed. */
export async function sampleSingan(tf: Tf, model: SinganModel, options: SampleOptions): Promise<RgbImage> {
  requireScales(model);
  const sh = options.scaleHeight ?? 1;
  const sw = options.scaleWidth ?? 1;
  if (!(sh > 0 && sw > 0 && Number.isFinite(sh) && Number.isFinite(sw)))
    throw new RangeError(`Invalid size factors ×${sw} wide, ×${sh} tall.`);
  const shapes = model.scaleShapes.map(([h, w]): ScaleShape => [
    Math.max(1, Math.round(h * sh)),
    Math.max(1, Math.round(w * sw)),
  ]);
  const noiseAt = (s: number, [h, w]: ScaleShape) =>
    noiseMap(gaussianStream(options.seed, STREAM.sample, s), h, w, noiseChannels(s));
  return generate(tf, model, 0, null, shapes, noiseAt, options.core ?? axialCoreOps(tf), options.onScale);
}

/** The reconstruction of the training image: z* at the coarsest scale, no noise above. */
export async function reconstructSingan(
  tf: Tf,
  model: SinganModel,
  options: { onScale?: OnScale; core?: AxialCore } = {},
): Promise<RgbImage> {
  requireScales(model);
  return generate(
    tf,
    model,
    0,
    null,
    model.scaleShapes,
    reconstructionNoise(model),
    options.core ?? axialCoreOps(tf),
    options.onScale,
  );
}

export interface SuperResolveOptions {
  readonly factor: 2 | 4;
  /** Default: the reconstruction of the training image at the finest finished scale. */
  readonly input?: RgbImage;
  /** Noise seed of the refinement steps (default 0). */
  readonly seed?: number;
  /** Each step's output, before the final resize. */
  readonly onStep?: (step: number, image: RgbImage) => void;
  readonly core?: AxialCore;
}

/**
 * SinGAN's super-resolution: upsample by 1/scaleFactor and refine with the
 * finest generator (its noise amplitude), repeatedly, until the image is at
 * least factor× the input; then resize to exactly factor×.
 */
export async function superResolve(tf: Tf, model: SinganModel, options: SuperResolveOptions): Promise<RgbImage> {
  const last = requireScales(model) - 1;
  const core = options.core ?? axialCoreOps(tf);
  if (options.factor !== 2 && options.factor !== 4)
    throw new RangeError(`Super-resolution factor must be 2 or 4; got ${String(options.factor)}.`);
  const input = options.input ?? (await reconstructSingan(tf, model, { core }));
  const targetH = input.height * options.factor;
  const targetW = input.width * options.factor;
  const up = 1 / model.scaleFactor;
  if (!(up > 1)) throw new RangeError('This model’s scales do not shrink, so it cannot upsample.');
  let cur = imageToTensor(tf, input);
  try {
    for (let step = 0; cur.shape[1] < targetH || cur.shape[2] < targetW; step++) {
      // imresize's output size, ceil(size·scale) (guarded against 1/x rounding up past an integer),
      // at least one pixel more so a factor near 1 still ends, and capped at the target.
      const grow = (n: number, target: number) => Math.min(target, Math.max(n + 1, Math.ceil(n * up - 1e-9)));
      const h = grow(cur.shape[1], targetH);
      const w = grow(cur.shape[2], targetW);
      const noise = noiseMap(gaussianStream(options.seed ?? 0, STREAM.superRes, step), h, w, 3);
      const next = generatorStep(tf, model, last, cur, [h, w], noise, core);
      cur.dispose();
      cur = next;
      if (options.onStep) options.onStep(step, await tensorToImage(tf, cur));
    }
    const out = await tensorToImage(tf, cur);
    return out.height === targetH && out.width === targetW ? out : resizeLinear(out, targetH, targetW);
  } finally {
    cur.dispose();
  }
}

export interface InjectOptions {
  readonly image: RgbImage;
  /** The scale whose output the image replaces (0 = coarsest); generation continues above it. */
  readonly startScale: number;
  readonly seed: number;
  readonly onScale?: OnScale;
  readonly core?: AxialCore;
}

/**
 * Paint-to-image, editing, harmonisation: the user image, resized to scale
 * startScale, stands in for the generated image there; the finer generators
 * add their noise and detail. (The public code's harmonisation_start_scale
 * n corresponds to startScale = n − 1.) Returns the training size.
 */
export async function injectSingan(tf: Tf, model: SinganModel, options: InjectOptions): Promise<RgbImage> {
  const scales = requireScales(model);
  const { startScale } = options;
  if (!Number.isInteger(startScale) || startScale < 0 || startScale >= scales) {
    throw new RangeError(`Inject at a scale from 0 to ${scales - 1}; got ${startScale}.`);
  }
  const [h, w] = model.scaleShapes[startScale];
  const injected = resizeImageTo(options.image, h, w);
  options.onScale?.(startScale, injected);
  if (startScale === scales - 1) return injected;
  const start = imageToTensor(tf, injected);
  try {
    const noiseAt = (s: number, [sh, sw]: ScaleShape) =>
      noiseMap(gaussianStream(options.seed, STREAM.inject, s), sh, sw, noiseChannels(s));
    return await generate(
      tf,
      model,
      startScale + 1,
      start,
      model.scaleShapes,
      noiseAt,
      options.core ?? axialCoreOps(tf),
      options.onScale,
    );
  } finally {
    start.dispose();
  }
}

export interface AnimateOptions {
  readonly frames: number;
  /** Memory of the walk (the study used 0.95). */
  readonly beta: number;
  /** Scales below it keep the reconstruction's noise; the walk runs from here up. */
  readonly startScale: number;
  readonly seed: number;
  readonly onFrame: (index: number, image: RgbImage) => void;
  /** Awaited between frames (pause / cancel). */
  readonly checkpoint?: () => Promise<void>;
  readonly core?: AxialCore;
}

/**
 * A random walk in noise space (docs/algorithms.md, "SinGAN noise walk"): at every scale from
 * startScale up, z_t = β·z_{t−1} + (1−β)·ε_t, starting from the
 * reconstruction noise (z* at the coarsest scale, zeros above), so frame 0
 * is the reconstruction and the frames drift smoothly away from it. Below
 * startScale the reconstruction noise is kept, fixing the coarse layout.
 * Note that with (1−β)·ε the walk's variance settles at (1−β)/(1+β) of ε's,
 * calmer than sampling noise: motion rather than new samples.
 */
export async function animateSingan(tf: Tf, model: SinganModel, options: AnimateOptions): Promise<void> {
  const scales = requireScales(model);
  const { frames, beta, startScale } = options;
  if (!Number.isInteger(frames) || frames < 1)
    throw new RangeError(`Frames must be a whole number ≥ 1; got ${frames}.`);
  if (!(beta >= 0 && beta <= 1)) throw new RangeError(`Beta must be between 0 and 1; got ${beta}.`);
  if (!Number.isInteger(startScale) || startScale < 0 || startScale >= scales) {
    throw new RangeError(`Start the walk at a scale from 0 to ${scales - 1}; got ${startScale}.`);
  }
  const core = options.core ?? axialCoreOps(tf);
  const rec = reconstructionNoise(model);
  const walks: (Float32Array | null)[] = [];
  const streams: (() => number)[] = [];
  for (let s = 0; s < scales; s++) {
    if (s < startScale) continue;
    const [h, w] = model.scaleShapes[s];
    walks[s] = rec(s)?.slice() ?? new Float32Array(h * w * 3);
    streams[s] = gaussianStream(options.seed, STREAM.animate, s);
  }
  for (let f = 0; f < frames; f++) {
    await options.checkpoint?.();
    if (f > 0) {
      for (let s = startScale; s < scales; s++) {
        const [h, w] = model.scaleShapes[s];
        const eps = noiseMap(streams[s], h, w, noiseChannels(s));
        const z = walks[s]!;
        for (let i = 0; i < z.length; i++) z[i] = beta * z[i] + (1 - beta) * eps[i];
      }
    }
    const noiseAt = (s: number) => (s < startScale ? rec(s) : walks[s]!);
    options.onFrame(f, await generate(tf, model, 0, null, model.scaleShapes, noiseAt, core));
  }
}
