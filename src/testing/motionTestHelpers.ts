// Test-only frame makers for the motion metric tests (imports the Node-only
// test GIF script; never imported by the app).

import { exampleStill, type TestFrame } from '../../scripts/make-test-gifs';
import { rgbaToRgb, type RgbImage } from '../engine/image/rgbImage';
import { fft2d } from '../engine/metrics/motion/fft2';
import { formatSize } from '../engine/image/formatSize';

export function toRgb(frame: TestFrame): RgbImage {
  return rgbaToRgb(frame.rgba, frame.height, frame.width);
}

let still: RgbImage | undefined;
/** The studio's example image (256×192 valley) as float RGB. */
export function valley(): RgbImage {
  still ??= toRgb(exampleStill());
  return still;
}

export function cropRgb(image: RgbImage, top: number, left: number, height: number, width: number): RgbImage {
  if (top < 0 || left < 0 || top + height > image.height || left + width > image.width) {
    throw new RangeError(
      `crop ${formatSize(width, height)} at (${top}, ${left}) leaves the ${formatSize(image.width, image.height)} image`,
    );
  }
  const data = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++) {
    data.set(
      image.data.subarray(((top + y) * image.width + left) * 3, ((top + y) * image.width + left + width) * 3),
      y * width * 3,
    );
  }
  return { height, width, data };
}

/** The image moved cyclically by (dy, dx) whole pixels: out(y, x) = in(y − dy, x − dx), wrapping round. */
export function cyclicShift(image: RgbImage, dy: number, dx: number): RgbImage {
  const { height, width } = image;
  const data = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++) {
    const sy = (((y - dy) % height) + height) % height;
    for (let x = 0; x < width; x++) {
      const sx = (((x - dx) % width) + width) % width;
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = image.data[(sy * width + sx) * 3 + c];
    }
  }
  return { height, width, data };
}

/**
 * A height×width crop of `image` centred in a 64×64 block whose top-left is
 * (top, left), after moving the block's content by (dy, dx) px, fractions
 * allowed, by a Fourier phase ramp (an exact band-limited shift; the block's
 * wrap-round stays outside the crop for |shift| < (64 − side)/2).
 */
export function fourierShiftedCrop(
  image: RgbImage,
  top: number,
  left: number,
  height: number,
  width: number,
  dy: number,
  dx: number,
): RgbImage {
  const n = 64;
  const block = cropRgb(image, top, left, n, n);
  const out = new Float32Array(height * width * 3);
  const offY = Math.floor((n - height) / 2);
  const offX = Math.floor((n - width) / 2);
  for (let c = 0; c < 3; c++) {
    const re = new Float64Array(n * n);
    const im = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) re[i] = block.data[i * 3 + c];
    fft2d(re, im, n, n);
    for (let ky = 0; ky < n; ky++) {
      for (let kx = 0; kx < n; kx++) {
        // Signed frequencies; the Nyquist ones get no ramp (a real image's Nyquist term cannot carry a fractional shift).
        const fy = ky === n / 2 ? 0 : ky > n / 2 ? ky - n : ky;
        const fx = kx === n / 2 ? 0 : kx > n / 2 ? kx - n : kx;
        const phase = (-2 * Math.PI * (fy * dy + fx * dx)) / n;
        const i = ky * n + kx;
        const r = re[i] * Math.cos(phase) - im[i] * Math.sin(phase);
        im[i] = re[i] * Math.sin(phase) + im[i] * Math.cos(phase);
        re[i] = r;
      }
    }
    fft2d(re, im, n, n, true);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) out[(y * width + x) * 3 + c] = re[(offY + y) * n + offX + x];
    }
  }
  return { height, width, data: out };
}
