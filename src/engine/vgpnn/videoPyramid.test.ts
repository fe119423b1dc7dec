import { describe, expect, it } from 'vitest';
import { createVideo, type Video, type VideoShape } from './video';
import {
  buildVideoPyramid,
  ceilSize,
  DEFAULT_VIDEO_PYRAMID,
  outputPyramidShapes,
  resizeLoop,
  resizeVideo,
  videoPyramidShapes,
  wrapFrames,
} from './videoPyramid';

/**
 * Shapes from a plain-Python port of the official get_scales_out_shapes
 * (utils/scale_utils.py) at its defaults, (0.85, 0.85) and (3, 15), with its
 * repeated levels removed.
 */
const OFFICIAL: [VideoShape, VideoShape[]][] = [
  [
    [8, 139, 246],
    [
      [8, 139, 246], [7, 119, 210], [6, 101, 178], [5, 86, 152], [5, 73, 129], [4, 62, 110], [4, 53, 93],
      [3, 45, 79], [3, 38, 68], [3, 33, 57], [3, 28, 49], [3, 24, 42], [3, 20, 35], [3, 17, 30], [3, 15, 27],
    ],
  ],
  [
    [13, 144, 256],
    [
      [13, 144, 256], [12, 123, 218], [10, 105, 185], [8, 89, 158], [7, 76, 134], [6, 64, 114], [5, 55, 97],
      [5, 47, 83], [4, 40, 70], [4, 34, 60], [3, 29, 51], [3, 25, 43], [3, 21, 37], [3, 18, 31], [3, 15, 26],
    ],
  ],
  [[8, 36, 64], [[8, 36, 64], [7, 31, 55], [6, 27, 47], [5, 23, 40], [5, 19, 34], [4, 16, 29], [4, 15, 27], [3, 15, 27]]],
  // The official code repeats [4, 15, 20] here; the repeat is dropped.
  [[6, 24, 32], [[6, 24, 32], [6, 21, 28], [5, 18, 24], [4, 15, 20], [3, 15, 20]]],
]; // prettier-ignore

describe('videoPyramidShapes', () => {
  it.each(OFFICIAL)('matches the official shapes for %j', (source, want) => {
    expect(videoPyramidShapes(source)).toEqual(want);
  });

  it('respects both minimums and shrinks only the other dimension once one is reached', () => {
    for (const source of [
      [8, 139, 246],
      [32, 40, 30],
      [3, 100, 60],
      [20, 15, 90],
    ] as VideoShape[]) {
      const levels = videoPyramidShapes(source);
      const last = levels[levels.length - 1];
      expect(last[0]).toBe(Math.min(source[0], 3));
      expect(Math.min(last[1], last[2])).toBe(Math.min(source[1], source[2], 15));
      for (let k = 1; k < levels.length; k++) {
        const [t, h, w] = levels[k];
        const [pt, ph, pw] = levels[k - 1];
        expect(t).toBeGreaterThanOrEqual(3);
        expect(Math.min(h, w)).toBeGreaterThanOrEqual(15);
        expect(t <= pt && h <= ph && w <= pw).toBe(true);
        expect(t < pt || h < ph || w < pw).toBe(true);
      }
    }
  });

  it('follows each factor separately until its minimum (official shapes at factors 0.5 in time, 0.9 in space)', () => {
    const levels = videoPyramidShapes([24, 100, 200], { ...DEFAULT_VIDEO_PYRAMID, timeFactor: 0.5, spaceFactor: 0.9 });
    expect(levels).toEqual([
      [24, 100, 200], [12, 90, 180], [6, 81, 162], [3, 73, 146], [3, 66, 132], [3, 60, 119], [3, 54, 107],
      [3, 48, 96], [3, 44, 87], [3, 39, 78], [3, 35, 70], [3, 32, 63], [3, 29, 57], [3, 26, 51], [3, 23, 46],
      [3, 21, 42], [3, 19, 38], [3, 17, 34], [3, 16, 31], [3, 15, 29],
    ]); // prettier-ignore
    levels.forEach(([t, h, w], k) => {
      expect(t).toBe(Math.max(3, ceilSize(24 * 0.5 ** k)));
      if (h > 15) expect([h, w]).toEqual([ceilSize(100 * 0.9 ** k), ceilSize(200 * 0.9 ** k)]);
    });
  });

  it('keeps a source already at its minimums as the only level, and refuses too few frames', () => {
    expect(videoPyramidShapes([3, 15, 40])).toEqual([[3, 15, 40]]);
    expect(videoPyramidShapes([3, 12, 12])).toEqual([[3, 12, 12]]);
    expect(videoPyramidShapes([5, 15, 40])).toEqual([
      [5, 15, 40],
      [4, 15, 40],
      [3, 15, 40],
    ]);
    expect(() => videoPyramidShapes([2, 64, 64])).toThrow(/needs at least 3/);
    expect(() => videoPyramidShapes([8, 64, 64], { ...DEFAULT_VIDEO_PYRAMID, timeFactor: 1 })).toThrow(RangeError);
  });

  it('keeps float round-off from adding a pixel', () => {
    expect(ceilSize(0.85 * 0.85 * 400)).toBe(289);
    expect(ceilSize(10.2)).toBe(11);
  });
});

describe('outputPyramidShapes', () => {
  it('scales every level by the output factors, never below the patch', () => {
    const source = videoPyramidShapes([8, 36, 64]);
    const out = outputPyramidShapes(source, [4, 36, 96], [3, 7, 7]);
    expect(out[0]).toEqual([4, 36, 96]);
    out.forEach(([t, h, w], k) => {
      expect(t).toBe(Math.max(3, ceilSize(source[k][0] / 2)));
      expect(h).toBe(source[k][1]);
      expect(w).toBe(ceilSize(source[k][2] * 1.5));
    });
  });
});

function ramp(T: number, H: number, W: number, f: (t: number, y: number, x: number, c: number) => number): Video {
  const v = createVideo(T, H, W);
  for (let t = 0, i = 0; t < T; t++)
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) v.data[i++] = f(t, y, x, c);
  return v;
}

describe('resizeVideo and buildVideoPyramid', () => {
  it('keeps a constant video constant and a video resized to its own shape identical', () => {
    const flat = ramp(5, 9, 11, (_t, _y, _x, c) => 0.25 * (c + 1));
    const small = resizeVideo(flat, [3, 4, 6]);
    expect([small.frames, small.height, small.width]).toEqual([3, 4, 6]);
    for (let i = 0; i < small.data.length; i++) expect(small.data[i]).toBeCloseTo(0.25 * ((i % 3) + 1), 6);
    const same = resizeVideo(flat, [5, 9, 11]);
    expect(same.data).toEqual(flat.data);
    expect(same.data).not.toBe(flat.data);
  });

  it('resamples time as an axis of its own: frames only, pixels untouched', () => {
    // Each frame is flat with value t/4; growing 5 → 9 frames interpolates linearly between them.
    const v = ramp(5, 3, 4, (t) => t / 4);
    const up = resizeVideo(v, [9, 3, 4]);
    const n = 3 * 4 * 3;
    for (let t = 0; t < 9; t++) {
      const want = Math.min(Math.max(((t + 0.5) * 5) / 9 - 0.5, 0), 4) / 4;
      for (let i = 0; i < n; i++) expect(up.data[t * n + i]).toBeCloseTo(want, 6);
    }
    // A video that varies only along x keeps its columns when only time shrinks.
    const cols = ramp(6, 2, 5, (_t, _y, x) => x / 4);
    const fewer = resizeVideo(cols, [3, 2, 5]);
    for (let i = 0; i < fewer.data.length; i++) expect(fewer.data[i]).toBeCloseTo((Math.floor(i / 3) % 5) / 4, 6);
  });

  it('builds every level at its planned shape, level 0 being the source', () => {
    const v = ramp(8, 36, 64, (t, y, x, c) => ((t + y + x + c) % 7) / 7);
    const shapes = videoPyramidShapes([8, 36, 64]);
    const pyr = buildVideoPyramid(v, shapes);
    expect(pyr[0]).toBe(v);
    pyr.forEach((l, k) => expect([l.frames, l.height, l.width]).toEqual(shapes[k]));
  });
});

describe('loops', () => {
  /** A 1×1 video whose frame t has grey value values[t]. */
  const greys = (values: number[]) =>
    createVideo(values.length, 1, 1, Float32Array.from(values.flatMap((v) => [v, v, v])));
  const frames = (v: Video) => Array.from({ length: v.frames }, (_, t) => Number(v.data[t * 3].toFixed(6)));

  it('wrapFrames appends the first frames again', () => {
    expect(frames(wrapFrames(greys([0.1, 0.2, 0.3]), 2))).toEqual([0.1, 0.2, 0.3, 0.1, 0.2]);
    expect(frames(wrapFrames(greys([0.1, 0.2]), 3))).toEqual([0.1, 0.2, 0.1, 0.2, 0.1]);
  });

  it('resizeLoop grows time around the loop: the frames around the seam blend the last with the first', () => {
    // 2 → 4 frames: new frames sit at −0.25, 0.25, 0.75, 1.25 of the old; −0.25 is between frame 1 (wrapped) and 0.
    expect(frames(resizeLoop(greys([0, 0.8]), [4, 1, 1]))).toEqual([0.2, 0.2, 0.6, 0.6]);
    // resizeVideo clamps at the ends instead.
    expect(frames(resizeVideo(greys([0, 0.8]), [4, 1, 1]))).toEqual([0, 0.2, 0.6, 0.8]);
    expect(() => resizeLoop(greys([0, 0.8, 0.4]), [2, 1, 1])).toThrow('only grown in time');
  });
});
