import { describe, expect, it } from 'vitest';
import { createRgbImage } from '../image/rgbImage';
import { createVideo, frameView, meanAbsVideoDifference, videoFromFrames, videoToFrames } from './video';

describe('Video', () => {
  it('round-trips the studio frames in (frame, height, width, channel) order', () => {
    const frames = [0, 1, 2].map((t) =>
      createRgbImage(
        2,
        3,
        Float32Array.from({ length: 18 }, (_, i) => t * 100 + i),
      ),
    );
    const v = videoFromFrames(frames);
    expect([v.frames, v.height, v.width]).toEqual([3, 2, 3]);
    // Frame 1, row 1, column 2, channel 0 is value (1·3 + 2)·3 = 15 of frame 1.
    expect(v.data[((1 * 2 + 1) * 3 + 2) * 3]).toBe(115);
    const back = videoToFrames(v);
    back.forEach((f, t) => expect(Array.from(f.data)).toEqual(Array.from(frames[t].data)));
    // The frames are copies: writing one leaves the video alone.
    back[0].data[0] = -1;
    expect(v.data[0]).toBe(0);
  });

  it('frameView shares the video memory', () => {
    const v = createVideo(2, 2, 2);
    frameView(v, 1).data[0] = 0.5;
    expect(v.data[12]).toBe(0.5);
    expect(() => frameView(v, 2)).toThrow(RangeError);
  });

  it('refuses frames of different sizes, no frames, and bad shapes', () => {
    expect(() => videoFromFrames([createRgbImage(2, 3), createRgbImage(3, 2)])).toThrow(/Frame 1 is 2×3/);
    expect(() => videoFromFrames([])).toThrow(RangeError);
    expect(() => createVideo(0, 2, 2)).toThrow(RangeError);
    expect(() => createVideo(1, 2, 2, new Float32Array(5))).toThrow(/expected 12/);
  });

  it('measures mean |Δ| per value', () => {
    const a = createVideo(1, 1, 2, new Float32Array([0, 0, 0, 1, 1, 1]));
    const b = createVideo(1, 1, 2, new Float32Array([0.5, 0, 0, 1, 1, 0.5]));
    expect(meanAbsVideoDifference(a, b)).toBeCloseTo(1 / 6, 12);
    expect(() => meanAbsVideoDifference(a, createVideo(1, 2, 1))).toThrow(RangeError);
  });
});
