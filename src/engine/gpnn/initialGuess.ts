import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { resizeLinear } from '../image/resample';
import { gaussianSampler, mulberry32 } from '../random/prng';
import { formatSize } from '../image/formatSize';

/**
 * Coarsest-level starting points per task (docs/algorithms.md, each task's section under "GPNN"). They work on the
 * coarsest level only (tens of pixels), so they run on the CPU in every backend,
 * which also keeps the noise identical across backends for a given seed.
 */

/** Random sample: x_n plus N(0, sigma) noise, one value per pixel shared by the channels. */
export function noisyStart(coarsest: RgbImage, sigma: number, seed: number): RgbImage {
  const normal = gaussianSampler(mulberry32(seed));
  const out = createRgbImage(coarsest.height, coarsest.width, coarsest.data.slice());
  if (sigma === 0) return out;
  for (let i = 0; i < coarsest.height * coarsest.width; i++) {
    const n = sigma * normal();
    out.data[i * 3] += n;
    out.data[i * 3 + 1] += n;
    out.data[i * 3 + 2] += n;
  }
  return out;
}

/**
 * x_n plus a given noise field (one value per pixel, shared by the channels)
 * times sigma: the animation's start, whose noise moves between frames. With
 * the noise noisyStart would draw for a seed it gives the same image bit for bit.
 */
export function noisyStartWith(coarsest: RgbImage, noise: ArrayLike<number>, sigma: number): RgbImage {
  const n = coarsest.height * coarsest.width;
  if (noise.length !== n)
    throw new RangeError(
      `The noise has ${noise.length} values, expected ${n} for ${formatSize(coarsest.width, coarsest.height)}.`,
    );
  const out = createRgbImage(coarsest.height, coarsest.width, coarsest.data.slice());
  if (sigma === 0) return out;
  for (let i = 0; i < n; i++) {
    const v = sigma * noise[i];
    out.data[i * 3] += v;
    out.data[i * 3 + 1] += v;
    out.data[i * 3 + 2] += v;
  }
  return out;
}

/** Retargeting and analogies: an image squeezed or stretched to the output's coarsest shape, no noise. */
export function resizedStart(image: RgbImage, height: number, width: number): RgbImage {
  return image.height === height && image.width === width ? image : resizeLinear(image, height, width);
}
