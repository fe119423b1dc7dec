import { describe, expect, it } from 'vitest';
import { createRgbImage, type RgbImage } from '../src/engine/image/rgbImage';
import { MASK_REMOVE } from '../src/engine/gpnn/gpnnTask';
import { benchHole, scoreFill } from './benchVideoInpaint';

/** Frames of 20×30 whose every pixel brightens by `step` a frame: uniform motion everywhere. */
const brightening = (frames: number, step: number): RgbImage[] =>
  Array.from({ length: frames }, (_, t) => createRgbImage(20, 30, new Float32Array(20 * 30 * 3).fill(0.2 + step * t)));

describe('the video inpainting bench’s scores', () => {
  const hole = benchHole(20, 30);

  it('puts its hole in the middle of the frame, 16% by 26%', () => {
    const rows = new Set<number>();
    const cols = new Set<number>();
    hole.forEach((v, i) => {
      if (v !== MASK_REMOVE) return;
      rows.add(Math.floor(i / 30));
      cols.add(i % 30);
    });
    expect([Math.min(...rows), Math.max(...rows)]).toEqual([7, 11]);
    expect([Math.min(...cols), Math.max(...cols)]).toEqual([13, 16]);
  });

  it('scores the source itself as a perfect fill, and a frozen or flickering hole as what it is', () => {
    const truth = brightening(4, 0.05);
    expect(scoreFill(truth, truth, hole, 3)).toEqual({ toTruth: 0, motion: 1, motionAround: 1, outside: 0 });
    // The hole frozen at frame 0's value: no motion there; off the hole, the source kept.
    const frozen = truth.map((f) => {
      const g = createRgbImage(20, 30, f.data.slice());
      hole.forEach((v, p) => v === MASK_REMOVE && g.data.fill(0.2, p * 3, p * 3 + 3));
      return g;
    });
    const still = scoreFill(frozen, truth, hole, 3);
    expect(still.motion).toBe(0);
    expect(still.motionAround).toBe(0);
    expect(still.toTruth).toBeCloseTo((0.05 + 0.1 + 0.15) / 4, 5);
    expect(still.outside).toBe(0);
    // A fill that jumps by 0.1 up and down each frame moves twice what the source does; a change off the hole shows.
    const flicker = truth.map((f, t) => {
      const g = createRgbImage(20, 30, f.data.slice());
      hole.forEach((v, p) => v === MASK_REMOVE && g.data.fill(0.5 + (t % 2) * 0.1, p * 3, p * 3 + 3));
      g.data[0] += 0.3;
      return g;
    });
    const s = scoreFill(flicker, truth, hole, 3);
    expect(s.motion).toBeCloseTo(2, 5);
    expect(s.motionAround).toBeCloseTo(2, 5);
    expect(s.outside).toBeGreaterThan(0);
  });
});
