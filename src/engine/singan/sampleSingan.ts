import { axialCoreOps, type AxialCore } from '../attention/axialCore';
import type { RgbImage } from '../image/rgbImage';
import { formatSize } from '../image/formatSize';
import { imageToTensor, tensorToImage } from './imageTensors';
import { gaussianStream, noiseChannels, noiseMap, STREAM } from './noise';
import { generatorStep, reconstructionNoise } from './singanChain';
import type { SinganModel } from './singanModel';
import { resizeImageTo, type ScaleShape } from './singanPyramid';
import { badSuperResFactor, isSuperResFactor, type SuperResFactor } from './singanUseLimits';
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
  readonly factor: SuperResFactor;
  /**
   * The low-resolution image: the training image at the finest finished
   * scale, as the paper upsamples the image it trained on. Default: the
   * model's reconstruction of it (for a model that carries no image).
   */
  readonly input?: RgbImage;
  /** Noise seed of the refinement steps (default 0). */
  readonly seed?: number;
  /** Each step's output. */
  readonly onStep?: (step: number, image: RgbImage) => void;
  readonly core?: AxialCore;
}

/**
 * The steps super-resolution takes (docs/algorithms.md, "Super-resolution"):
 * k = round(ln F / ln(1/r)) steps for the model's scale factor r, at least
 * one, each growing the image by F^(1/k) (the paper's r = s^(1/k)); step j's
 * shape is round(F^(j/k) · size), so the last lands exactly on F× and no
 * resize follows the last generator.
 */
export function superResSteps(
  shape: readonly [number, number],
  factor: number,
  scaleFactor: number,
): [number, number][] {
  if (!(factor > 1) || !Number.isFinite(factor)) throw new RangeError(`Invalid super-resolution factor ${factor}.`);
  if (!(scaleFactor > 0 && scaleFactor < 1))
    throw new RangeError('This model’s scales do not shrink, so it cannot upsample.');
  const k = Math.max(1, Math.round(Math.log(factor) / Math.log(1 / scaleFactor)));
  const [h, w] = shape;
  return Array.from({ length: k }, (_, i) => {
    const grow = i === k - 1 ? factor : Math.pow(factor, (i + 1) / k);
    return [Math.round(h * grow), Math.round(w * grow)];
  });
}

/**
 * SinGAN's super-resolution (docs/algorithms.md, "Super-resolution"): the
 * low-resolution image is upsampled by about 1/r and refined by the finest
 * finished generator with its noise amplitude, k times, until it is F× the
 * input.
 */
export async function superResolve(tf: Tf, model: SinganModel, options: SuperResolveOptions): Promise<RgbImage> {
  const last = requireScales(model) - 1;
  const core = options.core ?? axialCoreOps(tf);
  if (!isSuperResFactor(options.factor)) throw new RangeError(badSuperResFactor(options.factor));
  const input = options.input ?? (await reconstructSingan(tf, model, { core }));
  const steps = superResSteps([input.height, input.width], options.factor, model.scaleFactor);
  let cur = imageToTensor(tf, input);
  try {
    for (const [step, shape] of steps.entries()) {
      const noise = noiseMap(gaussianStream(options.seed ?? 0, STREAM.superRes, step), shape[0], shape[1], 3);
      const next = generatorStep(tf, model, last, cur, shape, noise, core);
      cur.dispose();
      cur = next;
      if (options.onStep) options.onStep(step, await tensorToImage(tf, cur));
    }
    return await tensorToImage(tf, cur);
  } finally {
    cur.dispose();
  }
}

/**
 * The training image as the finest finished scale saw it: resized from the
 * image the model was trained on exactly as the pyramid's real scales are
 * (buildRealPyramid), the low-resolution image super-resolution starts from.
 */
export function trainingImageAtFinest(model: SinganModel, image: RgbImage): RgbImage {
  const [h, w] = model.scaleShapes[requireScales(model) - 1];
  if (image.height !== model.imageShape[0] || image.width !== model.imageShape[1])
    throw new RangeError(
      `The model was trained on a ${formatSize(model.imageShape[1], model.imageShape[0])} image; this one is ${formatSize(image.width, image.height)}.`,
    );
  return resizeImageTo(image, h, w);
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
