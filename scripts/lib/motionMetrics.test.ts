import { describe, expect, it } from 'vitest';
import { rgbaToRgb } from '../../src/engine/image/rgbImage';
import { waterfallFrames } from '../make-test-gifs';
import { animationMetrics } from './motionMetrics';

const frames = waterfallFrames({ size: 32, frames: 6 }).map((f) => rgbaToRgb(f.rgba, f.height, f.width));

describe('animationMetrics space-time SIFID', () => {
  it('is zero for a copy, large for the same frames standing still, and absent for fewer frames than the source', async () => {
    const copy = await animationMetrics(frames, frames);
    const still = await animationMetrics(
      frames.map(() => frames[0]),
      frames,
    );
    const short = await animationMetrics(frames.slice(0, 3), frames);
    expect(copy.spaceTimeSifid).not.toBeNull();
    expect(copy.spaceTimeSifid!).toBeLessThan(1e-3);
    // The still sample's first frame is the source's own: what tells it apart is the time axis.
    expect(still.perFrameSifid[0]).toBeLessThan(1e-3);
    expect(still.spaceTimeSifid!).toBeGreaterThan(1);
    expect(short.spaceTimeSifid).toBeNull();
  }, 60_000);
});
