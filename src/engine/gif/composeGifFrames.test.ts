import { decompressFrames, parseGIF } from 'gifuct-js';
import { describe, expect, it } from 'vitest';
import { encodeTestGif, movingObjectFrames, waterfallFrames } from '../../../scripts/make-test-gifs';
import { composeGifFrames, type GifFramePatch } from './composeGifFrames';

/** A frame rectangle filled with one grey level (0 = transparent). */
function patch(
  top: number,
  left: number,
  height: number,
  width: number,
  grey: number,
  disposalType = 1,
): GifFramePatch {
  const rgba = new Uint8ClampedArray(height * width * 4);
  for (let i = 0; i < height * width; i++) rgba.set(grey === 0 ? [0, 0, 0, 0] : [grey, grey, grey, 255], i * 4);
  return { dims: { top, left, height, width }, patch: rgba, disposalType };
}

/** The grey level (or '.' for transparent) of every pixel of a 3×3 frame, row by row. */
const greys = (rgba: Uint8ClampedArray) =>
  Array.from({ length: 3 }, (_, y) =>
    Array.from({ length: 3 }, (_, x) => (rgba[(y * 3 + x) * 4 + 3] ? rgba[(y * 3 + x) * 4] : '.')).join(' '),
  );

function decode(gif: Uint8Array) {
  const parsed = parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength) as ArrayBuffer);
  return composeGifFrames(parsed.lsd.width, parsed.lsd.height, decompressFrames(parsed, true));
}

describe('composeGifFrames', () => {
  it('draws each sub-rectangle over the frames before it, transparent pixels showing through', () => {
    const hole = patch(0, 0, 1, 2, 5);
    hole.patch.fill(0, 0, 4); // its first pixel is transparent
    const frames = composeGifFrames(3, 3, [patch(0, 0, 3, 3, 1), patch(1, 1, 2, 2, 2), hole]);
    expect(frames.map(greys)).toEqual([
      ['1 1 1', '1 1 1', '1 1 1'],
      ['1 1 1', '1 2 2', '1 2 2'],
      ['1 5 1', '1 2 2', '1 2 2'],
    ]);
  });

  it('disposal 2 clears the frame’s rectangle to transparent after it shows; 3 restores what was there before', () => {
    const cleared = composeGifFrames(3, 3, [patch(0, 0, 3, 3, 1), patch(0, 0, 2, 2, 2, 2), patch(2, 2, 1, 1, 3)]);
    expect(cleared.map(greys)).toEqual([
      ['1 1 1', '1 1 1', '1 1 1'],
      ['2 2 1', '2 2 1', '1 1 1'],
      ['. . 1', '. . 1', '1 1 3'],
    ]);
    const restored = composeGifFrames(3, 3, [patch(0, 0, 3, 3, 1), patch(0, 0, 2, 2, 2, 3), patch(2, 2, 1, 1, 3)]);
    expect(restored.map(greys)[2]).toEqual(['1 1 1', '1 1 1', '1 1 3']);
  });

  it('leaves uncovered pixels transparent and clips rectangles that overhang the screen', () => {
    const frames = composeGifFrames(3, 3, [patch(1, 1, 4, 4, 9)]);
    expect(greys(frames[0])).toEqual(['. . .', '. 9 9', '. 9 9']);
  });

  it('gives the same frames for a GIF stored as changed rectangles as for the same GIF stored whole', () => {
    for (const frames of [movingObjectFrames(), waterfallFrames({ frames: 4 })]) {
      const whole = decode(encodeTestGif(frames));
      const parts = decode(encodeTestGif(frames, { subRectangles: true }));
      expect(parts).toHaveLength(frames.length);
      parts.forEach((f, i) => expect(f, `frame ${i}`).toEqual(whole[i]));
    }
  });
});
