import { describe, expect, it } from 'vitest';
import { estimateRemainingMs } from '../../app/eta';
import { applyResampleSteps, resizeLinear } from '../../engine/image/resample';
import { createRgbImage, type RgbImage } from '../../engine/image/rgbImage';
import type { GpnnBackend, NearestFoldOptions } from '../../engine/gpnn/gpnnBackend';
import { DEFAULT_GPNN, type GpnnParams } from '../../engine/gpnn/gpnnParams';
import type { GpnnJob, SearchChosen } from '../../protocol/messages';
import type { JobContext } from '../jobContext';
import { runGpnnJob } from './gpnnJob';

/**
 * The ETA a user sees for a GPNN job, checked against a paced device: a
 * backend that computes nothing and takes as long as a device of a given
 * speed would (sleeping), so the test depends on the timer, not on how busy
 * the machine is. The worker measures that device, decides the search, and
 * weights its progress; the StatusBar's ETA (elapsed / done × remaining) must
 * then stay within 2× of the time really left.
 */

interface Device {
  readonly overheadMs: number;
  readonly exactPairsPerMs: number;
  readonly pmQueryRoundsPerMs: number;
  readonly pmColdMsPerPatch: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const patches = (img: RgbImage, p: number) => (img.height - p + 1) * (img.width - p + 1);

function pacedBackend(device: Device): GpnnBackend<RgbImage> & { steps: number } {
  const backend = {
    // Not 'cpu': the speed cache keeps one figure for every CPU backend, and this device is its own.
    kind: 'webgpu' as const,
    exactSearch: 'wgsl-blocked' as const,
    steps: 0,
    upload: (image: RgbImage) => image,
    download: async (image: RgbImage) => image,
    shape: (image: RgbImage) => [image.height, image.width] as const,
    resample: (image: RgbImage, steps: Parameters<GpnnBackend<RgbImage>['resample']>[1]) => (steps.length === 0 ? image : applyResampleSteps(image, steps)),
    resize: (image: RgbImage, h: number, w: number) => (h === image.height && w === image.width ? image : resizeLinear(image, h, w)),
    async nearestFold(query: RgbImage, keys: RgbImage, _values: RgbImage, o: NearestFoldOptions) {
      const n = patches(query, o.patchSize);
      const m = patches(keys, o.patchSize);
      const ms =
        o.nn === 'exact'
          ? device.overheadMs + (n * m) / device.exactPairsPerMs
          : device.overheadMs + (n * o.pmRounds) / device.pmQueryRoundsPerMs + (o.warmStart ? 0 : (n + m) * device.pmColdMsPerPatch);
      await sleep(ms);
      backend.steps++;
      // A sample that comes back as the source is redrawn; noise-free output would never be accepted.
      const out = createRgbImage(query.height, query.width, query.data.map((v, i) => (v + ((i * 7919) % 13) / 40) % 1));
      return out;
    },
    release: () => {},
    settle: async () => {},
  };
  return backend;
}

function gradient(h: number, w: number): RgbImage {
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data.set([y / h, x / w, ((x * y) % 17) / 17], (y * w + x) * 3);
  return img;
}

async function runPaced(device: Device, source: RgbImage, params: GpnnParams, samples: number) {
  const backend = pacedBackend(device);
  const progress: { at: number; done: number; total: number }[] = [];
  const search: Omit<SearchChosen, 'jobId'>[] = [];
  const ctx = {
    runtime: { gpnn: backend, info: { kind: 'webgpu', adapter: 'a paced test device' } },
    source,
    images: { source },
    signal: new AbortController().signal,
    emitScale: () => {},
    emitOutput: () => {},
    emitMetric: () => {},
    emitProgress: (done: number, total: number) => progress.push({ at: performance.now(), done, total }),
    emitSearch: (s: Omit<SearchChosen, 'jobId'>) => search.push(s),
    pace: async () => {},
    checkpoint: async () => {},
  } as unknown as JobContext;
  const job: GpnnJob = { kind: 'gpnn', task: { kind: 'sample', seeds: Array.from({ length: samples }, (_, i) => i + 1) }, params, sifid: false };
  // The device is timed once, before the job's own clock starts (as the worker does for its first GPNN job).
  await runGpnnJob({ ...job, task: { kind: 'sample', seeds: [1] }, params: { ...params, iterations: 1 } }, ctx);
  progress.length = 0;
  search.length = 0;
  const started = performance.now();
  await runGpnnJob(job, ctx);
  const ended = performance.now();
  return { progress, search, started, ended };
}

/** ETA ÷ time really left at every progress event once a tenth of the work is done (and a second or more is left). */
function etaRatios({ progress, started, ended }: Awaited<ReturnType<typeof runPaced>>): number[] {
  const ratios: number[] = [];
  for (const p of progress) {
    if (p.total <= 1 || p.done < 0.1 * p.total) continue;
    const left = ended - p.at;
    if (left < 1000) continue;
    const eta = estimateRemainingMs(p.done, p.total, p.at - started);
    if (eta !== null) ratios.push(eta / left);
  }
  return ratios;
}

/** The estimate made before the first step against the whole run, and the live ETA at every event, within 2×. */
function expectWithin2x(run: Awaited<ReturnType<typeof runPaced>>, estimateMs: number): void {
  const prior = estimateMs / (run.ended - run.started);
  expect(prior).toBeGreaterThan(0.5);
  expect(prior).toBeLessThan(2);
  const ratios = etaRatios(run);
  const shown = `ETA / real time left: ${ratios.map((x) => x.toFixed(2)).join(' ')}`;
  expect(ratios.length).toBeGreaterThan(5);
  for (const r of ratios) expect(r > 0.5 && r < 2, shown).toBe(true);
}

describe('the GPNN job ETA on a paced device', () => {
  it('auto picks exact search on a fast-enough device, and the ETA stays within 2× of the real time left', async () => {
    const device = { overheadMs: 4, exactPairsPerMs: 4000, pmQueryRoundsPerMs: 400, pmColdMsPerPatch: 0.002 };
    const run = await runPaced(device, gradient(36, 48), { ...DEFAULT_GPNN, iterations: 3 }, 2);
    expect(run.search).toHaveLength(1);
    expect(run.search[0]).toMatchObject({ nn: 'exact', auto: true, exactSearch: 'wgsl-blocked' });
    expect(run.search[0].reason).toContain('a paced test device');
    expectWithin2x(run, run.search[0].exactMs);
  }, 120_000);

  it('auto picks PatchMatch where exact search would be slow, and its ETA holds too', async () => {
    const device = { overheadMs: 3, exactPairsPerMs: 40, pmQueryRoundsPerMs: 60, pmColdMsPerPatch: 0.01 };
    const run = await runPaced(device, gradient(60, 80), { ...DEFAULT_GPNN, iterations: 3 }, 1);
    expect(run.search[0]).toMatchObject({ nn: 'patchmatch', auto: true });
    expect(run.search[0].exactMs).toBeGreaterThan(15_000);
    expectWithin2x(run, run.search[0].patchMatchMs);
  }, 120_000);
});
