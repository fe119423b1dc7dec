import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { detectFormat, sniffImage } from './sniffImage';

const PLACES = resolve(__dirname, '../../../../shared/data/places50');

function png(width: number, height: number): Uint8Array {
  const p = new PNG({ width, height });
  p.data.fill(200);
  return new Uint8Array(PNG.sync.write(p));
}

describe('sniffImage', () => {
  it('reads PNG signature and IHDR size', () => {
    expect(sniffImage(png(37, 21))).toEqual({ format: 'png', size: { width: 37, height: 21 }, truncated: false });
  });

  it('flags a PNG that ends before IEND', () => {
    const bytes = png(64, 64);
    expect(sniffImage(bytes.subarray(0, bytes.length - 20))?.truncated).toBe(true);
  });

  it('reads a real JPEG frame size and flags a truncated copy', () => {
    const jpeg = new Uint8Array(readFileSync(resolve(PLACES, '1.jpg')));
    const r = sniffImage(jpeg);
    expect(r?.format).toBe('jpeg');
    expect(r?.truncated).toBe(false);
    expect(r?.size?.width).toBe(250);
    expect(r?.size?.height).toBeGreaterThan(100);
    expect(sniffImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)))?.truncated).toBe(true);
  });

  it('reads GIF, BMP and WebP header sizes', () => {
    const gif = new Uint8Array(
      [...'GIF89a'].map((c) => c.charCodeAt(0)).concat([0x2c, 0x01, 0x90, 0x00, 0, 0, 0, 0x3b]),
    );
    expect(sniffImage(gif)).toMatchObject({ format: 'gif', size: { width: 300, height: 144 }, truncated: false });

    const bmp = new Uint8Array(54);
    bmp.set([0x42, 0x4d]);
    new DataView(bmp.buffer).setInt32(18, 640, true);
    new DataView(bmp.buffer).setInt32(22, -480, true); // top-down BMPs store a negative height
    expect(sniffImage(bmp)).toMatchObject({ format: 'bmp', size: { width: 640, height: 480 } });

    const webp = new Uint8Array(30);
    webp.set([...'RIFF'].map((c) => c.charCodeAt(0)));
    new DataView(webp.buffer).setUint32(4, 22, true);
    webp.set(
      [...'WEBPVP8X'].map((c) => c.charCodeAt(0)),
      8,
    );
    webp.set([0xff, 0x0f, 0x00, 0x7f, 0x02, 0x00], 24); // 4096 × 640, stored minus one
    expect(sniffImage(webp)).toMatchObject({ format: 'webp', size: { width: 4096, height: 640 }, truncated: false });
  });

  it('rejects text, empty and unknown data', () => {
    expect(sniffImage(new TextEncoder().encode('hello, this is not an image'))).toBeNull();
    expect(sniffImage(new Uint8Array(0))).toBeNull();
    expect(sniffImage(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });
});

describe('detectFormat', () => {
  it('names the format from a file’s first bytes alone', () => {
    const head = (b: Uint8Array) => b.subarray(0, 32);
    expect(detectFormat(head(png(64, 64)))).toBe('png');
    expect(detectFormat(new TextEncoder().encode('GIF89a\x01\x00\x01\x00'))).toBe('gif');
    expect(detectFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    // A PNG's first two bytes alone are not a PNG signature.
    expect(detectFormat(new Uint8Array([0x89, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]))).toBeNull();
    expect(detectFormat(new TextEncoder().encode('GIFT'))).toBeNull();
  });
});
