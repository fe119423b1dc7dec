import { decompressFrames, parseGIF } from 'gifuct-js';
import { describe, expect, it } from 'vitest';
import {
  encodeTestGif,
  movingObjectFrames,
  testGifs,
  waterfallFrames,
  type TestFrame,
} from '../../scripts/make-test-gifs';

const row = (f: TestFrame, y: number) => Array.from(f.rgba.subarray(y * f.width * 4, (y + 1) * f.width * 4));

/** Columns of the middle row that are the object's dark border. */
function borderColumns(f: TestFrame): number[] {
  const y = f.height / 2;
  const cols: number[] = [];
  for (let x = 0; x < f.width; x++)
    if (f.rgba[(y * f.width + x) * 4] === 20 && f.rgba[(y * f.width + x) * 4 + 2] === 28) cols.push(x);
  return cols;
}

describe('scripts/make-test-gifs', () => {
  it('scrolls the waterfall down by step px a frame, wrapping round', () => {
    const frames = waterfallFrames({ frames: 5, step: 4 });
    expect(frames).toHaveLength(5);
    for (const f of frames) expect([f.height, f.width]).toEqual([32, 32]);
    for (let t = 1; t < 5; t++) {
      for (let y = 0; y < 32; y++)
        expect(row(frames[t], y), `frame ${t} row ${y}`).toEqual(row(frames[0], (y - 4 * t + 32 * 4) % 32));
    }
    expect(row(frames[0], 0)).not.toEqual(row(frames[0], 4));
  });

  it('moves the object right by step px a frame over a background that stays', () => {
    const frames = movingObjectFrames({ frames: 6, step: 3 });
    expect(frames).toHaveLength(6);
    const starts = frames.map((f) => borderColumns(f)[0]);
    expect(starts).toEqual([2, 5, 8, 11, 14, 17]);
    // The top rows are background only: the same in every frame.
    for (const f of frames) expect(row(f, 0)).toEqual(row(frames[0], 0));
    expect(() => movingObjectFrames({ frames: 6, step: 6 })).toThrow(/out of a 32-px frame/);
  });

  it('writes small looping GIFs with the frames and delay asked for', () => {
    const gifs = testGifs({ frames: 4, delayMs: 80 });
    for (const bytes of Object.values(gifs)) {
      const parsed = parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      expect([parsed.lsd.width, parsed.lsd.height]).toEqual([32, 32]);
      const frames = decompressFrames(parsed, true);
      expect(frames.map((f) => f.delay)).toEqual([80, 80, 80, 80]);
      expect(bytes.length).toBeLessThan(8000);
    }
  });

  it('stores changed rectangles only when asked: the moving object’s frames shrink to its path', () => {
    const bytes = encodeTestGif(movingObjectFrames(), { subRectangles: true });
    const frames = decompressFrames(parseGIF(bytes.buffer.slice(0) as ArrayBuffer), true);
    expect(frames[0].dims).toEqual({ top: 0, left: 0, width: 32, height: 32 });
    for (const f of frames.slice(1)) {
      expect(f.dims.width).toBeLessThan(32);
      expect([f.dims.top, f.dims.height]).toEqual([12, 8]);
      expect(f.disposalType).toBe(1);
    }
  });
});
