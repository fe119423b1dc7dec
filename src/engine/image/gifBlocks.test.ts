import { describe, expect, it } from 'vitest';

import { encodeTestGif, waterfallFrames } from '../../../scripts/make-test-gifs';
import { declaredFrames } from './frameCount';
import { walkGifImages } from './gifBlocks';

describe('walkGifImages', () => {
  const gif = encodeTestGif(waterfallFrames({ size: 16, frames: 5 }));

  it('counts every image, or stops after a limit just past that image', () => {
    expect(walkGifImages(gif)).toEqual({ images: 5, end: gif.length - 1 });
    expect(gif[gif.length - 1]).toBe(0x3b);
    const three = walkGifImages(gif, 3);
    expect(three.images).toBe(3);
    // Cut there, with a trailer, the file holds exactly those three images.
    const cut = new Uint8Array([...gif.subarray(0, three.end), 0x3b]);
    expect(walkGifImages(cut)).toEqual({ images: 3, end: cut.length - 1 });
    expect(declaredFrames(cut, 'gif')).toBe(3);
  });

  it('says when the last image is cut short, and reads nothing from a file too short for a header', () => {
    const partial = gif.subarray(0, walkGifImages(gif, 2).end + 40);
    const walked = walkGifImages(partial);
    expect(walked.images).toBe(3);
    expect(walked.end).toBeGreaterThan(partial.length);
    expect(walkGifImages(new Uint8Array(5))).toEqual({ images: 0, end: 5 });
    expect(declaredFrames(new Uint8Array(5), 'gif')).toBe(1);
  });
});
