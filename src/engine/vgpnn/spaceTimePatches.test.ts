import { describe, expect, it } from 'vitest';
import { createVideo } from './video';
import {
  extractSpaceTimePatch,
  spaceTimeBaseOffset,
  spaceTimeGrid,
  spaceTimePosition,
  type PatchDims,
} from './spaceTimePatches';
import type { VideoShape } from './video';

describe('spaceTimeGrid', () => {
  it.each([
    [
      [8, 36, 64],
      [3, 7, 7],
      [6, 30, 58],
    ],
    // Patch equal to the video in every dimension: exactly one patch.
    [
      [3, 7, 7],
      [3, 7, 7],
      [1, 1, 1],
    ],
    // Patch equal to one dimension only.
    [
      [3, 20, 9],
      [3, 7, 7],
      [1, 14, 3],
    ],
    [
      [8, 15, 27],
      [3, 5, 5],
      [6, 11, 23],
    ],
    [
      [1, 9, 9],
      [1, 3, 3],
      [1, 7, 7],
    ],
  ] as [VideoShape, PatchDims, VideoShape][])('%j with %j patches is a %j grid', (video, patch, want) => {
    const g = spaceTimeGrid(video, patch);
    expect([g.gridFrames, g.gridHeight, g.gridWidth]).toEqual(want);
    expect(g.count).toBe(want[0] * want[1] * want[2]);
    expect(g.elements).toBe(patch[0] * patch[1] * patch[2] * 3);
  });

  it('refuses a patch larger than the video and malformed patches', () => {
    expect(() => spaceTimeGrid([2, 20, 20], [3, 7, 7])).toThrow(/no patch fits/);
    expect(() => spaceTimeGrid([3, 6, 20], [3, 7, 7])).toThrow(/no patch fits/);
    expect(() => spaceTimeGrid([3, 9, 9], [3, 6, 7])).toThrow(/odd/);
    expect(() => spaceTimeGrid([3, 9, 9], [0, 7, 7])).toThrow(/depth/);
  });

  it('indexes patches (t, y, x) with x fastest and reads their values (dt, dy, dx, channel)', () => {
    const [T, H, W] = [4, 8, 9];
    const v = createVideo(
      T,
      H,
      W,
      Float32Array.from({ length: T * H * W * 3 }, (_, i) => i),
    );
    const g = spaceTimeGrid([T, H, W], [2, 3, 5]);
    expect([g.gridFrames, g.gridHeight, g.gridWidth]).toEqual([3, 6, 5]);
    const i = (2 * 6 + 4) * 5 + 3;
    expect(spaceTimePosition(g, i)).toEqual([2, 4, 3]);
    expect(spaceTimeBaseOffset(g, i)).toBe(((2 * H + 4) * W + 3) * 3);
    const p = extractSpaceTimePatch(v.data, g, i);
    expect(p).toHaveLength(2 * 3 * 5 * 3);
    // Element (dt 1, dy 2, dx 4, channel 2) is the last one.
    expect(p[p.length - 1]).toBe(((3 * H + 6) * W + 7) * 3 + 2);
    expect(p[3]).toBe(((2 * H + 4) * W + 4) * 3);
    expect(() => spaceTimePosition(g, g.count)).toThrow(RangeError);
  });
});
