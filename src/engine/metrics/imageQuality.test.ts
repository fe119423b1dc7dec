import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { imageQuality, luma, psnr, rmse, ssim } from './imageQuality';

/** An image from a formula of (y, x, channel), stored as float32 as every RgbImage is. */
function image(height: number, width: number, f: (y: number, x: number, c: number) => number): RgbImage {
  const img = createRgbImage(height, width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) img.data[(y * width + x) * 3 + c] = f(y, x, c);
  return img;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
// Pair 1: smooth waves, and the same with a fine high-frequency perturbation (48×40).
const waves = (y: number, x: number, c: number) => 0.5 + 0.4 * Math.sin(0.37 * x + 0.23 * y + c);
const a1 = image(40, 48, waves);
const b1 = image(40, 48, (y, x, c) => clamp01(waves(y, x, c) + 0.08 * Math.cos(1.7 * x * y + 2.1 * c)));
// Pair 2: a sawtooth pattern, and the same at 80% contrast (53×37).
const saw = (y: number, x: number, c: number) => ((x * 7 + y * 3 + c * 5) % 11) / 10;
const a2 = image(37, 53, saw);
const b2 = image(37, 53, (y, x, c) => 0.8 * saw(y, x, c) + 0.1);

describe('image quality metrics', () => {
  it('give SSIM 1, RMSE 0 and PSNR ∞ for identical images', () => {
    for (const a of [a1, a2]) {
      expect(ssim(a, a)).toBe(1);
      expect(rmse(a, a)).toBe(0);
      expect(psnr(a, a)).toBe(Infinity);
      expect(imageQuality(a, a)).toEqual({ rmse: 0, psnr: Infinity, ssim: 1 });
    }
  });

  // Reference values from scikit-image 0.19.3 (numpy 1.24.2) through Debian's python3, on the same
  // formulas cast to float32: structural_similarity(gray(a), gray(b), gaussian_weights=True, sigma=1.5,
  // use_sample_covariance=False, data_range=1) with gray = 0.299 R + 0.587 G + 0.114 B, and
  // sqrt(mean_squared_error(a, b)) and peak_signal_noise_ratio(a, b, data_range=1) on the RGB arrays.
  it('match scikit-image on two pairs of images', () => {
    expect(ssim(a1, b1)).toBeCloseTo(0.9826597577183819, 9);
    expect(rmse(a1, b1)).toBeCloseTo(0.056564382691545206, 9);
    expect(psnr(a1, b1)).toBeCloseTo(24.94913896264826, 7);
    expect(ssim(a2, b2)).toBeCloseTo(0.9761572339539091, 9);
    expect(rmse(a2, b2)).toBeCloseTo(0.06324931523703979, 9);
    expect(psnr(a2, b2)).toBeCloseTo(23.978883439528218, 7);
  });

  it('is symmetric, and lower the more structure differs', () => {
    expect(ssim(b1, a1)).toBeCloseTo(ssim(a1, b1), 12);
    const inverted = image(40, 48, (y, x, c) => 1 - waves(y, x, c));
    expect(ssim(a1, inverted)).toBeLessThan(0);
    const flat = image(40, 48, () => 0.5);
    expect(ssim(a1, flat)).toBeLessThan(ssim(a1, b1));
  });

  it('uses BT.601 luma', () => {
    const px = image(1, 1, (_y, _x, c) => [1, 0.5, 0.25][c]);
    expect(luma(px)[0]).toBeCloseTo(0.299 + 0.587 * 0.5 + 0.114 * 0.25, 7);
  });

  it('refuses images of different sizes, or too small for the 11×11 window', () => {
    expect(() => rmse(a1, a2)).toThrow('rmse: the image is 48×40, the reference 53×37; they must be the same size');
    const small = image(10, 30, waves);
    expect(() => ssim(small, small)).toThrow('ssim: the images are 30×10; SSIM needs both sides at least 11 px');
    expect(rmse(small, small)).toBe(0);
  });
});
