import { describe, expect, it } from 'vitest';
import { DEFAULT_PYRAMID, levelShape, pyramidDepth, pyramidShapes, validatePyramidParams } from './pyramidShape';

const R = 4 / 3;

describe('pyramid depth', () => {
  it('follows n = ceil(log(min(H,W)/coarseDim) / log R)', () => {
    // Places50 images are 188×250: log(188/14)/log(4/3) = 9.03 → 10 levels below the source.
    expect(pyramidDepth(188, 250, DEFAULT_PYRAMID)).toBe(10);
    expect(pyramidDepth(250, 188, DEFAULT_PYRAMID)).toBe(10);
    for (const [h, w] of [[32, 40], [64, 64], [100, 37], [512, 384], [1000, 3000]]) {
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
  it('are geometric: level k is the source divided by R^k, never by k·R', () => {
    const shapes = pyramidShapes(188, 250, DEFAULT_PYRAMID);
    expect(shapes).toHaveLength(11);
    shapes.forEach(([h, w], k) => {
      expect(h).toBe(Math.round(188 / R ** k));
      expect(w).toBe(Math.round(250 / R ** k));
    });
    // The classic bug divides by k·R: level 3 would then be 188/4 = 47 rows instead of 79.
    expect(shapes[3][0]).toBe(79);
  });

  it('keep (height, width) order for tall and wide images', () => {
    for (const [H, W] of [[300, 120], [120, 300], [77, 301]]) {
      const shapes = pyramidShapes(H, W, DEFAULT_PYRAMID);
      expect(shapes[0]).toEqual([H, W]);
      for (const [h, w] of shapes) {
        expect(Math.sign(h - w)).toBe(Math.sign(H - W));
        expect(h / w).toBeCloseTo(H / W, 0);
      }
    }
  });

  it('end with a coarsest shorter side at most coarseDim and above coarseDim / R', () => {
    for (const [H, W] of [[188, 250], [64, 64], [45, 90], [700, 500]]) {
      const shapes = pyramidShapes(H, W, DEFAULT_PYRAMID);
      const coarsest = Math.min(...shapes[shapes.length - 1]);
      expect(coarsest).toBeLessThanOrEqual(14);
      expect(coarsest).toBeGreaterThanOrEqual(Math.floor(14 / R));
      // Every level above the coarsest is (before rounding) still larger than coarseDim.
      for (const s of shapes.slice(0, -1)) expect(Math.min(...s)).toBeGreaterThanOrEqual(14);
    }
  });

  it('shrink strictly from level to level', () => {
    const shapes = pyramidShapes(33, 500, DEFAULT_PYRAMID);
    for (let k = 1; k < shapes.length; k++) {
      expect(shapes[k][0]).toBeLessThanOrEqual(shapes[k - 1][0]);
      expect(shapes[k][1]).toBeLessThan(shapes[k - 1][1]);
    }
    expect(levelShape(10, 10, 40, R)).toEqual([1, 1]);
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
