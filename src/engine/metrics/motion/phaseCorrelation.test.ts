import { describe, expect, it } from 'vitest';

import type { RgbImage } from '../../image/rgbImage';
import { cropRgb, cyclicShift, fourierShiftedCrop, valley } from '../../../testing/motionTestHelpers';
import { hannWindow, phaseCorrelation, wrapShift } from './phaseCorrelation';

/** Textured spots of the example image (ridges and forest), as (top, left) of a 64×64 block. */
const REGIONS: readonly (readonly [number, number])[] = [
  [100, 60],
  [110, 150],
];

/** A dark frame with one bright 3×3 square at (y, x). */
function dot(height: number, width: number, y: number, x: number): RgbImage {
  const data = new Float32Array(height * width * 3);
  for (let dy = 0; dy < 3; dy++)
    for (let dx = 0; dx < 3; dx++) data.fill(1, ((y + dy) * width + x + dx) * 3, ((y + dy) * width + x + dx + 1) * 3);
  return { height, width, data };
}

describe('phaseCorrelation', () => {
  it('reports content moving down and right as positive dy and dx, and the way back as negative', () => {
    const a = dot(32, 32, 10, 10);
    const b = dot(32, 32, 13, 15);
    const forward = phaseCorrelation(a, b);
    expect(forward.dy).toBeCloseTo(3, 1);
    expect(forward.dx).toBeCloseTo(5, 1);
    const back = phaseCorrelation(b, a);
    expect(back.dy).toBeCloseTo(-3, 1);
    expect(back.dx).toBeCloseTo(-5, 1);
  });

  it('recovers any whole-pixel cyclic shift exactly without a window on power-of-two frames', () => {
    const cases: [number, number, [number, number][]][] = [
      [
        32,
        32,
        [
          [3, 5],
          [-4, 7],
          [0, -9],
          [14, -14],
          [16, 1],
          [-15, 15],
        ],
      ],
      [
        16,
        64,
        [
          [1, -1],
          [-7, 30],
          [8, -31],
          [5, 0],
        ],
      ],
    ];
    for (const [height, width, shifts] of cases) {
      const base = cropRgb(valley(), 100, 60, height, width);
      for (const [dy, dx] of shifts) {
        const found = phaseCorrelation(base, cyclicShift(base, dy, dx), { window: 'none' });
        expect([found.dy, found.dx], `${height}×${width} shifted by ${dy}, ${dx}`).toEqual([
          expect.closeTo(dy, 6),
          expect.closeTo(dx, 6),
        ]);
        expect(found.peak).toBeGreaterThan(0.99);
      }
    }
  });

  it('recovers whole-pixel cyclic shifts up to a fifth of the frame with the Hann window, any frame size, to 0.2 px', () => {
    for (const [height, width] of [
      [32, 32],
      [24, 40],
      [37, 29],
      [48, 64],
    ]) {
      // The wrap-round seam inside a cyclically shifted frame is an edge the other frame lacks, so the
      // reliable range is smaller than for a real translation (next test): up to a fifth of the frame.
      const fifthY = Math.floor(height / 5);
      const fifthX = Math.floor(width / 5);
      for (const [top, left] of REGIONS) {
        const base = cropRgb(valley(), top, left, height, width);
        for (const [dy, dx] of [
          [3, 5],
          [-4, 7],
          [fifthY, 0],
          [0, -fifthX],
          [-fifthY, fifthX],
        ]) {
          const found = phaseCorrelation(base, cyclicShift(base, dy, dx));
          const what = `${height}×${width} at (${top}, ${left}) shifted by ${dy}, ${dx}: found ${found.dy}, ${found.dx}`;
          // + 0 turns a rounded −0 into 0.
          expect([Math.round(found.dy) + 0, Math.round(found.dx) + 0], what).toEqual([dy, dx]);
          expect(Math.max(Math.abs(found.dy - dy), Math.abs(found.dx - dx)), what).toBeLessThan(0.2);
        }
      }
    }
  });

  it('recovers whole-pixel shifts of a view moving over a larger image (not cyclic) within 0.5 px, up to a quarter of the frame', () => {
    for (const [height, width] of [
      [32, 32],
      [24, 40],
      [37, 29],
    ]) {
      for (const [top, left] of REGIONS) {
        const a = cropRgb(valley(), top + 10, left + 10, height, width);
        const quarterY = Math.floor(height / 4);
        const quarterX = Math.floor(width / 4);
        for (const [dy, dx] of [
          [3, 5],
          [-4, 7],
          [0, -quarterX],
          [-quarterY, 2],
          [Math.floor(height / 5), -Math.floor(width / 5)],
        ]) {
          // The view moves by (−dy, −dx), so the content in it moves by (dy, dx).
          const found = phaseCorrelation(a, cropRgb(valley(), top + 10 - dy, left + 10 - dx, height, width));
          const what = `${height}×${width} at (${top}, ${left}) moved by ${dy}, ${dx}: found ${found.dy}, ${found.dx}`;
          expect(Math.abs(found.dy - dy), what).toBeLessThan(0.5);
          expect(Math.abs(found.dx - dx), what).toBeLessThan(0.5);
        }
      }
    }
  });

  it('recovers sub-pixel shifts (Fourier-shifted) within 0.25 px', () => {
    for (const [height, width] of [
      [32, 32],
      [24, 40],
      [38, 30],
    ]) {
      for (const [top, left] of REGIONS) {
        const a = fourierShiftedCrop(valley(), top, left, height, width, 0, 0);
        for (const [dy, dx] of [
          [0.5, 0.25],
          [-1.3, 2.7],
          [0.25, -0.75],
          [2.5, -3.5],
        ]) {
          const found = phaseCorrelation(a, fourierShiftedCrop(valley(), top, left, height, width, dy, dx));
          const what = `${height}×${width} at (${top}, ${left}) moved by ${dy}, ${dx}: found ${found.dy}, ${found.dx}`;
          expect(Math.abs(found.dy - dy), what).toBeLessThan(0.25);
          expect(Math.abs(found.dx - dx), what).toBeLessThan(0.25);
        }
      }
    }
  });

  it('finds no shift, with a full peak, between identical frames, and no peak on constant frames', () => {
    const a = cropRgb(valley(), 100, 60, 30, 20);
    const same = phaseCorrelation(a, a);
    expect([same.dy, same.dx]).toEqual([expect.closeTo(0, 9), expect.closeTo(0, 9)]);
    // Not quite 1: the mean is removed, so the zero-frequency term carries no phase and is left out.
    expect(same.peak).toBeGreaterThan(0.99);
    const grey: RgbImage = { height: 30, width: 20, data: new Float32Array(30 * 20 * 3).fill(0.5) };
    expect(phaseCorrelation(grey, grey)).toEqual({ dy: 0, dx: 0, peak: 0 });
  });

  it('handles one-pixel-high frames (no vertical shift to find)', () => {
    const row = cropRgb(valley(), 120, 60, 1, 40);
    const found = phaseCorrelation(row, cyclicShift(row, 0, 3));
    expect(found.dy).toBe(0);
    expect(found.dx).toBeCloseTo(3, 1);
  });

  it('rejects frames of different sizes', () => {
    const a = cropRgb(valley(), 0, 0, 20, 20);
    expect(() => phaseCorrelation(a, cropRgb(valley(), 0, 0, 20, 21))).toThrow(/differ in size/);
  });
});

describe('phaseCorrelation helpers', () => {
  it('wraps cyclic indices into (−n/2, n/2]', () => {
    expect([0, 1, 15, 16, 17, 31, 32, -1].map((i) => wrapShift(i, 32))).toEqual([0, 1, 15, 16, -15, -1, 0, -1]);
    expect([12, 13, 24].map((i) => wrapShift(i, 25))).toEqual([12, -12, -1]);
  });

  it('samples the Hann window symmetrically at pixel centres, never exactly 0', () => {
    const w = hannWindow(7);
    expect(w[3]).toBeCloseTo(1, 12);
    for (let i = 0; i < 7; i++) {
      expect(w[i]).toBeCloseTo(w[6 - i], 12);
      expect(w[i]).toBeGreaterThan(0);
    }
  });
});
