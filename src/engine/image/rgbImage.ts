/**
 * The engine's image currency: float RGB in [0,1], row-major (height, width, channel).
 * Height always comes first so that no code path can silently swap the axes.
 */
import { formatSize } from './formatSize';
export interface RgbImage {
  readonly height: number;
  readonly width: number;
  readonly data: Float32Array;
}

export const CHANNELS = 3;

export function createRgbImage(height: number, width: number, data?: Float32Array): RgbImage {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(`Invalid image size ${formatSize(width, height)}`);
  }
  const length = height * width * CHANNELS;
  if (data && data.length !== length) {
    throw new RangeError(
      `Image data has ${data.length} values, expected ${length} for ${formatSize(width, height)} RGB`,
    );
  }
  return { height, width, data: data ?? new Float32Array(length) };
}

/**
 * RGBA8 (as decoded by the browser, not premultiplied) to float RGB. Transparent
 * pixels are composited over white because most "transparent" artwork is drawn
 * for a light page; compositing over black would darken every soft edge.
 */
export function rgbaToRgb(rgba: Uint8ClampedArray | Uint8Array, height: number, width: number): RgbImage {
  const out = createRgbImage(height, width);
  const d = out.data;
  for (let i = 0, j = 0; i < height * width; i++, j += 4) {
    const a = rgba[j + 3] / 255;
    const bg = 1 - a;
    d[i * 3] = (rgba[j] / 255) * a + bg;
    d[i * 3 + 1] = (rgba[j + 1] / 255) * a + bg;
    d[i * 3 + 2] = (rgba[j + 2] / 255) * a + bg;
  }
  return out;
}

/** Float RGB to opaque RGBA8 for display and PNG export (values are clamped to [0,1]). */
export function rgbToRgba(img: RgbImage): Uint8ClampedArray {
  const n = img.height * img.width;
  const out = new Uint8ClampedArray(n * 4);
  const d = img.data;
  for (let i = 0; i < n; i++) {
    out[i * 4] = Math.round(d[i * 3] * 255);
    out[i * 4 + 1] = Math.round(d[i * 3 + 1] * 255);
    out[i * 4 + 2] = Math.round(d[i * 3 + 2] * 255);
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The image as an 8-bit PNG holds it (rounded and clamped), back as float RGB: scores of what a user sees and saves. */
export function as8bit(img: RgbImage): RgbImage {
  return rgbaToRgb(rgbToRgba(img), img.height, img.width);
}
