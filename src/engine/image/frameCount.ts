import { walkGifImages } from './gifBlocks';
import type { ImageFormat } from './sniffImage';

/**
 * How many frames an image file declares, read from its block structure
 * before any decoder runs: the worker sends only animations down the frame
 * decoder, so a still takes exactly the path it always took.
 */
export function declaredFrames(bytes: Uint8Array, format: ImageFormat): number {
  switch (format) {
    case 'gif':
      return gifImages(bytes);
    case 'png':
      return apngFrames(bytes);
    case 'webp':
      return webpFrames(bytes);
    default:
      return 1;
  }
}

/** Image descriptors up to the trailer (or the end of what is there). */
function gifImages(b: Uint8Array): number {
  return Math.max(1, walkGifImages(b).images);
}

const ascii = (b: Uint8Array, at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
const be32 = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const le32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/** An APNG's acTL chunk (which must come before the image data) names its frame count; a plain PNG has none. */
function apngFrames(b: Uint8Array): number {
  for (let at = 8; at + 12 <= b.length;) {
    const length = be32(b, at);
    const type = ascii(b, at + 4);
    if (type === 'acTL') return Math.max(1, be32(b, at + 8));
    if (type === 'IDAT' || type === 'IEND') return 1;
    at += 12 + length;
  }
  return 1;
}

/** ANMF chunks, one per frame of an animated WebP. */
function webpFrames(b: Uint8Array): number {
  let frames = 0;
  for (let at = 12; at + 8 <= b.length;) {
    if (ascii(b, at) === 'ANMF') frames++;
    const size = le32(b, at + 4);
    at += 8 + size + (size & 1);
  }
  return Math.max(1, frames);
}
