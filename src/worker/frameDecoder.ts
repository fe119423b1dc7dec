import { gifCompositor } from '../engine/gif/composeGifFrames';
import type { ImageFormat } from '../engine/image/sniffImage';

/** One decoded frame, full size, ready for createImageBitmap; close it once read. */
export interface DecodedFrame {
  readonly image: VideoFrame | ImageData;
  /** As stored in the file, in ms; null when the file does not say. */
  readonly delayMs: number | null;
  close(): void;
}

/** An animated file opened for decoding, frame by frame. */
export interface FrameSource {
  /** Frames in the file. */
  readonly total: number;
  /** Frame i (0 ≤ i < total); ask for them in order, the GIF fallback composes each on the one before. */
  frame(i: number): Promise<DecodedFrame>;
  close(): void;
}

const MIME: Partial<Record<ImageFormat, string>> = { gif: 'image/gif', png: 'image/png', webp: 'image/webp' };

/**
 * Opens an animated image's frames: WebCodecs' ImageDecoder where the
 * browser has it for this type (it composes GIF sub-rectangles and gives
 * every frame's duration), else gifuct-js for a GIF. Null when this browser
 * cannot decode the file's frames (animated WebP or APNG without
 * ImageDecoder): the caller opens it as a still. Throws when the data is bad.
 */
export async function openFrames(bytes: Uint8Array, format: ImageFormat): Promise<FrameSource | null> {
  const type = MIME[format];
  if (!type) return null;
  if (typeof ImageDecoder !== 'undefined' && (await ImageDecoder.isTypeSupported(type)))
    return openWithImageDecoder(bytes, type);
  return format === 'gif' ? openGifFallback(bytes) : null;
}

async function openWithImageDecoder(bytes: Uint8Array, type: string): Promise<FrameSource> {
  const decoder = new ImageDecoder({ data: bytes, type, preferAnimation: true, colorSpaceConversion: 'default' });
  try {
    await decoder.tracks.ready;
    // The frame count is final only once all the data has been read.
    await decoder.completed;
  } catch (err) {
    decoder.close();
    throw err;
  }
  return {
    total: decoder.tracks.selectedTrack?.frameCount ?? 1,
    async frame(i) {
      const { image } = await decoder.decode({ frameIndex: i, completeFramesOnly: true });
      // VideoFrame durations are in microseconds.
      return { image, delayMs: image.duration == null ? null : image.duration / 1000, close: () => image.close() };
    },
    close: () => decoder.close(),
  };
}

async function openGifFallback(bytes: Uint8Array): Promise<FrameSource> {
  // Loaded only on browsers without ImageDecoder, so the others never fetch it.
  const { parseGIF, decompressFrame } = await import('gifuct-js');
  const gif = parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const stored = gif.frames.filter((f): f is Extract<(typeof gif.frames)[number], { image: unknown }> => 'image' in f);
  const { width, height } = gif.lsd;
  const compose = gifCompositor(width, height);
  let next = 0;
  return {
    total: stored.length,
    async frame(i) {
      if (i !== next) throw new RangeError(`GIF frames are composed in order: asked for ${i}, next is ${next}.`);
      next++;
      const parsed = decompressFrame(stored[i], gif.gct, true);
      const rgba = compose(parsed);
      // gifuct-js reports delays in ms (the file stores hundredths).
      return { image: new ImageData(rgba, width, height), delayMs: parsed.delay ?? null, close: () => {} };
    },
    close: () => {},
  };
}
