import { gaussianDownscale, resizeLinear } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';
import { formatSize } from '../image/formatSize';

export type ScaleShape = readonly [height: number, width: number];

export interface SinganPyramid {
  /** Height × width of every scale, coarsest first. */
  readonly shapes: readonly ScaleShape[];
  /** The effective factor between consecutive scales (the public code adjusts the nominal one so the coarsest scale lands on minSize). */
  readonly scaleFactor: number;
}

/**
 * The settings the pyramid's shapes follow: SinganConfig's maxSize, minSize and scaleFactor (singanConfig.ts).
 * Declared here, not picked from SinganConfig, because singanConfig.ts checks configs with singanPyramid: the
 * import would be a cycle.
 */
export interface PyramidSizes {
  readonly maxSize: number;
  readonly minSize: number;
  readonly scaleFactor: number;
}

/** The settings the nets' widths follow: SinganConfig's baseChannels and maxChannels. */
export interface ChannelWidths {
  readonly baseChannels: number;
  readonly maxChannels: number;
}

const MAX_SCALES = 64;

/**
 * Scale shapes exactly as the public SinGAN code computes them
 * (functions.adjust_scales2image + creat_reals_pyramid, with imresize's
 * ceil(size·scale) output shapes), float operations in the same order so
 * that ceil lands on the same integers (250×188 gives a coarsest 34×26).
 */
export function singanPyramid(config: PyramidSizes, height: number, width: number): SinganPyramid {
  const { maxSize, minSize, scaleFactor } = config;
  const minDim = Math.min(height, width);
  const maxDim = Math.max(height, width);
  if (minDim < minSize) {
    throw new RangeError(
      `The image is ${formatSize(width, height)} px; SinGAN needs its shorter side to be at least the smallest scale (${minSize} px). ` +
        'Use a larger image or lower the smallest scale.',
    );
  }
  const numScales = Math.ceil(Math.log(Math.pow(minSize / minDim, 1)) / Math.log(scaleFactor)) + 1;
  const scale2stop = Math.ceil(Math.log(Math.min(maxSize, maxDim) / maxDim) / Math.log(scaleFactor));
  const stopScale = numScales - scale2stop;
  const scale1 = Math.min(maxSize / maxDim, 1);
  const realH = Math.ceil(height * scale1);
  const realW = Math.ceil(width * scale1);
  if (Math.min(realH, realW) < minSize) {
    throw new RangeError(
      `Limited to ${maxSize} px on its longer side, the ${formatSize(width, height)} px image becomes ${formatSize(realW, realH)} px, ` +
        `whose shorter side is below the smallest scale (${minSize} px). Crop the image to a less elongated shape, ` +
        'raise the largest scale or lower the smallest scale.',
    );
  }
  if (stopScale < 1 || stopScale + 1 > MAX_SCALES) {
    throw new RangeError(
      `These sizes give ${stopScale + 1} scales; SinGAN needs 2 to ${MAX_SCALES}. Adjust the scale sizes or factor.`,
    );
  }
  const factor = Math.pow(minSize / Math.min(realH, realW), 1 / stopScale);
  const shapes: ScaleShape[] = [];
  for (let i = 0; i <= stopScale; i++) {
    const s = Math.pow(factor, stopScale - i);
    shapes.push([Math.ceil(realH * s), Math.ceil(realW * s)]);
  }
  return { shapes, scaleFactor: factor };
}

/** The scale shapes only (coarsest first). */
export function singanScaleShapes(config: PyramidSizes, height: number, width: number): ScaleShape[] {
  return [...singanPyramid(config, height, width).shapes];
}

/** Channels of both nets at a scale: the base width doubled every 4 scales, capped. */
export function channelsAtScale(config: ChannelWidths, scale: number): number {
  return Math.min(config.baseChannels * 2 ** Math.floor(scale / 4), config.maxChannels);
}

/** Any image to an exact size: the pyramid's Gaussian downscale when shrinking, antialiased linear otherwise. */
export function resizeImageTo(image: RgbImage, height: number, width: number): RgbImage {
  if (height <= image.height && width <= image.width) return gaussianDownscale(image, height, width);
  return resizeLinear(image, height, width);
}

/** The real image at every scale, each downscaled directly from the input (as the public code resizes from the real each time). */
export function buildRealPyramid(image: RgbImage, shapes: readonly ScaleShape[]): RgbImage[] {
  return shapes.map(([h, w]) => resizeImageTo(image, h, w));
}

/**
 * The relative cost of one training iteration at each scale: its
 * convolutions work on every pixel with C×C weights, so pixels × channels².
 * Fixed per-iteration costs (dispatch, read-backs) are left out: on the CPU
 * backends, where training takes long enough for the ETA to matter, the
 * benchmarks' iterations/s per scale follow the pixels.
 */
export function trainingIterationCost(config: ChannelWidths, shapes: readonly ScaleShape[]): number[] {
  return shapes.map(([h, w], s) => h * w * (channelsAtScale(config, s) / config.baseChannels) ** 2);
}
