import { describe, expect, it } from 'vitest';
import { createRgbImage } from '../image/rgbImage';
import { mixImages, TemporalGuide } from './temporalGuide';

const flat = (h: number, w: number, v: number) => createRgbImage(h, w, new Float32Array(h * w * 3).fill(v));

describe('temporal guide', () => {
  it('mixes images pixel by pixel and refuses different sizes', () => {
    expect(mixImages(flat(2, 2, 0), flat(2, 2, 1), 0.25).data[0]).toBeCloseTo(0.25, 6);
    expect(() => mixImages(flat(2, 2, 0), flat(2, 3, 0), 0.5)).toThrow(RangeError);
  });

  it('leaves the first frame alone, then starts each level between this frame and the previous one', () => {
    const guide = new TemporalGuide(2, (level, depth) => (level === depth ? 0 : 0.5));
    guide.beginFrame(0);
    expect(guide.levelStart(0, flat(2, 2, 0.2))).toBeNull();
    expect(guide.coarsestStart(1, flat(2, 2, 0.2)).data[0]).toBeCloseTo(0.2, 6);
    guide.record(1, flat(2, 2, 0.2));
    guide.record(0, flat(4, 4, 0.6));
    guide.endFrame(true);

    guide.beginFrame(0);
    // Coarsest weight 0: the noise alone drives it.
    expect(guide.coarsestStart(1, flat(2, 2, 0.8)).data[0]).toBeCloseTo(0.8, 6);
    // Finer: the coarser result upsampled to the level's size, half-way to the previous frame's level.
    const start = guide.levelStart(0, flat(2, 2, 0))!;
    expect([start.height, start.width]).toEqual([4, 4]);
    expect(start.data[0]).toBeCloseTo(0.3, 6);
    guide.record(1, flat(2, 2, 0));
    guide.record(0, flat(4, 4, 1));
    guide.endFrame(false);

    // Closing a loop: the guide turns from the previous frame (1) towards frame 0 (0.6).
    guide.beginFrame(1);
    expect(guide.levelStart(0, flat(2, 2, 0))!.data[0]).toBeCloseTo(0.5 * 0.6, 6);
  });
});
