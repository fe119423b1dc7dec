import { describe, expect, it } from 'vitest';
import { movingBarVideo, scrollingTextureVideo } from '../vgpnn/proceduralVideos';
import { videoToFrames } from '../vgpnn/video';
import { loopSeam } from './loopSeam';
import { motionDirection } from './motion/motionDirection';

describe('loopSeam', () => {
  it('scores a texture that scrolls a whole period in its frames as seamless, at its speed', () => {
    // 48 px wide at 4 px a frame: 12 frames make one period, so frame 11 → 0 is one more 4 px step.
    const m = loopSeam(videoToFrames(scrollingTextureVideo(12, 24, 48, 4)));
    expect(m.ratio).toBeCloseTo(1, 5);
    // Phase correlation of a smooth texture under a Hann window reads a 4 px shift a little short.
    expect(m.speed).toBeGreaterThan(3);
    expect(m.speed).toBeLessThan(5);
  });

  it('scores a scroll that jumps back to its start several times its step, and a still video 0', () => {
    // 2 px a frame for 6 frames, then 10 px back.
    const jump = loopSeam(videoToFrames(scrollingTextureVideo(6, 24, 48, 2)));
    // Above the 1.5 a seamless loop must stay within (the difference saturates once the shift outgrows the texture).
    expect(jump.ratio).toBeGreaterThan(1.5);
    const still = videoToFrames(movingBarVideo(1, 24, 32));
    expect(loopSeam([still[0], still[0], still[0]])).toEqual({ seam: 0, step: 0, ratio: 0, speed: 0 });
  });

  it("gives the same figures from motionDirection's shifts as from its own, and refuses a wrong count", () => {
    const frames = videoToFrames(scrollingTextureVideo(7, 24, 40, 3));
    const motion = motionDirection(frames);
    expect(loopSeam(frames, motion.perPair)).toEqual(loopSeam(frames));
    expect(() => loopSeam(frames, motion.perPair.slice(1))).toThrow('Expected 6 frame-to-frame shifts');
  });

  it('needs two frames', () => {
    expect(() => loopSeam(videoToFrames(movingBarVideo(1)))).toThrow('at least 2 frames');
  });
});
