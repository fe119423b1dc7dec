import { describe, expect, it } from 'vitest';
import { PLAIN_NN_ALPHA } from '../patches/nearestPatches';
import { movingBarVideo, randomVideo } from './proceduralVideos';
import { spaceTimeGrid, type PatchDims } from './spaceTimePatches';
import { spaceTimePatchMatch, upsampleSpaceTimeField } from './spaceTimePatchMatch';
import { exactSpaceTimeSearch } from './spaceTimeSearch';
import { createVideo, videoShape, type Video, type VideoShape } from './video';

const PLAIN = PLAIN_NN_ALPHA;

/** `v` with uniform noise of ±amp/2 added (seeded). */
function noisy(v: Video, amp: number, seed: number): Video {
  const r = randomVideo(videoShape(v), seed);
  return createVideo(
    v.frames,
    v.height,
    v.width,
    v.data.map((x, i) => x + amp * (r.data[i] - 0.5)),
  );
}

/**
 * A query made of the keys' own content moved elsewhere, plus noise, as a
 * GPNN step's query is made of voted source patches: the left part is the
 * keys' content one frame later, 3 rows down and 5 columns right; the right
 * part comes from 6 columns left (queries straddling the seam have no
 * coherent match).
 */
function rearranged(keys: Video, [T, H, W]: VideoShape, seam: number, seed: number): Video {
  const out = createVideo(T, H, W);
  for (let t = 0; t < T; t++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const [st, sy, sx] = x < seam ? [t + 1, y + 3, x + 5] : [t, y, x - 6];
        for (let c = 0; c < 3; c++) {
          out.data[((t * H + y) * W + x) * 3 + c] = keys.data[((st * keys.height + sy) * keys.width + sx) * 3 + c];
        }
      }
    }
  }
  return noisy(out, 0.04, seed);
}

/** Fraction of queries whose PatchMatch distance is the exact one (within 1e-4 relative) and whose key is the exact one. */
async function agreement(query: Video, keys: Video, patch: PatchDims, rounds: number, seed = 1) {
  const exact = await exactSpaceTimeSearch(query, keys, { patch, alpha: PLAIN });
  const pm = await spaceTimePatchMatch(query, keys, { patch, alpha: PLAIN, iterations: rounds, seed });
  const n = exact.nn.length;
  let sameKey = 0;
  let sameDistance = 0;
  for (let i = 0; i < n; i++) {
    if (pm.nn[i] === exact.nn[i]) sameKey++;
    if (pm.distance[i] <= exact.distance[i] * (1 + 1e-4) + 1e-6) sameDistance++;
  }
  return { sameKey: sameKey / n, sameDistance: sameDistance / n, pm, exact };
}

function expectInRange(nn: Uint32Array, keys: Video, patch: PatchDims) {
  const m = spaceTimeGrid(videoShape(keys), patch).count;
  expect(nn.every((j) => j < m)).toBe(true);
}

describe('spaceTimePatchMatch', () => {
  it('finds the exact nearest neighbours of a structured video for nearly every query', async () => {
    const keys = movingBarVideo(6, 20, 28);
    const { sameDistance, pm } = await agreement(noisy(keys, 0.05, 3), keys, [3, 7, 7], 4);
    expect(sameDistance).toBeGreaterThanOrEqual(0.95);
    expectInRange(pm.nn, keys, [3, 7, 7]);
  });

  it('finds the exact nearest neighbours of a moved random video for nearly every query', async () => {
    const keys = randomVideo([6, 16, 40], 7);
    // No seam: every query patch has its own copy (plus noise) among the keys.
    const { sameKey, pm } = await agreement(rearranged(keys, [5, 12, 30], 30, 8), keys, [3, 7, 7], 4);
    expect(sameKey).toBeGreaterThanOrEqual(0.95);
    expectInRange(pm.nn, keys, [3, 7, 7]);
    // With a seam, the straddling queries' nearest keys are scattered at random: the mean stays close.
    const seamed = await agreement(rearranged(keys, [5, 12, 34], 16, 9), keys, [3, 7, 7], 4);
    const mean = (d: Float32Array) => d.reduce((a, b) => a + b, 0) / d.length;
    expect(mean(seamed.pm.distance)).toBeLessThan(1.05 * mean(seamed.exact.distance));
    expect(seamed.sameKey).toBeGreaterThanOrEqual(0.75);
  });

  it('gets ever closer on unstructured random videos, where only random search helps', async () => {
    // No coherence to propagate: each round draws a few keys per query. With few keys it converges anyway.
    const small = await agreement(randomVideo([4, 9, 10], 1), randomVideo([4, 9, 11], 2), [3, 7, 7], 12);
    expect(small.sameKey).toBe(1);
    const query = randomVideo([4, 12, 14], 3);
    const keys = randomVideo([5, 12, 13], 4);
    const few = await agreement(query, keys, [3, 7, 7], 1);
    const more = await agreement(query, keys, [3, 7, 7], 8);
    const mean = (d: Float32Array) => d.reduce((a, b) => a + b, 0) / d.length;
    expect(mean(more.pm.distance)).toBeLessThan(mean(few.pm.distance));
    expect(mean(more.pm.distance)).toBeLessThan(1.02 * mean(more.exact.distance));
  });

  it.each<[string, VideoShape, VideoShape, PatchDims]>([
    ['3 frames, patch depth = frames', [3, 12, 14], [3, 13, 12], [3, 7, 7]],
    ['patch = the whole query video', [3, 7, 7], [4, 9, 10], [3, 7, 7]],
    ['patch = the whole key video', [4, 9, 10], [3, 7, 7], [3, 7, 7]],
    ['1-px-wide remainders (grids one or two wide)', [4, 8, 7], [3, 7, 8], [3, 7, 7]],
    ['1×3×3 patches', [2, 6, 7], [3, 5, 6], [1, 3, 3]],
    ['3×5×5 patches', [4, 9, 11], [4, 7, 8], [3, 5, 5]],
  ])('handles edge sizes: %s', async (_name, qs, ks, patch) => {
    const query = randomVideo(qs, 21);
    const keys = randomVideo(ks, 22);
    // Random content has nothing to propagate; these grids are small enough for random search to cover.
    const { sameDistance, pm } = await agreement(query, keys, patch, 48);
    expectInRange(pm.nn, keys, patch);
    expect(sameDistance).toBeGreaterThanOrEqual(0.95);
    expect(pm.nn.length).toBe(spaceTimeGrid(qs, patch).count);
  });

  it('is deterministic per seed', async () => {
    const query = randomVideo([4, 12, 14], 5);
    const keys = randomVideo([5, 12, 13], 6);
    const run = (seed: number) =>
      spaceTimePatchMatch(query, keys, { patch: [3, 7, 7], alpha: PLAIN, iterations: 2, seed });
    const [a, b, c] = [await run(9), await run(9), await run(10)];
    expect(Array.from(b.nn)).toEqual(Array.from(a.nn));
    expect(Array.from(b.distance)).toEqual(Array.from(a.distance));
    expect(Array.from(c.nn)).not.toEqual(Array.from(a.nn));
  });

  it('starts from a given field and never leaves a better key for a worse one', async () => {
    const keys = movingBarVideo(5, 16, 20);
    const query = noisy(keys, 0.1, 4);
    const exact = await exactSpaceTimeSearch(query, keys, { patch: [3, 7, 7], alpha: PLAIN });
    const warm = await spaceTimePatchMatch(query, keys, {
      patch: [3, 7, 7],
      alpha: PLAIN,
      iterations: 1,
      initialField: exact.nn,
    });
    expect(Array.from(warm.nn)).toEqual(Array.from(exact.nn));
    // Zero rounds: the field is the initial one, scored.
    const cold = await spaceTimePatchMatch(query, keys, { patch: [3, 7, 7], alpha: PLAIN, iterations: 0 });
    const later = await spaceTimePatchMatch(query, keys, {
      patch: [3, 7, 7],
      alpha: PLAIN,
      iterations: 1,
      initialField: cold.nn,
    });
    later.distance.forEach((d, i) => expect(d).toBeLessThanOrEqual(cold.distance[i]));
  });

  it('scores with the completeness estimate when alpha is set, and finds a video in itself', async () => {
    const v = randomVideo([4, 10, 11], 3);
    const self = await spaceTimePatchMatch(v, v, { patch: [3, 7, 7], alpha: 0.005, iterations: 16, seed: 2 });
    expect(Array.from(self.nn)).toEqual(Array.from({ length: self.nn.length }, (_, i) => i));
    expect(self.score.every((s) => s === 0)).toBe(true);
    const query = noisy(movingBarVideo(5, 14, 18), 0.1, 1);
    const keys = movingBarVideo(5, 14, 18);
    const got = await spaceTimePatchMatch(query, keys, { patch: [3, 7, 7], alpha: 1, distance: 'sq', iterations: 3 });
    expectInRange(got.nn, keys, [3, 7, 7]);
    // The score is the distance over (alpha + m_j), m_j ≥ 0: never above D/alpha.
    got.score.forEach((s, i) => expect(s).toBeLessThanOrEqual(got.distance[i] / 1 + 1e-6));
  });

  it('never chooses an excluded key, from any start, and comes close to the exact search without them', async () => {
    const keys = movingBarVideo(6, 20, 28);
    const query = noisy(keys, 0.05, 4);
    const patch: PatchDims = [3, 7, 7];
    const g = spaceTimeGrid(videoShape(keys), patch);
    // A hole in the middle of every frame: the keys whose window touches it are out, as inpainting sends them.
    const excluded = new Uint32Array(g.count);
    for (let j = 0; j < g.count; j++) {
      const x = j % g.gridWidth;
      const y = Math.floor(j / g.gridWidth) % g.gridHeight;
      if (x >= 6 && x <= 14 && y >= 4 && y <= 9) excluded[j] = 1;
    }
    const exact = await exactSpaceTimeSearch(query, keys, { patch, alpha: PLAIN, excludedKeys: excluded });
    // Started from the identity, which points most hole queries at excluded keys.
    const identity = Uint32Array.from({ length: g.count }, (_, i) => i);
    for (const initialField of [undefined, identity]) {
      const pm = await spaceTimePatchMatch(query, keys, {
        patch,
        alpha: PLAIN,
        iterations: 4,
        seed: 5,
        excludedKeys: excluded,
        initialField,
      });
      expect(Array.from(pm.nn).every((j) => excluded[j] === 0)).toBe(true);
      const mean = (d: Float32Array) => d.reduce((a, b) => a + b, 0) / d.length;
      expect(mean(pm.distance)).toBeLessThan(1.05 * mean(exact.distance));
    }
    // One allowed key: every query ends on it.
    const one = new Uint32Array(g.count).fill(1);
    one[17] = 0;
    const only = await spaceTimePatchMatch(query, keys, { patch, alpha: PLAIN, iterations: 1, excludedKeys: one });
    expect(Array.from(only.nn).every((j) => j === 17)).toBe(true);
  });

  it('refuses bad options', async () => {
    const v = randomVideo([3, 8, 8], 1);
    const opts = { patch: [3, 7, 7] as PatchDims, alpha: PLAIN };
    await expect(spaceTimePatchMatch(v, v, { ...opts, iterations: -1 })).rejects.toThrow(/iterations/);
    await expect(spaceTimePatchMatch(v, v, { ...opts, seed: 0.5 })).rejects.toThrow(/seed/);
    await expect(spaceTimePatchMatch(v, v, { ...opts, initialField: new Uint32Array(3) })).rejects.toThrow(
      /initialField/,
    );
    await expect(spaceTimePatchMatch(v, randomVideo([2, 8, 8], 1), opts)).rejects.toThrow(/no patch fits/);
    await expect(spaceTimePatchMatch(v, v, { ...opts, excludedKeys: new Uint32Array(4).fill(1) })).rejects.toThrow(
      /Every key patch is excluded/,
    );
  });

  it('stops when aborted', async () => {
    const v = randomVideo([4, 10, 11], 3);
    const ac = new AbortController();
    ac.abort();
    await expect(spaceTimePatchMatch(v, v, { patch: [3, 7, 7], alpha: PLAIN, signal: ac.signal })).rejects.toThrow();
  });
});

describe('upsampleSpaceTimeField', () => {
  it('carries an identity field to a finer level as (nearly) the identity, always in range', () => {
    const coarse: VideoShape = [4, 12, 16];
    const fine: VideoShape = [5, 14, 19];
    const patch: PatchDims = [3, 7, 7];
    const cg = spaceTimeGrid(coarse, patch);
    const fg = spaceTimeGrid(fine, patch);
    const identity = Uint32Array.from({ length: cg.count }, (_, i) => i);
    const out = upsampleSpaceTimeField(
      identity,
      { query: coarse, keys: coarse, patch },
      { query: fine, keys: fine, patch },
    );
    expect(out.length).toBe(fg.count);
    expect(out.every((j) => j < fg.count)).toBe(true);
    const same = out.filter((j, i) => j === i).length;
    expect(same / out.length).toBeGreaterThan(0.9);
  });

  it('keeps a constant space-time offset and clamps at the borders, across patch dims', () => {
    const patch: PatchDims = [3, 7, 7];
    const small: PatchDims = [3, 5, 5];
    const query: VideoShape = [4, 10, 12];
    const keys: VideoShape = [5, 12, 14];
    const qg = spaceTimeGrid(query, patch);
    const kg = spaceTimeGrid(keys, patch);
    // Every query points one frame later, two rows down and one column right (clamped).
    const field = new Uint32Array(qg.count);
    for (let i = 0; i < qg.count; i++) {
      const x = i % qg.gridWidth;
      const y = Math.floor(i / qg.gridWidth) % qg.gridHeight;
      const t = Math.floor(i / qg.gridWidth / qg.gridHeight);
      const kt = Math.min(t + 1, kg.gridFrames - 1);
      const ky = Math.min(y + 2, kg.gridHeight - 1);
      const kx = Math.min(x + 1, kg.gridWidth - 1);
      field[i] = (kt * kg.gridHeight + ky) * kg.gridWidth + kx;
    }
    const out = upsampleSpaceTimeField(
      field,
      { query, keys, patch },
      { query: [4, 10, 12], keys: [5, 12, 14], patch: small },
    );
    const fk = spaceTimeGrid(keys, small);
    const fq = spaceTimeGrid(query, small);
    expect(out.every((j) => j < fk.count)).toBe(true);
    // An interior query keeps its offset (same sizes: the patch centres line up).
    const i = (1 * fq.gridHeight + 3) * fq.gridWidth + 3;
    expect(out[i]).toBe((2 * fk.gridHeight + 5) * fk.gridWidth + 4);
    expect(() => upsampleSpaceTimeField(new Uint32Array(2), { query, keys, patch }, { query, keys, patch })).toThrow(
      /expected one per coarse query/,
    );
  });
});
