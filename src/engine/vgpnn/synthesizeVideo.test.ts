import { describe, expect, it } from 'vitest';
import { PATCHMATCH_EXACT_LEVEL_PAIRS } from '../gpnn/searchChoice';
import { PLAIN_NN_ALPHA } from '../patches/nearestPatches';
import { movingBarVideo, randomVideo, scrollingTextureVideo } from './proceduralVideos';
import { loopSeam } from '../metrics/loopSeam';
import { exactSpaceTimeSearch } from './spaceTimeSearch';
import { COARSE_COPY_DISTANCE, MAX_NOISE_DRAWS } from '../gpnn/copyRedraw';
import { prepareVgpnn, sampleVgpnn, synthesizeVideo, videoCopyCheckLevel } from './synthesizeVideo';
import { DEFAULT_VGPNN, exactLevelPairs, exactSearchPairs, validateVgpnnParams, vgpnnPlan } from './vgpnnParams';
import { meanAbsVideoDifference, videoShape, videoToFrames, type Video } from './video';

const source = movingBarVideo(6, 24, 32);

/** Mean distance from each 3×7×7 patch of `v` to its nearest patch of the source. */
async function meanNearestDistance(v: Video): Promise<number> {
  const { distance } = await exactSpaceTimeSearch(v, source, { patch: [3, 7, 7], alpha: PLAIN_NN_ALPHA });
  return distance.reduce((a, b) => a + b, 0) / distance.length;
}

describe('vgpnnPlan', () => {
  it('runs 1 step at the coarsest level and 5 elsewhere, with the pyramid of the source', () => {
    const plan = vgpnnPlan([6, 24, 32], [6, 24, 32]);
    expect(plan.source).toEqual([
      [6, 24, 32],
      [6, 21, 28],
      [5, 18, 24],
      [4, 15, 20],
      [3, 15, 20],
    ]);
    expect(plan.output).toEqual(plan.source);
    expect(plan.iterations).toEqual([5, 5, 5, 5, 1]);
    expect(plan.patch.every((p) => p.join() === '3,7,7')).toBe(true);
  });

  it('drops to one step and 3×5×5 patches above the voxel budgets', () => {
    const plan = vgpnnPlan([13, 400, 700], [13, 400, 700]);
    // 13·400·700 = 3.64 M voxels: over 3 M (one step), under 7.5 M (7×7 patches kept).
    expect(plan.iterations[0]).toBe(1);
    expect(plan.patch[0]).toEqual([3, 7, 7]);
    const big = vgpnnPlan([20, 500, 800], [20, 500, 800]);
    expect(big.patch[0]).toEqual([3, 5, 5]);
    expect(big.iterations[big.depth - 1]).toBe(5);
  });

  it('counts the patch pairs an exact search compares per level and per sample', () => {
    const plan = vgpnnPlan([6, 24, 32], [6, 24, 32]);
    // Level 0: 4×18×26 query patches against as many keys.
    expect(exactLevelPairs(plan, 0)).toBe((4 * 18 * 26) ** 2);
    const total = plan.iterations.reduce((s, n, k) => s + n * exactLevelPairs(plan, k), 0);
    expect(exactSearchPairs(plan)).toBe(total);
  });

  it('checks the search and its rounds', () => {
    expect(DEFAULT_VGPNN.search).toBe('exact');
    expect(validateVgpnnParams({ ...DEFAULT_VGPNN, search: 'patchmatch' })).toBeNull();
    expect(validateVgpnnParams({ ...DEFAULT_VGPNN, search: 'fast' as 'exact' })).toMatch(/exact or patchmatch/);
    expect(validateVgpnnParams({ ...DEFAULT_VGPNN, pmRounds: 0 })).toMatch(/rounds/);
    expect(validateVgpnnParams({ ...DEFAULT_VGPNN, pmRounds: 2.5 })).toMatch(/rounds/);
  });

  it('refuses settings a pyramid cannot hold', () => {
    expect(() => vgpnnPlan([6, 24, 32], [2, 24, 32])).toThrow(/smaller than one/);
    expect(() =>
      vgpnnPlan([6, 24, 32], [6, 24, 32], { ...DEFAULT_VGPNN, pyramid: { ...DEFAULT_VGPNN.pyramid, minFrames: 2 } }),
    ).toThrow(/cannot hold a 3-frame patch/);
    expect(() => vgpnnPlan([2, 24, 32], [3, 24, 32])).toThrow(/at least 3/);
  });
});

describe('synthesizeVideo', () => {
  it('redraws a sample whose coarse levels came back as the source, reproducibly; with no noise it keeps the first draw', async () => {
    // A 20×24 clip is all coarse levels, so the check is at the finest; at sigma 1 seed 2's first draw is the source.
    const prepared = prepareVgpnn(movingBarVideo(5, 20, 24), { ...DEFAULT_VGPNN, iterations: 2, sigma: 1 });
    const check = videoCopyCheckLevel(prepared);
    expect(check).toBe(0);
    const draws: number[] = [];
    const a = await sampleVgpnn(prepared, 2, { onRedraw: (d) => draws.push(d) });
    expect(draws).toEqual([1]);
    expect(meanAbsVideoDifference(a, prepared.levels[check])).toBeGreaterThanOrEqual(COARSE_COPY_DISTANCE);
    expect((await sampleVgpnn(prepared, 2)).data).toEqual(a.data);

    const still = prepareVgpnn(movingBarVideo(5, 20, 24), { ...DEFAULT_VGPNN, iterations: 2, sigma: 0 });
    const tried: number[] = [];
    const copy = await sampleVgpnn(still, 1, { onRedraw: (d) => tried.push(d) });
    expect(tried).toEqual(Array.from({ length: MAX_NOISE_DRAWS - 1 }, (_, i) => i + 1));
    expect(meanAbsVideoDifference(copy, still.levels[0])).toBe(0);
  });

  it('checks no level for copies where the output has another shape than the source', () => {
    const prepared = prepareVgpnn(movingBarVideo(6, 20, 24), DEFAULT_VGPNN, [6, 20, 36]);
    expect(videoCopyCheckLevel(prepared)).toBe(-1);
  });

  it('streams every level coarsest first and reproduces a seed exactly', async () => {
    // A smaller clip and 2 steps per level keep this quick; the seed logic is the same at any size.
    const prepared = prepareVgpnn(movingBarVideo(5, 20, 24), { ...DEFAULT_VGPNN, iterations: 2 });
    const levels: [number, string][] = [];
    const a = await sampleVgpnn(prepared, 1, {
      onLevel: (k, v) => void levels.push([k, videoShape(v).join('×')]),
    });
    expect(levels).toEqual(prepared.plan.output.map((s, k) => [k, s.join('×')]).reverse());
    const again = await sampleVgpnn(prepared, 1);
    expect(again.data).toEqual(a.data);
    const other = await sampleVgpnn(prepared, 2);
    expect(meanAbsVideoDifference(a, other)).toBeGreaterThan(0.02);
  });

  it('makes a new video out of the source patches, not a copy of the source', async () => {
    const out = await synthesizeVideo(source, 3);
    expect(videoShape(out)).toEqual(videoShape(source));
    expect(out.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(meanAbsVideoDifference(out, source)).toBeGreaterThan(0.02);
    // Every output patch has a near neighbour in the source; uniform noise of the same shape has none.
    const ours = await meanNearestDistance(out);
    const noise = await meanNearestDistance(randomVideo(videoShape(source), 4));
    expect(ours).toBeLessThan(0.25 * noise);
  });

  it('generates other shapes (fewer frames, wider) and mean voting', async () => {
    const out = await synthesizeVideo(source, 5, { ...DEFAULT_VGPNN, voting: 'mean' }, [4, 24, 40]);
    expect(videoShape(out)).toEqual([4, 24, 40]);
    expect(await meanNearestDistance(out)).toBeLessThan(
      0.25 * (await meanNearestDistance(randomVideo([4, 24, 40], 6))),
    );
  });

  it('with PatchMatch: reproduces a seed exactly and makes a new video, not a copy', async () => {
    const params = { ...DEFAULT_VGPNN, search: 'patchmatch' as const, iterations: 3 };
    const prepared = prepareVgpnn(source, params);
    // The finer levels are above levelSearch's threshold, so PatchMatch runs there (the coarsest ones are exact).
    expect(exactLevelPairs(prepared.plan, 0)).toBeGreaterThan(PATCHMATCH_EXACT_LEVEL_PAIRS);
    expect(exactLevelPairs(prepared.plan, prepared.plan.depth)).toBeLessThanOrEqual(PATCHMATCH_EXACT_LEVEL_PAIRS);
    const a = await sampleVgpnn(prepared, 7);
    const again = await sampleVgpnn(prepared, 7);
    expect(again.data).toEqual(a.data);
    const other = await sampleVgpnn(prepared, 8);
    expect(meanAbsVideoDifference(a, other)).toBeGreaterThan(0.02);
    expect(meanAbsVideoDifference(a, source)).toBeGreaterThan(0.02);
    expect(await meanNearestDistance(a)).toBeLessThan(
      0.25 * (await meanNearestDistance(randomVideo(videoShape(source), 4))),
    );
  });

  it('stops between steps when aborted', async () => {
    const ac = new AbortController();
    let steps = 0;
    const run = synthesizeVideo(source, 1, DEFAULT_VGPNN, undefined, {
      signal: ac.signal,
      onStep: () => {
        if (++steps === 2) ac.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(steps).toBe(2);
  });
});

describe('seamless loops', () => {
  it('make the last frame flow into the first, where the plain output jumps back', async () => {
    // A texture scrolling 2 px a frame for 6 frames, then 10 px back: the source's own seam is a jump.
    const scroll = scrollingTextureVideo(6, 16, 48, 2);
    expect(loopSeam(videoToFrames(scroll)).ratio).toBeGreaterThan(1.5);
    // Two steps a level instead of five keep the test short; the seam is decided at the coarse levels.
    const quick = { ...DEFAULT_VGPNN, iterations: 2 };
    const plain = await synthesizeVideo(scroll, 1, quick);
    const loop = await synthesizeVideo(scroll, 1, { ...quick, loop: true });
    expect(loopSeam(videoToFrames(plain)).ratio).toBeGreaterThan(1.5);
    const seam = loopSeam(videoToFrames(loop));
    expect(seam.ratio).toBeLessThan(1.5);
    // Still moving, and still the source's patches rather than a blur.
    expect(seam.speed).toBeGreaterThan(0.8 * loopSeam(videoToFrames(scroll)).speed);
    expect(meanAbsVideoDifference(loop, scroll)).toBeGreaterThan(COARSE_COPY_DISTANCE);
    // Reproducible by seed.
    expect(Array.from((await synthesizeVideo(scroll, 1, { ...quick, loop: true })).data)).toEqual(
      Array.from(loop.data),
    );
  }, 120_000);
});
