import { describe, expect, it } from 'vitest';
import { gaussianSampler, mulberry32 } from '../random/prng';
import { noisePath } from './noisePath';

const stats = (v: Float64Array) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, variance: v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length };
};
const meanAbs = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

describe('animation noise path', () => {
  it('starts on exactly the noise a GPNN sample of the same seed draws', () => {
    const normal = gaussianSampler(mulberry32(42));
    const sample = Float64Array.from({ length: 12 * 15 }, () => normal());
    expect(Array.from(noisePath(12, 15, 8, 'loop', 42).at(0))).toEqual(Array.from(sample));
  });

  it('keeps unit variance at every frame, halfway between keyframes included', () => {
    const path = noisePath(64, 64, 12, 'loop', 3, 1);
    for (let t = 0; t < 12; t++) {
      const { mean, variance } = stats(path.at(t));
      expect(Math.abs(mean)).toBeLessThan(0.05);
      expect(variance).toBeGreaterThan(0.9);
      expect(variance).toBeLessThan(1.1);
    }
  });

  it('loops seamlessly: the step from the last frame to frame 0 is an ordinary step', () => {
    const path = noisePath(32, 32, 10, 'loop', 5);
    const steps = Array.from({ length: 10 }, (_, t) => meanAbs(path.at(t), path.at((t + 1) % 10)));
    const mean = steps.reduce((a, b) => a + b) / steps.length;
    for (const s of steps) expect(Math.abs(s - mean) / mean).toBeLessThan(0.15);
    expect(meanAbs(path.at(10), path.at(0))).toBeLessThan(1e-9);
  });

  it('moves smoothly, more with more motion, and is reproducible per seed', () => {
    const small = noisePath(32, 32, 24, 'pingpong', 1, 0.2);
    const large = noisePath(32, 32, 24, 'pingpong', 1, 1);
    expect(meanAbs(small.at(3), small.at(4))).toBeLessThan(meanAbs(large.at(3), large.at(4)));
    expect(meanAbs(large.at(3), large.at(4))).toBeLessThan(0.2);
    expect(Array.from(noisePath(8, 8, 5, 'loop', 9).at(3))).toEqual(Array.from(noisePath(8, 8, 5, 'loop', 9).at(3)));
    expect(() => noisePath(8, 8, 5, 'loop', 9, 0)).toThrow(RangeError);
  });
});
