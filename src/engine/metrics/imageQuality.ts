// Full-reference image quality: how far an image is from a reference of the
// same size (docs/algorithms.md, "RMSE and PSNR" and "SSIM"). Used to
// measure super-resolution against the high-resolution original.
//
// Images are the engine's float RGB in [0, 1]; the data range L is 1.

import type { RgbImage } from '../image/rgbImage';
import { formatSize } from '../image/formatSize';
import { assertRgbImage } from './image';

/** The SSIM window: a Gaussian of σ 1.5 truncated at radius 5 (11×11), as Wang et al. 2004 and scikit-image use it. */
export const SSIM_WINDOW = { sigma: 1.5, radius: 5 } as const;
/** SSIM's stabilising constants, C1 = (K1·L)², C2 = (K2·L)², with L = 1. */
export const SSIM_K1 = 0.01;
export const SSIM_K2 = 0.03;

function assertPair(a: RgbImage, b: RgbImage, what: string): void {
  assertRgbImage(a, `${what} image`);
  assertRgbImage(b, `${what} reference`);
  if (a.height !== b.height || a.width !== b.width)
    throw new RangeError(
      `${what}: the image is ${formatSize(a.width, a.height)}, the reference ${formatSize(b.width, b.height)}; they must be the same size`,
    );
}

/** Root of the mean squared difference over every pixel and channel. */
export function rmse(a: RgbImage, b: RgbImage): number {
  assertPair(a, b, 'rmse');
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = a.data[i] - b.data[i];
    sum += d * d;
  }
  return Math.sqrt(sum / a.data.length);
}

/** Peak signal-to-noise ratio in dB, 10·log10(L² / MSE) with L = 1: Infinity for identical images. */
export function psnr(a: RgbImage, b: RgbImage): number {
  const e = rmse(a, b);
  return e === 0 ? Infinity : -20 * Math.log10(e);
}

/** BT.601 luma, Y = 0.299·R + 0.587·G + 0.114·B (as the diversity metric's gray). */
export function luma(image: RgbImage): Float64Array {
  const { data } = image;
  const out = new Float64Array(image.height * image.width);
  for (let p = 0; p < out.length; p++) out[p] = 0.299 * data[3 * p] + 0.587 * data[3 * p + 1] + 0.114 * data[3 * p + 2];
  return out;
}

function gaussianWindow(): Float64Array {
  const { sigma, radius } = SSIM_WINDOW;
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += w[i + radius] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/**
 * The Gaussian-weighted mean of `v` around every pixel whose window lies
 * inside the image (rows and columns radius … size − 1 − radius): separable,
 * columns first, then rows. Returns (height − 2r) × (width − 2r) values.
 */
function windowMeans(v: Float64Array, height: number, width: number, win: Float64Array): Float64Array {
  const r = SSIM_WINDOW.radius;
  const outW = width - 2 * r;
  const outH = height - 2 * r;
  const across = new Float64Array(height * outW);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outW; x++) {
      let s = 0;
      for (let k = 0; k < win.length; k++) s += win[k] * v[y * width + x + k];
      across[y * outW + x] = s;
    }
  }
  const out = new Float64Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let s = 0;
      for (let k = 0; k < win.length; k++) s += win[k] * across[(y + k) * outW + x];
      out[y * outW + x] = s;
    }
  }
  return out;
}

/**
 * SSIM (Wang, Bovik, Sheikh & Simoncelli 2004) of the two images' luma:
 * local means, variances and covariance under an 11×11 Gaussian window
 * (σ 1.5), population (biased) moments, K1 0.01, K2 0.03, L 1, averaged over
 * the pixels whose window fits inside the image. The same number as
 * scikit-image's `structural_similarity(Y_a, Y_b, gaussian_weights=True,
 * sigma=1.5, use_sample_covariance=False, data_range=1)` on the luma images
 * (it crops the same border before averaging). 1 for identical images.
 * Both sides must be at least 11 px.
 */
export function ssim(a: RgbImage, b: RgbImage): number {
  assertPair(a, b, 'ssim');
  const { height, width } = a;
  const side = 2 * SSIM_WINDOW.radius + 1;
  if (height < side || width < side)
    throw new RangeError(
      `ssim: the images are ${formatSize(width, height)}; SSIM needs both sides at least ${side} px`,
    );
  const x = luma(a);
  const y = luma(b);
  const n = x.length;
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xx[i] = x[i] * x[i];
    yy[i] = y[i] * y[i];
    xy[i] = x[i] * y[i];
  }
  const win = gaussianWindow();
  const [ux, uy, uxx, uyy, uxy] = [x, y, xx, yy, xy].map((v) => windowMeans(v, height, width, win));
  const c1 = SSIM_K1 * SSIM_K1;
  const c2 = SSIM_K2 * SSIM_K2;
  let sum = 0;
  for (let i = 0; i < ux.length; i++) {
    const vx = uxx[i] - ux[i] * ux[i];
    const vy = uyy[i] - uy[i] * uy[i];
    const vxy = uxy[i] - ux[i] * uy[i];
    sum += ((2 * ux[i] * uy[i] + c1) * (2 * vxy + c2)) / ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2));
  }
  return sum / ux.length;
}

export interface ImageQuality {
  readonly rmse: number;
  /** dB; Infinity when the images are identical. */
  readonly psnr: number;
  readonly ssim: number;
}

/** RMSE, PSNR and SSIM of `image` against `reference` (same size, both sides ≥ 11 px). */
export function imageQuality(image: RgbImage, reference: RgbImage): ImageQuality {
  const e = rmse(image, reference);
  return { rmse: e, psnr: e === 0 ? Infinity : -20 * Math.log10(e), ssim: ssim(image, reference) };
}
