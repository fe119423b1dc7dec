import { describe, expect, it } from 'vitest';

import { createRgbImage } from '../image/rgbImage';
import { SINGAN_PRESETS } from './singanConfig';
import { buildRealPyramid, channelsAtScale, singanPyramid, singanScaleShapes } from './singanPyramid';

const paper = SINGAN_PRESETS.paper;

// Printed by the public code's adjust_scales2image + creat_reals_pyramid
// formulas in CPython (min_size 25, max_size 250, scale_factor_init 0.75).
const PUBLIC_CODE: [[number, number], number, [number, number][]][] = [
  [
    [250, 188],
    0.7991760533846793,
    [
      [34, 26],
      [42, 32],
      [53, 40],
      [66, 49],
      [82, 62],
      [102, 77],
      [128, 96],
      [160, 121],
      [200, 151],
      [250, 188],
    ],
  ],
  [
    [188, 250],
    0.7991760533846793,
    [
      [26, 34],
      [32, 42],
      [40, 53],
      [49, 66],
      [62, 82],
      [77, 102],
      [96, 128],
      [121, 160],
      [151, 200],
      [188, 250],
    ],
  ],
  [
    [256, 256],
    0.7742636826811271,
    [
      [26, 26],
      [33, 33],
      [42, 42],
      [54, 54],
      [70, 70],
      [90, 90],
      [117, 117],
      [150, 150],
      [194, 194],
      [250, 250],
    ],
  ],
  [
    [300, 400],
    0.777092593900622,
    [
      [25, 34],
      [33, 43],
      [42, 56],
      [54, 71],
      [69, 92],
      [89, 118],
      [114, 151],
      [147, 195],
      [188, 250],
    ],
  ],
  [
    [1000, 500],
    0.7945974047018523,
    [
      [50, 25],
      [63, 32],
      [80, 40],
      [100, 50],
      [126, 63],
      [158, 79],
      [199, 100],
      [250, 125],
    ],
  ],
  [
    [183, 275],
    0.7623857867034582,
    [
      [25, 38],
      [33, 50],
      [44, 65],
      [57, 85],
      [75, 111],
      [98, 146],
      [128, 191],
      [167, 250],
    ],
  ],
  [
    [100, 60],
    0.8393783274853875,
    [
      [42, 25],
      [50, 30],
      [60, 36],
      [71, 43],
      [84, 51],
      [100, 60],
    ],
  ],
  [
    [32, 32],
    0.8838834764831844,
    [
      [26, 26],
      [29, 29],
      [32, 32],
    ],
  ],
];

describe('SinGAN scale shapes', () => {
  for (const [[h, w], factor, shapes] of PUBLIC_CODE) {
    it(`${h}×${w} as the public code computes it`, () => {
      const p = singanPyramid(paper, h, w);
      expect(p.shapes).toEqual(shapes);
      expect(p.scaleFactor).toBeCloseTo(factor, 14);
      expect(singanScaleShapes(paper, h, w)).toEqual(shapes);
    });
  }

  it('keeps the coarsest shorter side ≥ minSize and the finest longer side ≤ maxSize', () => {
    for (const [h, w] of [
      [250, 188],
      [97, 300],
      [640, 480],
      [31, 29],
      [512, 128],
    ]) {
      const shapes = singanScaleShapes(paper, h, w);
      expect(Math.min(...shapes[0])).toBeGreaterThanOrEqual(paper.minSize);
      expect(Math.max(...shapes[shapes.length - 1])).toBeLessThanOrEqual(paper.maxSize);
      for (let i = 1; i < shapes.length; i++) {
        expect(shapes[i][0]).toBeGreaterThanOrEqual(shapes[i - 1][0]);
        expect(shapes[i][1]).toBeGreaterThanOrEqual(shapes[i - 1][1]);
      }
    }
  });

  it('fast preset: fewer, smaller scales', () => {
    const fast = singanScaleShapes(SINGAN_PRESETS.fast, 250, 188);
    expect(fast[fast.length - 1]).toEqual([128, 97]);
    expect(fast.length).toBeLessThan(10);
  });

  it('refuses an image whose shorter side is below minSize', () => {
    expect(() => singanPyramid(paper, 20, 100)).toThrow(/shorter side.*at least the smallest scale \(25 px\)/);
    expect(() => singanPyramid(paper, 1000, 90)).toThrow(/becomes 23×250 px/);
  });

  it('channels: 32 doubled every 4 scales, at most 128', () => {
    expect([0, 3, 4, 7, 8, 11, 12, 20].map((s) => channelsAtScale(paper, s))).toEqual([
      32, 32, 64, 64, 128, 128, 128, 128,
    ]);
  });

  it('builds the real pyramid at those shapes', () => {
    const img = createRgbImage(40, 30, new Float32Array(40 * 30 * 3).fill(0.25));
    const shapes = singanScaleShapes(paper, 40, 30);
    const reals = buildRealPyramid(img, shapes);
    expect(reals.map((r) => [r.height, r.width])).toEqual(shapes);
    for (const r of reals) for (const v of r.data) expect(v).toBeCloseTo(0.25, 6);
  });
});
