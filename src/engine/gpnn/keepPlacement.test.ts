import { describe, expect, it } from 'vitest';
import { createRgbImage } from '../image/rgbImage';
import { KEEP_FEATHER_PX, keptWeights, pasteKeptObjects, placeKeptObjects } from './keepPlacement';
import { MASK_KEEP } from './gpnnTask';

/** Coverage 1 on the rows y0..y1−1 and columns x0..x1−1 of an h×w level, else 0. */
function box(h: number, w: number, y0: number, y1: number, x0: number, x1: number): Float32Array {
  const c = new Float32Array(h * w);
  for (let y = y0; y < y1; y++) c.fill(1, y * w + x0, y * w + x1);
  return c;
}

describe('keptWeights', () => {
  it('fades a region in from its edge over KEEP_FEATHER_PX at full size, and is 1 further in', () => {
    const [w] = keptWeights([box(20, 20, 5, 17, 4, 16)], [20, 20], [20, 20]);
    const row = Array.from(w.subarray(11 * 20, 12 * 20));
    // Row 11 crosses the region from column 4 to 15: 1/3, 2/3, then whole, and back down.
    expect(KEEP_FEATHER_PX).toBe(3);
    expect(row.slice(3, 17)).toEqual([0, 1 / 3, 2 / 3, 1, 1, 1, 1, 1, 1, 1, 1, 2 / 3, 1 / 3, 0].map(Math.fround));
  });

  it('does not fade where the region meets the frame of the picture, nor at a coarse level', () => {
    const [w] = keptWeights([box(20, 20, 0, 10, 0, 10)], [20, 20], [20, 20]);
    expect(w[0]).toBe(1);
    expect(w[9 * 20 + 0]).toBe(Math.fround(1 / 3));
    // A level a third of the source's side: the fade is 1 px, so the whole region is pasted as it is.
    const [coarse] = keptWeights([box(20, 20, 5, 15, 5, 15)], [20, 20], [60, 60]);
    expect(new Set(Array.from(coarse))).toEqual(new Set([0, 1]));
  });
});

describe('pasteKeptObjects', () => {
  it('blends by the weight: the rim mixes the source with what was there, the inside is the source exactly', () => {
    const labels = new Uint8Array(20 * 20);
    for (let y = 4; y < 16; y++) labels.fill(MASK_KEEP, y * 20 + 4, y * 20 + 16);
    const objects = placeKeptObjects(labels, [20, 20], [20, 20]);
    const source = createRgbImage(20, 20);
    source.data.fill(1);
    const out = createRgbImage(20, 20);
    const weights = keptWeights([box(20, 20, 4, 16, 4, 16)], [20, 20], [20, 20]);
    pasteKeptObjects(out, source, objects, weights, [20, 20], [20, 20]);
    const at = (y: number, x: number) => out.data[3 * (y * 20 + x)];
    expect([at(10, 3), at(10, 4), at(10, 5), at(10, 6), at(10, 10)]).toEqual([0, 1 / 3, 2 / 3, 1, 1].map(Math.fround));
  });
});
