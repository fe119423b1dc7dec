import { describe, expect, it } from 'vitest';

import { movingObjectFrames, waterfallFrames } from '../../../../scripts/make-test-gifs';
import { directionAgreement, motionDirection, STILL_MOTION_PX } from './motionDirection';
import { cropRgb, toRgb, valley } from '../../../testing/motionTestHelpers';

describe('motionDirection', () => {
  it('points down on the waterfall (texture scrolling down 4 px a frame)', () => {
    const motion = motionDirection(waterfallFrames().map(toRgb));
    expect(motion.perPair).toHaveLength(4);
    expect(motion.dy).toBeCloseTo(4, 0);
    expect(Math.abs(motion.dx)).toBeLessThan(0.25);
    expect(motion.angleDeg).toBeCloseTo(90, 0);
    expect(motion.magnitude).toBeCloseTo(4, 0);
  });

  it('points right on the moving object (an object moving 4 px a frame over a still background)', () => {
    const motion = motionDirection(movingObjectFrames().map(toRgb));
    expect(motion.dx).toBeCloseTo(4, 0);
    expect(Math.abs(motion.dy)).toBeLessThan(0.25);
    expect(Math.abs(motion.angleDeg)).toBeLessThan(5);
  });

  it('flips when the frames play backwards', () => {
    for (const frames of [waterfallFrames(), movingObjectFrames()]) {
      const forward = motionDirection(frames.map(toRgb));
      const backward = motionDirection(frames.map(toRgb).reverse());
      expect(backward.dy).toBeCloseTo(-forward.dy, 1);
      expect(backward.dx).toBeCloseTo(-forward.dx, 1);
      expect(directionAgreement(forward, backward)).toBeLessThan(-0.99);
      expect(directionAgreement(forward, forward)).toBeCloseTo(1, 12);
    }
    expect(motionDirection(waterfallFrames().map(toRgb).reverse()).angleDeg).toBeCloseTo(-90, 0);
  });

  it('finds no motion in a still sequence, and none in fewer than two frames', () => {
    const frame = cropRgb(valley(), 100, 60, 32, 32);
    const still = motionDirection([frame, frame, frame]);
    expect(still.magnitude).toBeLessThan(1e-9);
    expect(still.angleDeg).toBe(0);
    expect(motionDirection([frame])).toEqual({ dy: 0, dx: 0, angleDeg: 0, magnitude: 0, perPair: [] });
  });
});

describe('directionAgreement', () => {
  it('is the cosine between the two mean motions, whatever their speeds', () => {
    expect(directionAgreement({ dy: 4, dx: 0 }, { dy: 1, dx: 0 })).toBeCloseTo(1, 12);
    expect(directionAgreement({ dy: 4, dx: 0 }, { dy: -2, dx: 0 })).toBeCloseTo(-1, 12);
    expect(directionAgreement({ dy: 0, dx: 3 }, { dy: 3, dx: 0 })).toBeCloseTo(0, 12);
    expect(directionAgreement({ dy: 1, dx: 1 }, { dy: 0, dx: 2 })).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('treats motion under the still threshold as no direction: both still agree, one still is neutral', () => {
    const still = { dy: STILL_MOTION_PX / 2, dx: 0 };
    expect(directionAgreement(still, { dy: 0, dx: 0 })).toBe(1);
    expect(directionAgreement(still, { dy: 0, dx: 4 })).toBe(0);
    expect(directionAgreement({ dy: -4, dx: 0 }, { dy: 0, dx: 0 })).toBe(0);
    expect(directionAgreement({ dy: 0.1, dx: 0 }, { dy: -0.1, dx: 0 }, 0.05)).toBeCloseTo(-1, 12);
  });
});
