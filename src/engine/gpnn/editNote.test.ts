import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { cpuGpnnBackend } from './cpuGpnnBackend';
import { DEFAULT_GPNN, type GpnnParams } from './gpnnParams';
import { EDIT_ALPHA } from './gpnnTask';
import { editRegionDistances, editStartHint, gpnnOutputWarning, type GpnnOutputNote } from './outputNotes';
import { runGpnnTask } from './runGpnnTask';

/** Grass with a purple flower bed (top left) and a beige path down the middle, with grain. */
function park(h: number, w: number): RgbImage {
  let s = 11;
  const r = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const g = 0.1 * r();
      const bed = y >= 6 && y < 20 && x >= 4 && x < 24;
      const path = x >= 36 && x < 52;
      img.data.set(
        bed ? [0.4 + g, 0.2, 0.6 + g] : path ? [0.8 + g, 0.7 + g, 0.55] : [0.2, 0.55 + g, 0.15 + g],
        (y * w + x) * 3,
      );
    }
  }
  return img;
}

const P: GpnnParams = { ...DEFAULT_GPNN, iterations: 3, nn: 'exact' };
// Part of the flower bed, moved onto the path.
const from = { y: 8, x: 6, height: 10, width: 12 };
const to = { y: 30, x: 38 };

async function edit(startLevel: number, alpha: number) {
  const src = park(48, 64);
  let note: GpnnOutputNote | undefined;
  const [out] = await runGpnnTask(cpuGpnnBackend(), { source: src }, { kind: 'edit', from, to, startLevel, alpha }, P, {
    onOutput: (_i, _o, _s, n) => void (note = n),
  });
  return { note, ...editRegionDistances(src, out, from, to) };
}

describe('an edit that comes back as the source', () => {
  it('is named, with both distances and what helps, when the moved region ends as what it covered', async () => {
    const { note, toCopy, toSource } = await edit(3, EDIT_ALPHA);
    expect(toSource).toBeLessThan(toCopy);
    if (note?.kind !== 'edit-undone') throw new Error(`expected an edit note, got ${JSON.stringify(note)}`);
    expect(note).toMatchObject({ toCopy, toSource, alpha: EDIT_ALPHA, startLevel: 3 });
    expect(gpnnOutputWarning(note)).toMatch(
      /^This edit came back as the source: .* Start at scale 0 and raise alpha \(e\.g\. to 100\)/,
    );
  });

  it('is not named when the copy stays (a fine start scale and a large alpha)', async () => {
    const { note, toCopy, toSource } = await edit(0, 100);
    expect(toCopy).toBeLessThan(toSource);
    expect(note).toBeUndefined();
  });

  it('suggests the coarsest start scale at which the region is two patches across', () => {
    expect(editStartHint(13, 7, 4 / 3)).toBe(0);
    expect(editStartHint(14 * (4 / 3) ** 3 + 0.01, 7, 4 / 3)).toBe(3);
  });
});
