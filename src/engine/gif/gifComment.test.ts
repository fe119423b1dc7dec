import { decompressFrames, parseGIF } from 'gifuct-js';
import { describe, expect, it } from 'vitest';
import { encodeGif } from './encodeGif';
import { addGifComment, readGifComments } from './gifComment';

const frames = [0, 1, 2].map((t) => ({
  height: 5,
  width: 7,
  rgba: new Uint8ClampedArray(5 * 7 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 11 + t * 60) % 256)),
}));

describe('GIF comments', () => {
  it('adds a comment that decoders skip, and reads it back, however long', async () => {
    const gif = await encodeGif(frames, { fps: 10, loop: 'loop' });
    const text = `recipe ${'x'.repeat(700)} end`;
    const withComment = addGifComment(gif, text);
    expect(readGifComments(withComment)).toEqual([text]);
    expect(readGifComments(gif)).toEqual([]);
    const a = decompressFrames(
      parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength) as ArrayBuffer),
      true,
    );
    const b = decompressFrames(parseGIF(withComment.buffer as ArrayBuffer), true);
    expect(b.map((f) => Array.from(f.patch))).toEqual(a.map((f) => Array.from(f.patch)));
  });

  it('refuses what it cannot write, and reads nothing from other files', () => {
    expect(() => addGifComment(new Uint8Array([1, 2, 3]), 'a')).toThrow(/Not a GIF/);
    expect(readGifComments(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toEqual([]);
  });
});
