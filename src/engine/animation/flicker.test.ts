import { describe, expect, it } from 'vitest';
import { createRgbImage, rgbToRgba } from '../image/rgbImage';
import { flicker, FlickerMeter, meanAbsChange } from './flicker';

const flat = (v: number) => createRgbImage(2, 3, new Float32Array(18).fill(v));

describe('flicker', () => {
  it('is the mean absolute change over pixels, channels and consecutive pairs', () => {
    expect(meanAbsChange(flat(0.2), flat(0.5))).toBeCloseTo(0.3, 6);
    expect(flicker([flat(0), flat(0.5), flat(0.5)])).toBeCloseTo(0.25, 6);
    // The loop seam counts once the animation wraps.
    expect(flicker([flat(0), flat(0.5), flat(0.5)], true)).toBeCloseTo(1 / 3, 6);
    expect(flicker([flat(0.4)])).toBe(0);
  });

  it('can be measured as frames stream, with the same figures', () => {
    const frames = [flat(0), flat(0.5), flat(0.3), flat(0.9)];
    const meter = new FlickerMeter();
    frames.forEach((f) => meter.add(f));
    expect(meter.value()).toBeCloseTo(flicker(frames), 9);
    expect(meter.value(true)).toBeCloseTo(flicker(frames, true), 9);
    expect(new FlickerMeter().value()).toBe(0);
  });

  it('reads engine frames and 8-bit display frames alike', () => {
    const a = flat(0.2);
    const b = flat(0.6);
    const rgba = (img: typeof a) => ({ height: img.height, width: img.width, rgba: rgbToRgba(img) });
    expect(meanAbsChange(rgba(a), rgba(b))).toBeCloseTo(meanAbsChange(a, b), 2);
    expect(() => meanAbsChange(a, createRgbImage(3, 2))).toThrow(RangeError);
  });
});
