import { describe, expect, it } from 'vitest';
import { PLAIN_NN_ALPHA } from '../patches/nearestPatches';
import { randomVideo } from './proceduralVideos';
import { exactSpaceTimeSearch } from './spaceTimeSearch';
import { extractSpaceTimePatch, spaceTimeGrid, type PatchDims } from './spaceTimePatches';
import { videoShape, type Video, type VideoShape } from './video';

/**
 * The definition, written out: every pair's distance from the extracted patch
 * vectors, the column minimum over all queries, then per query the argmin of
 * D/(alpha + m_j) (D when plain), ties to the smallest key.
 */
function bruteForce(query: Video, keys: Video, patch: PatchDims, alpha: number, l2: boolean, excluded?: Uint32Array) {
  const qg = spaceTimeGrid(videoShape(query), patch);
  const kg = spaceTimeGrid(videoShape(keys), patch);
  const qp = Array.from({ length: qg.count }, (_, i) => extractSpaceTimePatch(query.data, qg, i));
  const kp = Array.from({ length: kg.count }, (_, j) => extractSpaceTimePatch(keys.data, kg, j));
  const D = qp.map((q) =>
    kp.map((k) => {
      let s = 0;
      for (let e = 0; e < q.length; e++) s += (q[e] - k[e]) ** 2;
      return l2 ? Math.sqrt(s) : s;
    }),
  );
  const plain = alpha >= PLAIN_NN_ALPHA;
  const colMin = kp.map((_, j) => Math.min(...D.map((row) => row[j])));
  return D.map((row) => {
    let best = Infinity;
    let bestJ = -1;
    row.forEach((d, j) => {
      if (excluded && excluded[j] !== 0) return;
      const s = plain ? d : d / (alpha + colMin[j]);
      if (s < best) {
        best = s;
        bestJ = j;
      }
    });
    return { j: bestJ, score: best, d: row[bestJ] };
  });
}

const CASES: [string, VideoShape, VideoShape, PatchDims, number, boolean][] = [
  ['plain, different shapes', [5, 9, 10], [4, 10, 9], [3, 7, 7], PLAIN_NN_ALPHA, true],
  ['alpha 0.005', [5, 9, 10], [4, 10, 9], [3, 7, 7], 0.005, true],
  ['alpha 1, squared distance', [4, 9, 9], [5, 8, 11], [3, 7, 7], 1, false],
  ['3 frames, patch depth equal to the frames', [3, 10, 12], [3, 11, 9], [3, 7, 7], 0.005, true],
  ['patch equal to the key video in space', [4, 9, 12], [4, 7, 7], [3, 7, 7], 0.005, true],
  ['patch equal to the whole query video', [3, 7, 7], [5, 9, 8], [3, 7, 7], 0.005, true],
  ['1×3×3 patches', [2, 6, 7], [3, 5, 6], [1, 3, 3], 0.01, true],
];

describe('exactSpaceTimeSearch', () => {
  it.each(CASES)('matches the brute-force definition: %s', async (_name, qs, ks, patch, alpha, l2) => {
    const query = randomVideo(qs, 11);
    const keys = randomVideo(ks, 12);
    const want = bruteForce(query, keys, patch, alpha, l2);
    const got = await exactSpaceTimeSearch(query, keys, { patch, alpha, distance: l2 ? 'l2' : 'sq' });
    expect(Array.from(got.nn)).toEqual(want.map((w) => w.j));
    want.forEach((w, i) => {
      expect(got.score[i]).toBeCloseTo(w.score, 4);
      expect(got.distance[i]).toBeCloseTo(w.d, 4);
    });
  });

  it('finds every patch of a video in itself at distance exactly 0', async () => {
    const v = randomVideo([4, 10, 11], 3);
    const got = await exactSpaceTimeSearch(v, v, { patch: [3, 7, 7], alpha: PLAIN_NN_ALPHA });
    expect(Array.from(got.nn)).toEqual(Array.from({ length: got.nn.length }, (_, i) => i));
    expect(got.distance.every((d) => d === 0)).toBe(true);
    // With completeness each key's m_j is 0 and its own query scores 0/alpha = 0: still itself.
    const complete = await exactSpaceTimeSearch(v, v, { patch: [3, 7, 7], alpha: 0.005 });
    expect(Array.from(complete.nn)).toEqual(Array.from(got.nn));
  });

  it('gives ties to the smallest key index', async () => {
    // Keys: two identical frames blocks, so every query has two equally near keys.
    const half = randomVideo([3, 7, 9], 5);
    const keys = randomVideo([6, 7, 9], 0);
    keys.data.set(half.data, 0);
    keys.data.set(half.data, half.data.length);
    const got = await exactSpaceTimeSearch(half, keys, { patch: [3, 7, 7], alpha: PLAIN_NN_ALPHA });
    expect(Array.from(got.nn)).toEqual([0, 1, 2]);
  });

  it.each([
    ['plain', PLAIN_NN_ALPHA],
    ['alpha 1', 1],
  ])('never chooses an excluded key (%s), and refuses a mask that excludes every key', async (_name, alpha) => {
    const query = randomVideo([4, 9, 10], 21);
    const keys = randomVideo([5, 10, 11], 22);
    const patch: PatchDims = [3, 7, 7];
    const m = spaceTimeGrid(videoShape(keys), patch).count;
    // Every other key out, and the first and last (ties and edges).
    const excluded = Uint32Array.from({ length: m }, (_, j) => (j % 2 === 0 || j === m - 1 ? 1 : 0));
    const want = bruteForce(query, keys, patch, alpha, true, excluded);
    const got = await exactSpaceTimeSearch(query, keys, { patch, alpha, excludedKeys: excluded });
    expect(Array.from(got.nn)).toEqual(want.map((w) => w.j));
    expect(Array.from(got.nn).every((j) => excluded[j] === 0)).toBe(true);
    // A video searched in itself with its own patches excluded finds other ones, never distance 0.
    const own = await exactSpaceTimeSearch(keys, keys, { patch, alpha, excludedKeys: excluded });
    own.nn.forEach((j, i) => {
      expect(excluded[j]).toBe(0);
      if (excluded[i] !== 0) expect(own.distance[i]).toBeGreaterThan(0);
    });
    await expect(
      exactSpaceTimeSearch(query, keys, { patch, alpha, excludedKeys: new Uint32Array(m).fill(1) }),
    ).rejects.toThrow(/Every key patch is excluded/);
    await expect(
      exactSpaceTimeSearch(query, keys, { patch, alpha, excludedKeys: new Uint32Array(m - 1) }),
    ).rejects.toThrow(/excludedKeys/);
  });

  it('stops when aborted', async () => {
    const v = randomVideo([4, 10, 11], 3);
    const ac = new AbortController();
    ac.abort();
    await expect(exactSpaceTimeSearch(v, v, { patch: [3, 7, 7], alpha: 1, signal: ac.signal })).rejects.toThrow();
  });
});
