/**
 * Recognises image files from their bytes, before any decoder sees them: the
 * browser's decoder happily renders a truncated JPEG as a half-grey picture and
 * decodes a 30,000 × 30,000 "decompression bomb" until memory runs out, so the
 * worker checks signature, header size and the end-of-file marker first.
 */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'avif';

export interface SniffResult {
  readonly format: ImageFormat;
  /** Stored (pre-orientation) size from the header, when the header could be read. */
  readonly size?: { readonly width: number; readonly height: number };
  /** The file ends before its format's end marker. */
  readonly truncated: boolean;
}

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

function be32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** The format a file's signature names, or null: its first 32 bytes are enough to tell. */
export function detectFormat(b: Uint8Array): ImageFormat | null {
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') return 'bmp';
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp' && /^(avif|avis|mif1)$/.test(ascii(b, 8, 4))) return 'avif';
  return null;
}

function pngSize(b: Uint8Array) {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return { width: be32(b, 16), height: be32(b, 20) };
}

function jpegSize(b: Uint8Array) {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = (b[i + 2] << 8) | b[i + 3];
    // SOF0…SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8] };
    }
    i += 2 + len;
  }
  return undefined;
}

function gifSize(b: Uint8Array) {
  return { width: b[6] | (b[7] << 8), height: b[8] | (b[9] << 8) };
}

function bmpSize(b: Uint8Array) {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)) };
}

function webpSize(b: Uint8Array) {
  if (b.length < 30) return undefined;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') {
    return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
  }
  if (chunk === 'VP8L') {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  if (chunk === 'VP8 ') {
    return { width: (b[26] | (b[27] << 8)) & 0x3fff, height: (b[28] | (b[29] << 8)) & 0x3fff };
  }
  return undefined;
}

function tailContains(b: Uint8Array, pattern: number[], window: number): boolean {
  const start = Math.max(0, b.length - window);
  outer: for (let i = b.length - pattern.length; i >= start; i--) {
    for (let j = 0; j < pattern.length; j++) if (b[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}

function isTruncated(format: ImageFormat, b: Uint8Array): boolean {
  switch (format) {
    case 'png':
      return !tailContains(b, [0x49, 0x45, 0x4e, 0x44], 64); // IEND
    case 'jpeg':
      // Some writers append padding or metadata after EOI, so search a window, not just the last bytes.
      return !tailContains(b, [0xff, 0xd9], 4096);
    case 'gif':
      return !tailContains(b, [0x3b], 16);
    case 'webp':
      return b.length < 8 + (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24));
    default:
      return false;
  }
}

const SIZERS: Partial<Record<ImageFormat, (b: Uint8Array) => { width: number; height: number } | undefined>> = {
  png: pngSize,
  jpeg: jpegSize,
  gif: gifSize,
  bmp: bmpSize,
  webp: webpSize,
};

/** Null when the bytes are not an image format the studio accepts. */
export function sniffImage(bytes: Uint8Array): SniffResult | null {
  const format = detectFormat(bytes);
  if (!format) return null;
  const size = SIZERS[format]?.(bytes);
  return { format, size, truncated: isTruncated(format, bytes) };
}
