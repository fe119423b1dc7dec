import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { patchIncoherence, patchSelfScale } from './coherence';
import { DEFAULT_GPNN } from './gpnnParams';
import { copyCheckLevel, copyRedraw, INCOHERENT_LAYOUT } from './copyRedraw';
import { planGpnn } from './gpnnPlan';

const lcg = (seed: number) => {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
};

/** A landscape at a coarse level: a smooth blue sky over a textured green field. */
function landscape(h: number, w: number, seed = 3): RgbImage {
  const r = lcg(seed);
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sky = y < h / 2;
      const v = r();
      img.data.set(sky ? [0.4 + (0.2 * y) / h, 0.6, 0.95] : [0.2 + 0.3 * v, 0.5 + 0.3 * v, 0.1], (y * w + x) * 3);
    }
  return img;
}

/** The scene rearranged the way a good sample is: its columns rotated, so only the seam's patches are new. */
const shifted = (img: RgbImage, by: number): RgbImage => {
  const out = createRgbImage(img.height, img.width);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      out.data.set(
        img.data.subarray(
          (y * img.width + ((x + by) % img.width)) * 3,
          (y * img.width + ((x + by) % img.width)) * 3 + 3,
        ),
        (y * img.width + x) * 3,
      );
  return out;
};

const flipped = (img: RgbImage): RgbImage => {
  const out = createRgbImage(img.height, img.width);
  for (let y = 0; y < img.height; y++)
    out.data.set(
      img.data.subarray((img.height - 1 - y) * img.width * 3, (img.height - y) * img.width * 3),
      y * img.width * 3,
    );
  return out;
};

describe('coarse layout coherence', () => {
  it('a copy is perfectly coherent; a level too small for two apart patches has no scale', () => {
    const src = landscape(24, 30);
    expect(patchIncoherence(src, src, 7)).toBe(0);
    expect(patchSelfScale(src, 7)).toBeGreaterThan(0);
    expect(patchSelfScale(landscape(10, 10), 7)).toBe(Infinity);
  });

  it('sky under the field is made of patches the source does not have; the same scene rearranged is not', () => {
    const src = landscape(24, 30);
    const scale = patchSelfScale(src, 7);
    expect(patchIncoherence(flipped(src), src, 7) / scale).toBeGreaterThan(INCOHERENT_LAYOUT);
    expect(patchIncoherence(shifted(src, 10), src, 7) / scale).toBeLessThan(INCOHERENT_LAYOUT);
  });

  it('a sample refuses, at its last checked level, a copy (score = its distance) and an incoherent layout (score 1/ratio above any copy)', () => {
    const p = { ...DEFAULT_GPNN, coarseDim: 14 };
    const plan = planGpnn([96, 120], [96, 120], p);
    const check = copyCheckLevel(plan, p);
    expect(check).toBeGreaterThan(0);
    const [h, w] = plan.source[check];
    const src = landscape(h, w);
    const redraw = copyRedraw(plan, p, new Map([[check, src]]), 1);
    expect(redraw.checkDownTo).toBe(check);
    expect(redraw.reject(src, check)).toBe(0);
    const incoherent = redraw.reject(flipped(src), check);
    expect(incoherent).not.toBeNull();
    expect(incoherent!).toBeGreaterThan(0.03);
    expect(redraw.reject(shifted(src, Math.round(w / 3)), check)).toBeNull();
  });
});
