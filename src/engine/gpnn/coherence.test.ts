import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { patchIncoherence, patchIncompleteness, patchSelfScale } from './coherence';
import { DEFAULT_GPNN } from './gpnnParams';
import {
  copyCheckLevel,
  copyRedraw,
  INCOHERENT_LAYOUT,
  INCOHERENT_QUANTILE,
  INCOMPLETE_LAYOUT,
  INCOMPLETE_QUANTILE,
} from './copyRedraw';
import { planGpnn } from './gpnnPlan';

const lcg = (seed: number) => {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
};

/**
 * A landscape at a coarse level: a smooth blue sky over a green field whose
 * texture wraps around the width under a fine grain, so the field rotated
 * sideways is still made of the source's patches (but for the grain at the
 * wrap), as a sound GPNN rearrangement is.
 */
function landscape(h: number, w: number, seed = 3, skyRows = h / 2): RgbImage {
  const r = lcg(seed);
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = 0.5 + 0.45 * Math.sin((2 * Math.PI * x) / w + 0.7 * y) + 0.02 * r();
      img.data.set(
        y < skyRows ? [0.4 + (0.2 * y) / h, 0.6, 0.95] : [0.1 + 0.8 * v, 0.2 + 0.7 * v, 0.1],
        (y * w + x) * 3,
      );
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

/** The same field, every row of it, with no sky: every patch of it is one the source's field has (but for the grain). */
const noSky = (h: number, w: number) => landscape(h, w, 3, 0);

describe('coarse layout coherence', () => {
  it('a copy is perfectly coherent; a level too small for two apart patches has no scale', () => {
    const src = landscape(24, 30);
    expect(patchIncoherence(src, src, 7, 0.97)).toBe(0);
    expect(patchSelfScale(src, 7)).toBeGreaterThan(0);
    expect(patchSelfScale(landscape(10, 10), 7)).toBe(Infinity);
  });

  it('sky under the field is made of patches the source does not have; the same scene rearranged is not', () => {
    const src = landscape(24, 30);
    const scale = patchSelfScale(src, 7);
    expect(patchIncoherence(flipped(src), src, 7, INCOHERENT_QUANTILE) / scale).toBeGreaterThan(INCOHERENT_LAYOUT);
    expect(patchIncoherence(shifted(src, 8), src, 7, INCOHERENT_QUANTILE) / scale).toBeLessThan(INCOHERENT_LAYOUT);
  });

  it('a layout without the sky is coherent but incomplete; the same scene rearranged is complete', () => {
    const src = landscape(24, 30);
    const scale = patchSelfScale(src, 7);
    expect(patchIncompleteness(src, src, 7, INCOMPLETE_QUANTILE)).toBe(0);
    expect(patchIncoherence(noSky(24, 30), src, 7, INCOHERENT_QUANTILE) / scale).toBeLessThan(INCOHERENT_LAYOUT);
    expect(patchIncompleteness(noSky(24, 30), src, 7, INCOMPLETE_QUANTILE) / scale).toBeGreaterThan(INCOMPLETE_LAYOUT);
    expect(patchIncompleteness(shifted(src, 8), src, 7, INCOMPLETE_QUANTILE) / scale).toBeLessThan(INCOMPLETE_LAYOUT);
  });

  it('a sample refuses, at its last checked level, a copy (score = its distance), an incoherent and an incomplete layout (scored above any copy)', () => {
    const p = { ...DEFAULT_GPNN, coarseDim: 14 };
    const plan = planGpnn([96, 120], [96, 120], p);
    const check = copyCheckLevel(plan, p);
    expect(check).toBeGreaterThan(0);
    const [h, w] = plan.source[check];
    const src = landscape(h, w);
    const job = { levels: new Map([[check, src]]), selfScales: new Map<number, number>() };
    const redraw = copyRedraw(plan, p, job, 1);
    expect(redraw.checkDownTo).toBe(check);
    expect(redraw.reject(src, check)).toBe(0);
    const incoherent = redraw.reject(flipped(src), check);
    expect(incoherent).not.toBeNull();
    expect(incoherent!).toBeGreaterThan(0.03);
    const incomplete = redraw.reject(noSky(h, w), check);
    expect(incomplete).not.toBeNull();
    expect(incomplete!).toBeGreaterThan(0.03);
    expect(redraw.reject(shifted(src, Math.round(w / 4)), check)).toBeNull();
    // The source's own scale is computed once, kept with the job's levels for its other samples.
    expect([...job.selfScales]).toEqual([[check, patchSelfScale(src, p.patchSize)]]);
  });
});
