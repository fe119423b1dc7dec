import { rgbaToRgb, rgbToRgba, type RgbImage } from '../engine/image/rgbImage';
import { MAX_FILE_BYTES, MAX_IMAGE_PIXELS, MIN_IMAGE_SIDE, workingSize } from '../engine/image/imageLimits';
import { declaredFrames } from '../engine/image/frameCount';
import { ANIMATION_INPUT_FRAMES, framesToUse, playedDelayMs } from '../engine/image/frameLimits';
import { sniffImage, type ImageFormat } from '../engine/image/sniffImage';
import type { ErrorCode } from '../protocol/facts';
import { openFrames } from './frameDecoder';
import { formatSize } from '../engine/image/formatSize';

export class ImageInputError extends Error {
  override name = 'ImageInputError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** One frame at the working size: the engine's float RGB and the page's RGBA. */
export interface WorkingFrame {
  readonly working: RgbImage;
  readonly rgba: Uint8ClampedArray;
}

export interface DecodedImage {
  readonly original: { height: number; width: number };
  readonly working: RgbImage;
  readonly workingRgba: Uint8ClampedArray;
  readonly downscaled: boolean;
  /** An animation's frames (2 to ANIMATION_INPUT_FRAMES.max), the first being `working`; absent for a still. */
  readonly animation?: {
    readonly frames: readonly WorkingFrame[];
    /** How long each frame shows, in ms, as browsers play it. */
    readonly delaysMs: readonly number[];
    /** Frames in the file: more than frames.length when the rest were left out. */
    readonly totalFrames: number;
  };
  /** How the file was read, when the user should know (an animation opened as a still). */
  readonly notice?: string;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Decodes a user's file in the worker: signature and header checks first (so
 * bad files fail fast with a precise reason), then the browser's decoder with
 * EXIF orientation applied, then a downscale to the working size. Alpha is
 * flattened over white and grey images come out as RGB (canvas pixels are RGBA).
 * A file that declares two or more frames is decoded frame by frame
 * (decodeAnimation); every other file takes the still path it always took.
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
      `“${name}” is ${formatSize(sniff.size.width, sniff.size.height)} px, more than the ${MAX_IMAGE_PIXELS / 1e6} megapixels the studio decodes.`,
    );
  }

  const frames = ANIMATABLE.has(sniff.format) ? declaredFrames(bytes, sniff.format) : 1;
  if (frames >= ANIMATION_INPUT_FRAMES.min) {
    const animated = await decodeAnimation(bytes, sniff.format, name, workingMaxSide);
    if (animated) return animated;
  }
  const still = await decodeStill(bytes, sniff.format, name, workingMaxSide);
  // Only an animation this browser cannot decode frame by frame (WebP or APNG without ImageDecoder) gets here with frames.
  return frames >= ANIMATION_INPUT_FRAMES.min
    ? {
        ...still,
        notice: `“${name}” is animated, but this browser decodes only its first frame: it opens as a still image.`,
      }
    : still;
}

/** Formats that can hold an animation (GIF, APNG, animated WebP). */
const ANIMATABLE: ReadonlySet<ImageFormat> = new Set(['gif', 'png', 'webp']);

const undecodable = (name: string, format: ImageFormat) =>
  new ImageInputError(
    'corrupt-image',
    `“${name}” could not be decoded; the file is damaged or not really a ${format.toUpperCase()}.`,
  );

const BITMAP_OPTIONS: ImageBitmapOptions = { premultiplyAlpha: 'none', colorSpaceConversion: 'default' };

async function decodeStill(
  bytes: Uint8Array<ArrayBuffer>,
  format: ImageFormat,
  name: string,
  workingMaxSide: number,
): Promise<DecodedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes]), { ...BITMAP_OPTIONS, imageOrientation: 'from-image' });
  } catch {
    throw undecodable(name, format);
  }
  try {
    const { original, target } = sizes(bitmap, name, workingMaxSide);
    const frame = await toWorking(bitmap, target);
    return { original, working: frame.working, workingRgba: frame.rgba, downscaled: isDownscaled(original, target) };
  } finally {
    bitmap.close();
  }
}

/**
 * Every frame (up to the limit) of an animation at the working size, or the
 * still when the decoder finds only one frame; null when this browser cannot
 * decode the file's frames. Frames come out whole: sub-rectangles composed by
 * their disposal rules.
 */
async function decodeAnimation(
  bytes: Uint8Array<ArrayBuffer>,
  format: ImageFormat,
  name: string,
  workingMaxSide: number,
): Promise<DecodedImage | null> {
  const damaged = () => undecodable(name, format);
  const source = await openFrames(bytes, format).catch(() => {
    throw damaged();
  });
  if (!source) return null;
  try {
    const used = framesToUse(source.total);
    if (used === 0) return await decodeStill(bytes, format, name, workingMaxSide);
    const frames: WorkingFrame[] = [];
    const delaysMs: number[] = [];
    let size: { original: Size; target: Size } | null = null;
    for (let i = 0; i < used; i++) {
      const decoded = await source.frame(i).catch(() => {
        throw damaged();
      });
      let bitmap: ImageBitmap;
      try {
        bitmap = await createImageBitmap(decoded.image, BITMAP_OPTIONS);
      } catch {
        throw damaged();
      } finally {
        decoded.close();
      }
      try {
        // Every frame takes the first one's working size, so a sequence is one shape throughout.
        size ??= sizes(bitmap, name, workingMaxSide);
        frames.push(await toWorking(bitmap, size.target));
        delaysMs.push(playedDelayMs(decoded.delayMs));
      } finally {
        bitmap.close();
      }
    }
    const { original, target } = size!;
    return {
      original,
      working: frames[0].working,
      workingRgba: frames[0].rgba,
      downscaled: isDownscaled(original, target),
      animation: { frames, delaysMs, totalFrames: source.total },
    };
  } finally {
    source.close();
  }
}

type Size = { height: number; width: number };

const isDownscaled = (original: Size, target: Size) =>
  target.height !== original.height || target.width !== original.width;

/** The decoded size and the working size; refuses images whose shorter side is below the minimum. */
function sizes(bitmap: ImageBitmap, name: string, workingMaxSide: number): { original: Size; target: Size } {
  const original = { height: bitmap.height, width: bitmap.width };
  if (Math.min(original.height, original.width) < MIN_IMAGE_SIDE) {
    throw new ImageInputError(
      'image-too-small',
      `“${name}” is only ${formatSize(original.width, original.height)} px; the shorter side needs at least ${MIN_IMAGE_SIDE} px.`,
    );
  }
  return { original, target: workingSize(original.height, original.width, workingMaxSide) };
}

/** One picture at the working size: float RGB for the engine (alpha flattened over white) and opaque RGBA for the page. */
async function toWorking(bitmap: ImageBitmap, target: Size): Promise<WorkingFrame> {
  const resize = bitmap.height !== target.height || bitmap.width !== target.width;
  const source = resize
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
    return { working, rgba: rgbToRgba(working) };
  } finally {
    if (source !== bitmap) source.close();
  }
}
