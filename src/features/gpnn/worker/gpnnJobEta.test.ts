import { describe, expect, it } from 'vitest';
import { estimateEta, foldProgress, formatEta } from '../../../app/eta';
import { reviewEta, simulatedClock, type TimedReport } from '../../../testing/etaTestSupport';
import { applyResampleSteps, resizeLinear } from '../../../engine/image/resample';
import { createRgbImage, type RgbImage } from '../../../engine/image/rgbImage';
import type { GpnnBackend, NearestFoldOptions } from '../../../engine/gpnn/gpnnBackend';
import { DEFAULT_GPNN, type GpnnParams } from '../../../engine/gpnn/gpnnParams';
import type { JobProgress, SearchChosen } from '../../../protocol/messages';
import type { GpnnAnimateJob, GpnnJob } from '..';
import type { JobContext } from '../../../worker/jobContext';
import { runGpnnAnimateJob } from './runGpnnAnimateJob';
import { runGpnnJob } from './runGpnnJob';

/**
 * The ETA a user sees for GPNN jobs, checked against a paced device: a
 * backend that computes nothing and takes as long as a device of a given
 * speed would, on a simulated clock (performance.now is the test's), so the
 * test depends on neither the timer nor how busy the machine is. The worker
 * measures that device, decides the search and weights its progress; the
 * page's estimator (eta.ts) must then keep every promise reviewEta checks.
 */

interface Device {
  overheadMs: number;
  exactPairsPerMs: number;
  pmQueryRoundsPerMs: number;
  pmColdMsPerPatch: number;
}

const clock = simulatedClock();
const spend = async (ms: number) => {
  clock.advance(ms);
  await Promise.resolve();
};
const patches = (img: RgbImage, p: number) => (img.height - p + 1) * (img.width - p + 1);

function pacedBackend(device: Device): GpnnBackend<RgbImage> {
  return {
    // Not 'cpu': the speed cache keeps one figure for every CPU backend, and this device is its own.
    kind: 'webgpu' as const,
    exactSearch: 'wgsl-blocked' as const,
    upload: (image: RgbImage) => image,
    download: async (image: RgbImage) => image,
    shape: (image: RgbImage) => [image.height, image.width] as const,
    resample: (image: RgbImage, steps: Parameters<GpnnBackend<RgbImage>['resample']>[1]) =>
      steps.length === 0 ? image : applyResampleSteps(image, steps),
    resize: (image: RgbImage, h: number, w: number) =>
      h === image.height && w === image.width ? image : resizeLinear(image, h, w),
    async nearestFold(query: RgbImage, keys: RgbImage, _values: RgbImage, o: NearestFoldOptions) {
      const n = patches(query, o.patchSize);
      const m = patches(keys, o.patchSize);
      await spend(
        o.nn === 'exact'
          ? device.overheadMs + (n * m) / device.exactPairsPerMs
          : device.overheadMs +
              (n * o.pmRounds) / device.pmQueryRoundsPerMs +
              (o.warmStart ? 0 : (n + m) * device.pmColdMsPerPatch),
      );
      // A sample that comes back as the source is redrawn, and so is one made of patches the source lacks: the
      // output is the keys a little brighter, the source's own patches but no copy of them.
      const lifted = createRgbImage(
        keys.height,
        keys.width,
        keys.data.map((v) => Math.min(1, v + 0.06)),
      );
      return lifted.height === query.height && lifted.width === query.width
        ? lifted
        : resizeLinear(lifted, query.height, query.width);
    },
    release: () => {},
    settle: async () => {},
  };
}

function gradient(h: number, w: number): RgbImage {
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) img.data.set([y / h, x / w, ((x * y) % 17) / 17], (y * w + x) * 3);
  return img;
}

function context(
  backend: GpnnBackend<RgbImage>,
  source: RgbImage,
  reports: TimedReport[],
  search: Omit<SearchChosen, 'jobId'>[],
  started: () => number,
) {
  return {
    runtime: { gpnn: backend, info: { kind: 'webgpu', adapter: 'a paced test device' } },
    source,
    images: { source },
    signal: new AbortController().signal,
    emitScale: () => {},
    emitOutput: () => {},
    emitMetric: () => {},
    emitProgress: (done: number, total: number, _stage: string, more?: Pick<JobProgress, 'unitMs'>) =>
      reports.push({ at: clock.now() - started(), done, total, unitMs: more?.unitMs }),
    emitSearch: (s: Omit<SearchChosen, 'jobId'>) => search.push(s),
    pace: async () => {},
    checkpoint: async () => {},
  } as unknown as JobContext;
}

interface PacedRun {
  readonly reports: TimedReport[];
  readonly search: Omit<SearchChosen, 'jobId'>[];
  readonly ms: number;
}

/**
 * Runs `job` on the paced device. `timed`: the device was timed by an
 * earlier job (as after the session's first GPNN job); otherwise the timing
 * is part of this run, as on the session's first. `slowdown`: the device
 * runs that many times slower once timed, so the cost model is off by that
 * factor and only measured progress can tell.
 */
async function runPaced(
  device: Device,
  source: RgbImage,
  job: GpnnJob | GpnnAnimateJob,
  o: { timed: boolean; slowdown?: number },
): Promise<PacedRun> {
  const backend = pacedBackend(device);
  const reports: TimedReport[] = [];
  const search: Omit<SearchChosen, 'jobId'>[] = [];
  let started = 0;
  const ctx = context(backend, source, reports, search, () => started);
  if (o.timed) {
    await runGpnnJob(
      { kind: 'gpnn', task: { kind: 'sample', seeds: [1] }, params: { ...DEFAULT_GPNN, iterations: 1 }, sifid: false },
      ctx,
    );
    reports.length = 0;
    search.length = 0;
  }
  if (o.timed && o.slowdown) Object.assign(device, slowed(device, o.slowdown));
  started = clock.now();
  if (job.kind === 'gpnn') await runGpnnJob(job, ctx);
  else await runGpnnAnimateJob(job, ctx);
  return { reports, search, ms: clock.now() - started };
}

const slowed = (d: Device, k: number): Device => ({
  overheadMs: d.overheadMs * k,
  exactPairsPerMs: d.exactPairsPerMs / k,
  pmQueryRoundsPerMs: d.pmQueryRoundsPerMs / k,
  pmColdMsPerPatch: d.pmColdMsPerPatch * k,
});

const samples = (n: number, params: GpnnParams = DEFAULT_GPNN): GpnnJob => ({
  kind: 'gpnn',
  task: { kind: 'sample', seeds: Array.from({ length: n }, (_, i) => i + 1) },
  params,
  sifid: false,
});

function expectHonest(run: PacedRun): void {
  const review = reviewEta(run.reports, run.ms);
  const shown = review.shown.map((s) => `${(s.at / 1000).toFixed(1)}:${s.text}`).join(' | ');
  expect(review.problems, shown).toEqual([]);
  expect(review.firstAt, shown).not.toBeNull();
  expect(review.shown.filter((s) => s.ms !== null).length).toBeGreaterThan(5);
}

/** A device as slow as SwiftShader is at exact search, so a 250×200 sample takes about a minute. */
const SOFTWARE_GPU: Device = {
  overheadMs: 4,
  exactPairsPerMs: 40_000,
  pmQueryRoundsPerMs: 400,
  pmColdMsPerPatch: 0.002,
};

describe('the GPNN job ETA on a paced device', () => {
  it('never promises an hour for a one-minute run: the device timing and the first coarse step are not a rate', async () => {
    const run = await runPaced({ ...SOFTWARE_GPU }, gradient(200, 250), samples(4), { timed: false });
    expect(run.ms).toBeGreaterThan(20_000);
    expect(run.ms).toBeLessThan(180_000);
    // The old ETA, elapsed ÷ done × remaining from the job's start, at the first step after the timing.
    const first = run.reports.find((r) => r.total > 1 && r.done > 0)!;
    const naive = (first.at / first.done) * (first.total - first.done);
    expect(naive).toBeGreaterThan(20 * run.ms);
    const state = run.reports
      .slice(0, run.reports.indexOf(first) + 1)
      .reduce((s, r) => foldProgress(s, r, r.at), foldProgress(undefined, run.reports[0], 0));
    const eta = estimateEta(state, first.at);
    expect(eta.kind === 'estimating' || (eta.kind === 'left' && eta.ms < 3 * (run.ms - first.at)), formatEta(eta)).toBe(
      true,
    );
    expectHonest(run);
  }, 60_000);

  it('auto picks exact search on a fast-enough device, and the ETA keeps its promises', async () => {
    const run = await runPaced(
      { overheadMs: 4, exactPairsPerMs: 4000, pmQueryRoundsPerMs: 400, pmColdMsPerPatch: 0.002 },
      gradient(36, 48),
      samples(2, { ...DEFAULT_GPNN, iterations: 3 }),
      { timed: true },
    );
    expect(run.search[0]).toMatchObject({ nn: 'exact', auto: true, exactSearch: 'wgsl-blocked' });
    expect(run.search[0].reason).toContain('a paced test device');
    expect(run.search[0].exactMs / run.ms).toBeGreaterThan(0.5);
    expect(run.search[0].exactMs / run.ms).toBeLessThan(2);
    expectHonest(run);
  }, 60_000);

  it('auto picks PatchMatch where exact search would be slow, and its ETA holds too', async () => {
    const run = await runPaced(
      { overheadMs: 3, exactPairsPerMs: 40, pmQueryRoundsPerMs: 60, pmColdMsPerPatch: 0.01 },
      gradient(60, 80),
      samples(1, { ...DEFAULT_GPNN, iterations: 3 }),
      { timed: true },
    );
    expect(run.search[0]).toMatchObject({ nn: 'patchmatch', auto: true });
    expect(run.search[0].exactMs).toBeGreaterThan(15_000);
    expect(run.search[0].patchMatchMs / run.ms).toBeGreaterThan(0.5);
    expect(run.search[0].patchMatchMs / run.ms).toBeLessThan(2);
    expectHonest(run);
  }, 60_000);

  it('retargeting to 1.5× the width: an estimate, never "<1 s", while it runs', async () => {
    const run = await runPaced(
      { ...SOFTWARE_GPU },
      gradient(200, 250),
      { kind: 'gpnn', task: { kind: 'retarget', height: 200, width: 375 }, params: DEFAULT_GPNN, sifid: false },
      { timed: true },
    );
    expect(run.ms).toBeGreaterThan(10_000);
    expectHonest(run);
  }, 60_000);

  it('corrects a cost model 10× too optimistic from measured progress', async () => {
    const run = await runPaced({ ...SOFTWARE_GPU }, gradient(64, 80), samples(2), { timed: true, slowdown: 10 });
    // The model promised a tenth of the real time.
    expect(run.search[0].exactMs * 5).toBeLessThan(run.ms);
    expectHonest(run);
  }, 60_000);

  it('corrects a cost model 10× too pessimistic', async () => {
    const run = await runPaced({ ...slowed(SOFTWARE_GPU, 10) }, gradient(96, 120), samples(2), {
      timed: true,
      slowdown: 0.1,
    });
    expect(run.search[0].nn === 'exact' ? run.search[0].exactMs : run.search[0].patchMatchMs).toBeGreaterThan(
      5 * run.ms,
    );
    expectHonest(run);
  }, 60_000);

  it('GPNN animation frames keep the same promises', async () => {
    const job: GpnnAnimateJob = {
      kind: 'gpnn-animate',
      params: { ...DEFAULT_GPNN, iterations: 3 },
      animation: { frames: 6, fps: 8, loop: 'loop', seed: 1, coherence: 'temporal' },
    };
    const run = await runPaced({ ...SOFTWARE_GPU }, gradient(64, 80), job, { timed: true });
    expectHonest(run);
  }, 60_000);
});
