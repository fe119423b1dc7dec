import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../crc32';
import { addPngText, readPngText } from './pngText';

function png(w: number, h: number): Uint8Array {
  const p = new PNG({ width: w, height: h });
  for (let i = 0; i < p.data.length; i++) p.data[i] = (i * 37) % 256;
  return new Uint8Array(PNG.sync.write(p));
}

describe('PNG text chunks', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('adds a compressed iTXt entry that PNG readers accept and ignore, and reads it back', () => {
    const original = png(7, 5);
    const text = JSON.stringify({ hello: 'wörld', n: Array.from({ length: 500 }, (_, i) => i % 7) });
    const withText = addPngText(original, 'studio-recipe', text);
    expect(withText.length).toBeLessThan(original.length + text.length);
    expect(readPngText(withText, 'studio-recipe')).toBe(text);
    expect(readPngText(withText, 'other')).toBeNull();
    expect(readPngText(original, 'studio-recipe')).toBeNull();
    // pngjs checks every chunk's CRC: the file is still a valid PNG with the same pixels.
    const decoded = PNG.sync.read(Buffer.from(withText));
    expect(Buffer.compare(decoded.data, PNG.sync.read(Buffer.from(original)).data)).toBe(0);
  });

  it('refuses what is not a PNG, and reads nothing from it', () => {
    expect(() => addPngText(new Uint8Array([1, 2, 3]), 'k', 't')).toThrow(/Not a PNG/);
    expect(readPngText(new TextEncoder().encode('GIF89a...'), 'k')).toBeNull();
  });
});
