import { describe, expect, it } from 'vitest';
import { cpuGpnnBackend } from '../src/engine/gpnn/cpuGpnnBackend';
import { DEFAULT_GPNN } from '../src/engine/gpnn/gpnnParams';
import { createRgbImage, type RgbImage } from '../src/engine/image/rgbImage';
import { inpaintOne, inpaintTable } from './benchGpnnInpaint';

describe('the still inpainting bench', () => {
  it('fills the middle of a picture, scores it against what was there and the rest, and saves the fill and its sheet', async () => {
    // Stripes 4 px wide across a 48×64 picture: what the hole covered can be told apart from a fill of one colour.
    const src = createRgbImage(48, 64);
    for (let i = 0; i < 48 * 64; i++) src.data.fill(Math.floor((i % 64) / 4) % 2 ? 0.8 : 0.2, i * 3, i * 3 + 3);
    const saved: [string, RgbImage][] = [];
    const record = await inpaintOne(
      cpuGpnnBackend(),
      { ...DEFAULT_GPNN, nn: 'patchmatch', iterations: 2, coarseDim: 14 },
      'stripes',
      src,
      async () => 0.5,
      (file, img) => saved.push([file, img]),
    );
    expect(record).toMatchObject({ image: 'stripes', width: 64, height: 48, outside: 0, outsideMax: 0, sifid: 0.5 });
    expect(record.toTruth).toBeGreaterThanOrEqual(0);
    expect(record.toTruth).toBeLessThan(0.6);
    expect(saved.map(([f]) => f)).toEqual(['stripes-inpaint.png', 'stripes-inpaint-grid.png']);
    expect([saved[0][1].height, saved[0][1].width]).toEqual([48, 64]);
    // The sheet: the picture twice side by side, over its hole's surroundings twice at 2×.
    expect(saved[1][1].width).toBeGreaterThanOrEqual(128);
    expect(saved[1][1].height).toBeGreaterThan(48);
    const lines = inpaintTable([record, { ...record, image: 'other', sifid: 1.5, outsideMax: 0.25 }]);
    expect(lines[2]).toMatch(/^\| stripes \| 64×48 \| .* \| 0\.0000 \| 0\.000 \| 0\.500 \| /);
    expect(lines.at(-1)).toMatch(/^2 images: .*largest 0\.250; SIFID mean 1\.000, median 1\.000, worst 1\.500;/);
  }, 60_000);
});
