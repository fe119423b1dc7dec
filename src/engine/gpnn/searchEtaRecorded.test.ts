import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateEta, foldProgress, type EtaState } from '../../app/eta';
import type { GpnnParams } from './gpnnParams';
import { planGpnn } from './gpnnPlan';
import { levelMs, taskWork, type ResolvedSearch, type SearchSpeed } from './searchChoice';

/**
 * The ETA model against recorded timings: every Places50 benchmark run under
 * bench/results that kept its search decision (the device's measured speed)
 * and the time of every level of every sample. Each sample is replayed as
 * the page would have shown it: progress weighted by the model's per-level
 * estimates, through the page's estimator, compared at every level
 * boundary with the time the recording really had left.
 */

const RESULTS = join(__dirname, '../../../bench/results');

interface Recorded {
  readonly run: string;
  readonly image: string;
  readonly height: number;
  readonly width: number;
  readonly search: { nn: ResolvedSearch; exactMs: number; patchMatchMs: number; speed: SearchSpeed };
  readonly levelMs: { output: number; level: number; ms: number | null }[];
  readonly msPerSample: number;
  readonly seeds: number[];
  readonly params: GpnnParams;
}

function recordings(): Recorded[] {
  if (!existsSync(RESULTS)) return [];
  const out: Recorded[] = [];
  for (const run of readdirSync(RESULTS)) {
    const settingsPath = join(RESULTS, run, 'settings.json');
    if (!run.startsWith('places50-gpnn-') || !existsSync(settingsPath)) continue;
    const { params, timingsShared } = JSON.parse(readFileSync(settingsPath, 'utf8')) as {
      params: GpnnParams;
      timingsShared?: string;
    };
    // A run that shared its core with other work says so: its level times are not the device's.
    if (timingsShared) continue;
    for (const f of readdirSync(join(RESULTS, run, 'images'))) {
      // An image's record as the benchmark wrote it; older runs, without search.speed or levelMs, are skipped.
      const r = JSON.parse(readFileSync(join(RESULTS, run, 'images', f), 'utf8')) as Omit<Recorded, 'run' | 'params'>;
      if (r.search?.speed && r.levelMs?.length) out.push({ ...r, run, params });
    }
  }
  return out;
}

/**
 * ETA ÷ real time left at each level boundary of each recorded sample past
 * 10% of its modelled work, and the estimate made before the run ÷ its real
 * time. Each sample is replayed on its own: the recordings come from a
 * shared machine whose load changes from minute to minute (one sample of a
 * run can take twice as long as the next), and no ETA can foresee that;
 * within one sample the load is steady enough to test the model's
 * level-by-level shares, which is what the ETA is built on.
 */
/**
 * An ETA is checked while this much time is really left: the page shows
 * seconds, and in the last few of them fixed costs (the pyramid, the copy
 * check's downloads, a yield) outweigh the search the model counts.
 */
const MIN_LEFT_MS = 5000;

function replay(r: Recorded): { ratios: number[]; prior: number } {
  const plan = planGpnn([r.height, r.width], [r.height, r.width], r.params);
  const outputs = r.seeds.length;
  const work = taskWork(plan, r.params, plan.depth, outputs, 1);
  const perLevel = new Map(
    work.map((w) => [
      w.level,
      levelMs(w, r.search.nn, r.search.speed, r.params.pmRounds, r.params.iterations) / outputs,
    ]),
  );
  const ratios: number[] = [];
  for (let o = 0; o < outputs; o++) {
    const events = r.levelMs
      .filter((e) => e.output === o)
      .map((e) => ({ model: perLevel.get(e.level)!, real: e.ms ?? 0 }));
    const modelTotal = events.reduce((a, e) => a + e.model, 0);
    const realTotal = events.reduce((a, e) => a + e.real, 0);
    let done = 0;
    let elapsed = 0;
    // Units are the model's milliseconds: its prior rate is 1 ms per unit.
    let eta: EtaState = foldProgress(undefined, { done, total: modelTotal, unitMs: 1 }, elapsed);
    for (const e of events) {
      done += e.model;
      elapsed += e.real;
      eta = foldProgress(eta, { done, total: modelTotal, unitMs: 1 }, elapsed);
      const left = realTotal - elapsed;
      const shown = estimateEta(eta, elapsed);
      if (done < 0.1 * modelTotal || left < MIN_LEFT_MS || shown.kind !== 'left') continue;
      ratios.push(shown.ms / left);
    }
  }
  const estimate = r.search.nn === 'exact' ? r.search.exactMs : r.search.patchMatchMs;
  return { ratios, prior: estimate / (r.msPerSample * outputs) };
}

describe('the ETA model against recorded benchmark timings', () => {
  const recs = recordings();

  it('has recordings of both searches to check', () => {
    const searches = new Set(recs.map((r) => r.search.nn));
    expect([...searches].sort()).toEqual(['exact', 'patchmatch']);
  });

  it('keeps the ETA within 2× of the real time left at every level boundary of every sample', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const r of recs) {
      const { ratios } = replay(r);
      checked += ratios.length;
      const off = ratios.filter((x) => !(x >= 0.5 && x <= 2));
      if (off.length) bad.push(`${r.run}/${r.image}: ${ratios.map((x) => x.toFixed(2)).join(' ')}`);
    }
    expect(checked).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });
});
