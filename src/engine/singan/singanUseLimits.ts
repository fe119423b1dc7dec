/**
 * What a trained SinGAN can be asked for: bounds shared by the page (to
 * disable the button with the reason), the worker (to refuse) and the CLI
 * (to exit with the same words).
 */
import { formatSize } from '../image/formatSize';
import { singanPyramid, type PyramidSizes, type ScaleShape } from './singanPyramid';
export const SINGAN_SAMPLES = { min: 1, max: 64 } as const;
/** Sample size as a factor of the training size: below ½ the coarsest noise map vanishes, above 3× activations take hundreds of MB. */
export const SINGAN_SIZE_FACTOR = { min: 0.5, max: 3 } as const;
/** Larger SinGAN outputs would take minutes per image and hundreds of MB of activations. */
export const SINGAN_MAX_OUTPUT_SIDE = 1024;

export function checkSinganSampleCount(count: number): string | null {
  if (!Number.isInteger(count) || count < SINGAN_SAMPLES.min || count > SINGAN_SAMPLES.max)
    return `Make ${SINGAN_SAMPLES.min} to ${SINGAN_SAMPLES.max} samples (got ${count}).`;
  return null;
}

export function checkSinganSizeFactor(heightFactor: number, widthFactor: number): string | null {
  const ok = (f: number) => Number.isFinite(f) && f >= SINGAN_SIZE_FACTOR.min && f <= SINGAN_SIZE_FACTOR.max;
  if (!ok(heightFactor) || !ok(widthFactor))
    return `Size factors must be from ${SINGAN_SIZE_FACTOR.min} to ${SINGAN_SIZE_FACTOR.max} (got ×${widthFactor} wide, ×${heightFactor} tall).`;
  return null;
}

/** An output of a model trained at (height, width), scaled by the factors, must fit SINGAN_MAX_OUTPUT_SIDE. */
export function checkSinganOutputSize(
  trained: readonly [number, number],
  heightFactor: number,
  widthFactor: number,
): string | null {
  const [h, w] = trained;
  if (Math.round(h * heightFactor) > SINGAN_MAX_OUTPUT_SIDE || Math.round(w * widthFactor) > SINGAN_MAX_OUTPUT_SIDE)
    return `Outputs larger than ${SINGAN_MAX_OUTPUT_SIDE} px a side are not supported (${formatSize(Math.round(w * widthFactor), Math.round(h * heightFactor))} asked).`;
  return null;
}

/** Super-resolution factors offered by the page, the worker and the CLI (docs/algorithms.md, "Super-resolution"). */
export const SUPER_RES_FACTORS = [2, 4, 8] as const;
export type SuperResFactor = (typeof SUPER_RES_FACTORS)[number];

export const isSuperResFactor = (factor: unknown): factor is SuperResFactor =>
  SUPER_RES_FACTORS.includes(factor as SuperResFactor);

/** The one message for a factor that is not offered (the page's form offers only these; the CLI's --factor takes any number). */
export const badSuperResFactor = (factor: unknown): string =>
  `Super-resolution factor must be ${SUPER_RES_FACTORS.slice(0, -1).join(', ')} or ${SUPER_RES_FACTORS[SUPER_RES_FACTORS.length - 1]} (got ${String(factor)}).`;

/**
 * The size super-resolution starts from: the finest finished scale of the
 * pyramid the model was trained on (the training image after the maxSize
 * limit, not imageShape, the image as it was given).
 */
export function superResTrainedShape(model: {
  readonly config: PyramidSizes;
  readonly imageShape: readonly [number, number];
  readonly scalesDone: number;
}): ScaleShape {
  const shapes = singanPyramid(model.config, model.imageShape[0], model.imageShape[1]).shapes;
  return shapes[Math.max(0, Math.min(model.scalesDone, shapes.length) - 1)];
}

/**
 * Super-resolution grows the image by the pyramid's own factor per step; a
 * training image whose shorter side is the smallest scale gives a pyramid
 * whose scales do not shrink (factor 1), which has no step to take.
 */
export function checkSuperResScales(model: {
  readonly config: PyramidSizes;
  readonly imageShape: readonly [number, number];
}): string | null {
  const { shapes, scaleFactor } = singanPyramid(model.config, model.imageShape[0], model.imageShape[1]);
  if (scaleFactor < 1) return null;
  const [h, w] = shapes[shapes.length - 1];
  return (
    `At ${formatSize(w, h)} px the training image's shorter side is the smallest scale (${model.config.minSize} px), so its scales do not shrink ` +
    'and super-resolution has no step to upsample by: lower the smallest scale or train on a larger image.'
  );
}

/** A super-resolution factor, and the output it makes of a model trained at `trained` (height, width). */
export function checkSuperResFactor(trained: readonly [number, number], factor: number): string | null {
  if (!isSuperResFactor(factor)) return badSuperResFactor(factor);
  const [h, w] = trained;
  if (h * factor > SINGAN_MAX_OUTPUT_SIDE || w * factor > SINGAN_MAX_OUTPUT_SIDE)
    return `Super-resolution ×${factor} of ${formatSize(w, h)} would be ${formatSize(w * factor, h * factor)}, larger than ${SINGAN_MAX_OUTPUT_SIDE} px a side; pick a smaller factor or a model trained smaller.`;
  return null;
}

/**
 * The image super-resolution starts from, when one is given: it must be the
 * image the model was trained on (its size as the model records it), which
 * is then brought to the finest scale exactly as training did.
 */
export function checkSuperResInput(
  imageShape: readonly [number, number],
  given: readonly [number, number],
): string | null {
  if (given[0] === imageShape[0] && given[1] === imageShape[1]) return null;
  return `Super-resolution starts from the image the model was trained on, ${formatSize(imageShape[1], imageShape[0])}; the image given is ${formatSize(given[1], given[0])}.`;
}

/** Whether `scale` is a whole scale index from `first` to the last finished one. */
const finishedScaleFrom = (scale: number, first: number, scalesDone: number): boolean =>
  Number.isInteger(scale) && scale >= first && scale < scalesDone;

/** Injection replaces the noise at one scale; scale 0 has no coarser image to inject into, so 1 is the first. */
export function checkInjectScale(startScale: number, scalesDone: number): string | null {
  if (!finishedScaleFrom(startScale, 1, scalesDone))
    return scalesDone < 2
      ? 'Injection needs a model with at least two finished scales.'
      : `Inject at a scale from 1 to ${scalesDone - 1} (0 is the coarsest; finer scales change less).`;
  return null;
}

export function checkWalkStartScale(startScale: number, scalesDone: number): string | null {
  if (!finishedScaleFrom(startScale, 0, scalesDone)) return `Start the walk at a scale from 0 to ${scalesDone - 1}.`;
  return null;
}

/** GIF → GIF's start scale (sampleSequence): scale 0 stays valid on a model without a finished scale, which is refused for that in its own words. */
export function checkSequenceStartScale(startScale: number, scalesDone: number): string | null {
  const done = Math.max(1, scalesDone);
  if (!finishedScaleFrom(startScale, 0, done))
    return `Vary from a scale from 0 to ${done - 1}; got ${String(startScale)}.`;
  return null;
}

export function checkWalkBeta(beta: number): string | null {
  return Number.isFinite(beta) && beta >= 0 && beta < 1 ? null : `Beta must be at least 0 and below 1 (got ${beta}).`;
}
