import { describe, expect, it } from 'vitest';
import { ANIMATION_INPUT_FRAMES, delaySummary, framesToUse, framesTrimmedNotice, playedDelayMs } from './frameLimits';

describe('animated input limits', () => {
  it('uses 2 to 32 frames: a single frame is a still, more are trimmed to the first 32', () => {
    expect(ANIMATION_INPUT_FRAMES).toEqual({ min: 2, max: 32 });
    expect(framesToUse(0)).toBe(0);
    expect(framesToUse(1)).toBe(0);
    expect(framesToUse(2)).toBe(2);
    expect(framesToUse(32)).toBe(32);
    expect(framesToUse(33)).toBe(32);
    expect(framesToUse(1000)).toBe(32);
    expect(framesToUse(Number.NaN)).toBe(0);
  });

  it('says what was left out, and nothing when nothing was', () => {
    expect(framesTrimmedNotice('rain.gif', 32, 40)).toBe(
      '“rain.gif” has 40 frames; the studio uses the first 32 (at most 32). The file itself is kept whole.',
    );
    expect(framesTrimmedNotice('rain.gif', 5, 5)).toBeNull();
  });

  it('plays delays as browsers do: 10 ms or less, or none, as 100 ms', () => {
    expect(playedDelayMs(0)).toBe(100);
    expect(playedDelayMs(10)).toBe(100);
    expect(playedDelayMs(null)).toBe(100);
    expect(playedDelayMs(undefined)).toBe(100);
    expect(playedDelayMs(20)).toBe(20);
    expect(playedDelayMs(83.4)).toBe(83);
  });

  it('summarises the delay as one figure with its frame rate, or as a range', () => {
    expect(delaySummary([100, 100, 100])).toBe('100 ms per frame (10 fps)');
    expect(delaySummary([80, 80])).toBe('80 ms per frame (12.5 fps)');
    expect(delaySummary([70, 120, 90])).toBe('70–120 ms per frame');
    expect(delaySummary([])).toBe('');
  });
});
