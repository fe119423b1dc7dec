import { rgbaToRgb, rgbToRgba, type RgbImage } from '../engine/image/rgbImage';
import {
  MAX_FILE_BYTES,
  MAX_IMAGE_PIXELS,
  MIN_IMAGE_SIDE,
  workingSize,
} from '../engine/image/imageLimits';
import { sniffImage } from '../engine/image/sniffImage';
import type { ErrorCode } from '../protocol/messages';

export class ImageInputError extends Error {
  override name = 'ImageInputError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface DecodedImage {
  readonly original: { height: number; width: number };
  readonly working: RgbImage;
  readonly workingRgba: Uint8ClampedArray;
  readonly downscaled: boolean;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Decodes a user's file in the worker: signature and header checks first (so
 * bad files fail fast with a precise reason), then the browser's decoder with
 * EXIF orientation applied, then a downscale to the working size. Alpha is
 * flattened over white and grey images come out as RGB (canvas pixels are RGBA).
 */
export async function decodeImage(file: Blob, name: string, workingMaxSide: number): Promise<DecodedImage> {
  if (file.size === 0) throw new ImageInputError('not-an-image', `“${name}” is empty.`);
  if (file.size > MAX_FILE_BYTES) {
    throw new ImageInputError('image-too-large', `“${name}” is ${mb(file.size)}; the limit is ${mb(MAX_FILE_BYTES)}.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sniff = sniffImage(bytes);
  if (!sniff) {
    throw new ImageInputError(
      'not-an-image',
      `“${name}” is not an image the studio can read (PNG, JPEG, WebP, GIF, BMP or AVIF).`,
    );
  }
  if (sniff.truncated) {
    throw new ImageInputError(
      'corrupt-image',
      `“${name}” looks truncated: the ${sniff.format.toUpperCase()} data ends early. Try re-saving or re-downloading it.`,
    );
  }
  if (sniff.size && sniff.size.width * sniff.size.height > MAX_IMAGE_PIXELS) {
    throw new ImageInputError(
      'image-too-large',
      `“${name}” is ${sniff.size.width}×${sniff.size.height} px, more than the ${MAX_IMAGE_PIXELS / 1e6} megapixels the studio decodes.`,
    );
  }

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes]), {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'default',
    });
  } catch {
    throw new ImageInputError('corrupt-image', `“${name}” could not be decoded; the file is damaged or not really a ${sniff.format.toUpperCase()}.`);
  }
  try {
    const original = { height: bitmap.height, width: bitmap.width };
    if (Math.min(original.height, original.width) < MIN_IMAGE_SIDE) {
      throw new ImageInputError(
        'image-too-small',
        `“${name}” is only ${original.width}×${original.height} px; the shorter side needs at least ${MIN_IMAGE_SIDE} px.`,
      );
    }
    const target = workingSize(original.height, original.width, workingMaxSide);
    const downscaled = target.height !== original.height || target.width !== original.width;
    const source = downscaled
      ? await createImageBitmap(bitmap, {
          resizeWidth: target.width,
          resizeHeight: target.height,
          resizeQuality: 'high',
          premultiplyAlpha: 'none',
        })
      : bitmap;
    try {
      const canvas = new OffscreenCanvas(target.width, target.height);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new ImageInputError('internal', 'The worker has no 2D canvas to read pixels with.');
      ctx.drawImage(source, 0, 0);
      const rgba = ctx.getImageData(0, 0, target.width, target.height).data;
      const working = rgbaToRgb(rgba, target.height, target.width);
      return { original, working, workingRgba: rgbToRgba(working), downscaled };
    } finally {
      if (source !== bitmap) source.close();
    }
  } finally {
    bitmap.close();
  }
}

