import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { frameFileName, zipPngs } from './zipPngs';

describe('PNG zip', () => {
  it('names the frames in order and keeps their bytes', () => {
    const pngs = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])];
    const files = unzipSync(zipPngs(pngs));
    expect(Object.keys(files).sort()).toEqual(['frame-0001.png', 'frame-0002.png']);
    expect(Array.from(files['frame-0002.png'])).toEqual([4, 5]);
    expect(frameFileName(99)).toBe('frame-0100.png');
  });

  it('refuses no frames and too many', () => {
    expect(() => zipPngs([])).toThrow(/no frames/);
    expect(() => zipPngs(Array(1001).fill(new Uint8Array(1)))).toThrow(/At most 1000/);
  });
});
