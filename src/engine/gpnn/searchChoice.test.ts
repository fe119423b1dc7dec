import { describe, expect, it } from 'vitest';
import { DEFAULT_GPNN } from './gpnnParams';
import { planGpnn } from './gpnnPlan';
import {
  AUTO_EXACT_SAMPLE_MS,
  chooseSearch,
  estimateMs,
  levelSearch,
  roughDuration,
  stepMs,
  taskWork,
  type SearchSpeed,
} from './searchChoice';

const speed: SearchSpeed = {
  exactPairsPerMs: 5000,
  pmQueryRoundsPerMs: 2000,
  pmColdMsPerPatch: 0.001,
  stepOverheadMs: 2,
};

describe('the search cost model and the automatic choice', () => {
  it("counts every level's patches, from the output pyramid for queries and the source's for keys", () => {
    const plan = planGpnn([40, 60], [40, 90], DEFAULT_GPNN);
    const work = taskWork(plan, { patchSize: 7, iterations: 10 }, plan.depth, 3, 2);
    expect(work.map((w) => w.level)).toEqual(Array.from({ length: plan.depth + 1 }, (_, i) => plan.depth - i));
    const finest = work[work.length - 1];
    expect(finest).toEqual({ level: 0, queries: 34 * 84, keys: 34 * 54, steps: 60, patchScale: 1 });
    // 5×5 patches cost 25/49 of 7×7 ones per comparison.
    expect(taskWork(plan, { patchSize: 5, iterations: 1 }, 0, 1, 1)[0].patchScale).toBeCloseTo(25 / 49, 12);
  });

  it('costs exact search by N·M and PatchMatch by N·rounds, with a cold start per level', () => {
    const w = { level: 0, queries: 1000, keys: 2000, steps: 10, patchScale: 1 };
    expect(stepMs(w, 'exact', speed, 4)).toBeCloseTo(2 + (1000 * 2000) / 5000, 9);
    expect(stepMs(w, 'patchmatch', speed, 4)).toBeCloseTo(2 + (1000 * 4) / 2000, 9);
    expect(stepMs(w, 'patchmatch', speed, 4, true)).toBeCloseTo(2 + 2 + 3000 * 0.001, 9);
    // 10 steps = one cold start and nine warm ones.
    expect(estimateMs([w], 'patchmatch', speed, 4, 10)).toBeCloseTo(7 + 9 * 4, 9);
    expect(estimateMs([w], 'exact', speed, 4, 10)).toBeCloseTo(10 * 402, 9);
  });

  it('picks exact search when one output finishes within 15 s on this device, PatchMatch otherwise, and says why', () => {
    const small = taskWork(planGpnn([48, 64], [48, 64], DEFAULT_GPNN), DEFAULT_GPNN, 0, 4, 1);
    const fast = chooseSearch('auto', small, 4, speed, 4, 10, 'SwiftShader');
    expect(fast.nn).toBe('exact');
    expect(fast.auto).toBe(true);
    expect(fast.exactMs / 4).toBeLessThanOrEqual(AUTO_EXACT_SAMPLE_MS);
    expect(fast.reason).toMatch(/^Exact search \(auto\): each output takes about .* on SwiftShader\.$/);

    const plan = planGpnn([188, 250], [188, 250], DEFAULT_GPNN);
    const big = taskWork(plan, DEFAULT_GPNN, plan.depth, 1, 1);
    const slow = chooseSearch('auto', big, 1, speed, 4, 10, 'the CPU');
    expect(slow.nn).toBe('patchmatch');
    expect(slow.exactMs).toBeGreaterThan(AUTO_EXACT_SAMPLE_MS);
    expect(slow.patchMatchMs).toBeLessThan(slow.exactMs / 10);
    expect(slow.reason).toMatch(
      /^PatchMatch \(auto\): exact search would take about .* per output on the CPU; PatchMatch about /,
    );

    // Four outputs of 5 s each are still exact: the rule is per output, not per job.
    const fiveSeconds = { ...speed, exactPairsPerMs: small.reduce((a, w) => a + w.queries * w.keys * 10, 0) / 5000 };
    expect(chooseSearch('auto', small, 4, fiveSeconds, 4, 10, '').nn).toBe('exact');
  });

  it("counts PatchMatch's smallest levels at the exact search's cost, as synthesis runs them", () => {
    const tiny = { level: 3, queries: 300, keys: 300, steps: 10, patchScale: 1 };
    expect(levelSearch('patchmatch', 300, 300)).toBe('exact');
    expect(levelSearch('patchmatch', 400, 400)).toBe('patchmatch');
    expect(levelSearch('exact', 4000, 4000)).toBe('exact');
    expect(stepMs(tiny, 'patchmatch', speed, 4)).toBe(stepMs(tiny, 'exact', speed, 4));
    expect(estimateMs([tiny], 'patchmatch', speed, 4, 10)).toBe(estimateMs([tiny], 'exact', speed, 4, 10));
  });

  it('keeps an explicit choice and still reports both estimates', () => {
    const work = taskWork(planGpnn([188, 250], [188, 250], DEFAULT_GPNN), DEFAULT_GPNN, 0, 1, 1);
    const c = chooseSearch('exact', work, 1, speed, 4, 10, 'X');
    expect(c).toMatchObject({ nn: 'exact', auto: false });
    expect(c.reason).toMatch(/^Exact search, as chosen \(exact about .*, PatchMatch about .* on X\)\.$/);
    expect(chooseSearch('patchmatch', work, 1, speed, 4, 10, '').nn).toBe('patchmatch');
  });

  it('rounds durations to what an estimate can promise', () => {
    expect(roughDuration(400)).toBe('under a second');
    expect(roughDuration(12_400)).toBe('12 s');
    expect(roughDuration(20 * 60_000)).toBe('20 min');
    expect(roughDuration(5 * 3_600_000)).toBe('5 h');
    expect(roughDuration(100 * 3_600_000)).toBe('4 days');
  });
});
