import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PYRAMID,
  pyramidDepth,
  pyramidPlan,
  pyramidShapes,
  scaledShapes,
  validatePyramidParams,
} from './pyramidShape';

const R = 4 / 3;

describe('pyramid depth', () => {
  it('follows n = ceil(log(min(H,W)/coarseDim) / log R)', () => {
    // Places50 images are 188×250: log(188/14)/log(4/3) = 9.03 → 10 levels below the source.
    expect(pyramidDepth(188, 250, DEFAULT_PYRAMID)).toBe(10);
    expect(pyramidDepth(250, 188, DEFAULT_PYRAMID)).toBe(10);
    for (const [h, w] of [
      [32, 40],
      [64, 64],
      [100, 37],
      [512, 384],
      [1000, 3000],
    ]) {
      const expected = Math.ceil(Math.log(Math.min(h, w) / 14) / Math.log(R) - 1e-9);
      expect(pyramidDepth(h, w, DEFAULT_PYRAMID)).toBe(expected);
    }
  });

  it('does not add a level when the ratio divides exactly (log round-off guard)', () => {
    expect(pyramidDepth(128, 200, { ratio: 2, coarseDim: 16 })).toBe(3);
    expect(pyramidDepth(129, 200, { ratio: 2, coarseDim: 16 })).toBe(4);
  });

  it('is 0 when the image is already at or below the coarsest size', () => {
    expect(pyramidDepth(14, 30, DEFAULT_PYRAMID)).toBe(0);
    expect(pyramidDepth(10, 10, DEFAULT_PYRAMID)).toBe(0);
  });
});

describe('pyramid shapes', () => {
  it("are skimage's pyramid_gaussian (ceil(side/R) from the level above), geometric, never divided by k·R", () => {
    const shapes = pyramidShapes(188, 250, DEFAULT_PYRAMID);
    expect(shapes).toHaveLength(11);
    // The reference code's levels for a Places50 image, finest first.
    expect(shapes.slice(0, 10)).toEqual([
      [188, 250],
      [141, 188],
      [106, 141],
      [80, 106],
      [60, 80],
      [45, 60],
      [34, 45],
      [26, 34],
      [20, 26],
      [15, 20],
    ]);
    shapes.slice(0, -1).forEach(([h], k) => expect(Math.abs(h - 188 / R ** k)).toBeLessThan(2));
    // The classic bug divides by k·R: level 3 would then be 188/4 = 47 rows instead of 80.
    expect(shapes[3][0]).toBe(80);
  });

  it('end with a coarsest level whose shorter side is exactly coarseDim (the aspect kept, or squeezed square)', () => {
    expect(pyramidShapes(188, 250, DEFAULT_PYRAMID)[10]).toEqual([14, 14]);
    expect(pyramidShapes(188, 250, { ...DEFAULT_PYRAMID, coarseShape: 'aspect' })[10]).toEqual([14, 19]);
    expect(pyramidShapes(250, 188, { ...DEFAULT_PYRAMID, coarseShape: 'aspect' })[10]).toEqual([19, 14]);
    for (const [H, W] of [
      [188, 250],
      [64, 64],
      [45, 90],
      [700, 500],
      [250, 188],
      [33, 500],
    ]) {
      expect(pyramidShapes(H, W, DEFAULT_PYRAMID).at(-1)).toEqual([14, 14]);
      const shapes = pyramidShapes(H, W, { ...DEFAULT_PYRAMID, coarseShape: 'aspect' });
      const coarsest = shapes[shapes.length - 1];
      expect(Math.min(...coarsest)).toBe(14);
      expect(coarsest[0] / coarsest[1]).toBeCloseTo(H / W, 0);
      // Every level above the coarsest is at least as large: the coarsest is a downscale of the level above.
      for (const s of shapes.slice(0, -1)) expect(Math.min(...s)).toBeGreaterThanOrEqual(14);
    }
  });

  it('keep (height, width) order for tall and wide images', () => {
    for (const [H, W] of [
      [300, 120],
      [120, 300],
      [77, 301],
    ]) {
      // Every level but the coarsest, which the default squeezes square.
      const shapes = pyramidShapes(H, W, DEFAULT_PYRAMID).slice(0, -1);
      expect(shapes[0]).toEqual([H, W]);
      for (const [h, w] of [...shapes, ...pyramidShapes(H, W, { ...DEFAULT_PYRAMID, coarseShape: 'aspect' })]) {
        expect(Math.sign(h - w)).toBe(Math.sign(H - W));
        expect(h / w).toBeCloseTo(H / W, 0);
      }
    }
  });

  it('shrink from level to level', () => {
    const shapes = pyramidShapes(33, 500, DEFAULT_PYRAMID);
    for (let k = 1; k < shapes.length; k++) {
      expect(shapes[k][0]).toBeLessThanOrEqual(shapes[k - 1][0]);
      expect(shapes[k][1]).toBeLessThan(shapes[k - 1][1]);
    }
  });

  it('blur every level from the one before with sigma = 2R/6, and make the coarsest by an anti-aliased resize', () => {
    const plan = pyramidPlan(188, 250, { ...DEFAULT_PYRAMID, coarseShape: 'aspect' });
    expect(plan[0].steps).toEqual([]);
    for (const level of plan.slice(1, -1)) {
      expect(level.steps.map((s) => s.axis)).toEqual(['width', 'height']);
      for (const s of level.steps) expect(s.filter).toEqual({ kind: 'blurLinear', sigma: (2 * R) / 6 });
    }
    // 15×20 → 14×19: σ = (in/out − 1)/2 per axis, as skimage's resize.
    const coarse = plan[10].steps;
    expect(coarse.map((s) => [s.axis, s.outLen])).toEqual([
      ['width', 19],
      ['height', 14],
    ]);
    expect(coarse[0].filter).toEqual({ kind: 'blurLinear', sigma: (20 / 19 - 1) / 2 });
  });

  it('scale an output pyramid by the output factors, exactly the output at level 0', () => {
    const src = pyramidShapes(188, 250, DEFAULT_PYRAMID);
    const out = scaledShapes(src, [188, 375]);
    expect(out[0]).toEqual([188, 375]);
    out.forEach(([h, w], k) => {
      expect(h).toBe(src[k][0]);
      expect(w).toBe(Math.round(src[k][1] * 1.5));
    });
  });
});

describe('pyramid parameters', () => {
  it('accept the defaults and reject nonsense with a message', () => {
    expect(validatePyramidParams(DEFAULT_PYRAMID)).toBeNull();
    expect(validatePyramidParams({ ratio: 1, coarseDim: 14 })).toMatch(/ratio/);
    expect(validatePyramidParams({ ratio: Number.NaN, coarseDim: 14 })).toMatch(/ratio/);
    expect(validatePyramidParams({ ratio: 4 / 3, coarseDim: 3 })).toMatch(/Coarsest/);
    expect(validatePyramidParams({ ratio: 4 / 3, coarseDim: 14.5 })).toMatch(/Coarsest/);
  });
});
