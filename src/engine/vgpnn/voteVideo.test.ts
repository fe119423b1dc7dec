import { describe, expect, it } from 'vitest';
import { NO_MATCH } from '../patches/patchGrid';
import { randomVideo } from './proceduralVideos';
import { createVideo } from './video';
import { voteVideo } from './voteVideo';

/** A one-frame, one-row video from per-column grey values. */
function columns(values: number[]) {
  return createVideo(
    1,
    3,
    values.length,
    Float32Array.from({ length: 3 * values.length * 3 }, (_, i) => values[Math.floor(i / 3) % values.length]),
  );
}
const grey = (v: ReturnType<typeof createVideo>) => Array.from({ length: v.width }, (_, x) => v.data[x * 3]);

describe('voteVideo', () => {
  // Values: columns 0 0 0 1 1 → key patch j (1×3×3) covers columns j … j+2.
  // Queries 0, 1, 2 take keys 0, 2, 2, so output column x sees:
  //   x0: {0}   x1: {0, 0}   x2: {0, 1, 0}   x3: {1, 1}   x4: {1}
  const values = columns([0, 0, 0, 1, 1]);
  const nn = new Uint32Array([0, 2, 2]);

  it('median voting takes the (lower) median of the covering patches', () => {
    const out = voteVideo(values, nn, [1, 3, 5], [1, 3, 3], 'median');
    expect(grey(out)).toEqual([0, 0, 0, 1, 1]);
  });

  it('mean voting averages them', () => {
    const out = voteVideo(values, nn, [1, 3, 5], [1, 3, 3], 'mean');
    expect(grey(out).map((v) => Number(v.toFixed(6)))).toEqual([0, 0, Number((1 / 3).toFixed(6)), 1, 1]);
  });

  it('takes the lower of the two middle values for an even count, as torch.median', () => {
    // Columns 0.2 0.2 0.2 0.8 0.8 0.8 → queries 0 and 1 take keys 0 and 3: column 1 sees {0.2 (q0), 0.8 (q1)}.
    const v = columns([0.2, 0.2, 0.2, 0.8, 0.8, 0.8]);
    const out = voteVideo(v, new Uint32Array([0, 3, 3, 3]), [1, 3, 6], [1, 3, 3], 'median');
    expect(grey(out)[1]).toBeCloseTo(0.2, 6);
    const mean = voteVideo(v, new Uint32Array([0, 3, 3, 3]), [1, 3, 6], [1, 3, 3], 'mean');
    expect(grey(mean)[1]).toBeCloseTo(0.5, 6);
  });

  it('reproduces the values video exactly from the identity mapping, with either vote', () => {
    const v = randomVideo([4, 9, 10], 7);
    const count = 2 * 3 * 4;
    const identity = Uint32Array.from({ length: count }, (_, i) => i);
    for (const voting of ['median', 'mean'] as const) {
      expect(voteVideo(v, identity, [4, 9, 10], [3, 7, 7], voting).data).toEqual(v.data);
    }
  });

  it('votes across frames: a voxel in the middle frame gets votes from three patch depths', () => {
    // Values: 3 frames, frame t all t/2. Output 5 frames, queries at t = 0, 1, 2 all take the one key patch.
    const v = createVideo(
      3,
      3,
      3,
      Float32Array.from({ length: 81 }, (_, i) => Math.floor(i / 27) / 2),
    );
    const out = voteVideo(v, new Uint32Array([0, 0, 0]), [5, 3, 3], [3, 3, 3], 'median');
    // Output frame 2 is covered by the keys' frames 2, 1, 0 → values 1, 0.5, 0 → median 0.5.
    expect(out.data[2 * 27]).toBeCloseTo(0.5, 6);
    expect(out.data[0]).toBe(0);
    expect(out.data[4 * 27]).toBe(1);
    const mean = voteVideo(v, new Uint32Array([0, 0, 0]), [5, 3, 3], [3, 3, 3], 'mean');
    // Frame 1 sees key frames 1 (q0) and 0 (q1): mean 0.25; the median of two takes the lower, 0.
    expect(mean.data[27]).toBeCloseTo(0.25, 6);
    expect(voteVideo(v, new Uint32Array([0, 0, 0]), [5, 3, 3], [3, 3, 3], 'median').data[27]).toBe(0);
  });

  it('keeps the fallback where no matched patch covers a voxel, and checks its inputs', () => {
    const fallback = createVideo(1, 3, 5, new Float32Array(45).fill(0.7));
    const out = voteVideo(values, new Uint32Array([NO_MATCH, NO_MATCH, 2]), [1, 3, 5], [1, 3, 3], 'median', fallback);
    expect(grey(out)).toEqual([Math.fround(0.7), Math.fround(0.7), 0, 1, 1]);
    expect(() => voteVideo(values, new Uint32Array(2), [1, 3, 5], [1, 3, 3], 'median')).toThrow(/expected one per/);
  });
});

describe('voteVideo in a loop', () => {
  it('in a loop, a patch running past the last frame votes into the first', () => {
    // 3 frames of 3×3, each one grey (0.1, 0.5, 0.9); 2×3×3 patches, so one key per start frame (0 or 1) and,
    // in a loop, one query per frame: query t covers frames t and t + 1 (mod 3).
    const grey = [0.1, 0.5, 0.9];
    const values = createVideo(
      3,
      3,
      3,
      Float32Array.from({ length: 81 }, (_, i) => grey[Math.floor(i / 27)]),
    );
    const nn = new Uint32Array([1, 0, 1]);
    const out = voteVideo(values, nn, [3, 3, 3], [2, 3, 3], 'mean', undefined, true);
    // Frame 0: query 0's first frame (key 1 → 0.5) and query 2's second (key 1's second → 0.9).
    // Frame 1: query 1's first (key 0 → 0.1) and query 0's second (0.9). Frame 2: query 2's first (0.5), query 1's second (0.5).
    expect(Array.from({ length: 3 }, (_, t) => Number(out.data[t * 27].toFixed(6)))).toEqual([0.7, 0.5, 0.5]);
    // Without the loop the same 3 frames hold only 2 queries.
    expect(() => voteVideo(values, nn, [3, 3, 3], [2, 3, 3], 'mean')).toThrow('one per query patch (2)');
  });
});
