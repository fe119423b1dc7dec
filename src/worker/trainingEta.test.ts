import { describe, expect, it } from 'vitest';
import { reviewEta, simulatedClock, type TimedReport } from '../testing/etaTestSupport';
import { SINGAN_PRESETS, previewDue, type SinganConfig } from '../engine/singan/singanConfig';
import { channelsAtScale, singanScaleShapes, trainingIterationCost } from '../engine/singan/singanPyramid';
import type { JobProgress } from '../protocol/messages';
import type { JobContext } from './jobContext';
import { trainingReporter } from './trainingReporter';

/**
 * The ETA of SinGAN and GIF → GIF training, from the worker's own progress
 * reports (trainingReporter) driven as trainSingan / trainSequence call it,
 * on a paced device with a simulated clock: each iteration, preview and
 * finished scale takes the time a device of a given speed would. The page's
 * estimator must keep every promise reviewEta checks.
 */

const clock = simulatedClock();

/** Milliseconds of one iteration at a scale of `pixels` with `channels`. */
interface Device {
  iterationMs(pixels: number, channels: number): number;
  /** Storing the model and the SIFIDs after each scale (the sample and reconstruction are counted from iterationMs). */
  storeMs: number;
}

/** As the benchmarks measured wasm on one core: about half a millisecond per pixel at 32 channels, a little fixed cost. */
const WASM: Device = { iterationMs: (px, ch) => 30 + 0.45 * px * (ch / 32) ** 2, storeMs: 300 };
/** A sample and a reconstruction: two forward passes through every scale, a fifth of an iteration at the finest. */
const SAMPLE_AND_RECONSTRUCTION = 0.2;

interface TrainingRun {
  readonly reports: TimedReport[];
  readonly ms: number;
  readonly positions: NonNullable<JobProgress['training']>[];
  readonly previews: [number, number][];
}

async function train(
  config: SinganConfig,
  height: number,
  width: number,
  device: Device,
  frames = 1,
): Promise<TrainingRun> {
  const shapes = singanScaleShapes(config, height, width);
  const reports: TimedReport[] = [];
  const positions: NonNullable<JobProgress['training']>[] = [];
  const previews: [number, number][] = [];
  const ctx = {
    emitLosses: () => {},
    emitProgress: (
      done: number,
      total: number,
      _stage: string,
      more?: Pick<JobProgress, 'unitMs' | 'training' | 'provisional'>,
    ) => {
      reports.push({ at: clock.now(), done, total, unitMs: more?.unitMs, provisional: more?.provisional });
      if (more?.training) positions.push(more.training);
    },
    checkpoint: async () => {},
  } as unknown as JobContext;
  const report = trainingReporter(ctx, {
    modelId: 'm',
    name: 'test',
    createdAt: 0,
    msBefore: 0,
    iterationCost: trainingIterationCost(config, shapes),
    iterations: config.iterations,
    previewEvery: config.previewEvery,
    describeScale: (s) => `Scale ${s + 1}/${shapes.length}`,
  });
  const losses = { dReal: 1, dFake: 0, gp: 0, gAdv: 0, rec: 1 };
  // As trainSingan calls it: start, every iteration (a preview where due), then the finished scale's own work.
  for (let n = 0; n < shapes.length; n++) {
    const px = shapes[n][0] * shapes[n][1] * frames;
    report.callbacks.onScaleStart(n);
    for (let it = 0; it < config.iterations; it++) {
      await report.callbacks.checkpoint();
      clock.advance(device.iterationMs(px, channelsAtScale(config, n)));
      report.callbacks.onIteration(n, it, losses);
      if (previewDue(it, config)) {
        clock.advance(SAMPLE_AND_RECONSTRUCTION * device.iterationMs(px, channelsAtScale(config, n)));
        previews.push([n, it]);
      }
    }
    report.scaleFinished(n);
    clock.advance(device.storeMs + SAMPLE_AND_RECONSTRUCTION * device.iterationMs(px, channelsAtScale(config, n)));
  }
  // The final sample and reconstruction.
  const last = shapes.length - 1;
  clock.advance(
    SAMPLE_AND_RECONSTRUCTION *
      device.iterationMs(shapes[last][0] * shapes[last][1] * frames, channelsAtScale(config, last)),
  );
  return { reports, ms: clock.now(), positions, previews };
}

function expectHonest(run: TrainingRun): void {
  const review = reviewEta(run.reports, run.ms);
  const shown = review.shown
    .filter((_, i) => i % 5 === 0)
    .map((s) => `${(s.at / 1000).toFixed(1)}:${s.text}`)
    .join(' | ');
  expect(review.problems, shown).toEqual([]);
  expect(review.firstAt, shown).not.toBeNull();
}

const fast = (o: Partial<SinganConfig> = {}): SinganConfig => ({ ...SINGAN_PRESETS.fast, ...o });

describe('the training ETA on a paced device', () => {
  it('SinGAN, 20 iterations per scale: the ETA holds and the estimate is real from the first seconds', async () => {
    const run = await train(fast({ iterations: 20, lrDropAt: 16 }), 200, 250, WASM);
    expect(run.ms).toBeGreaterThan(30_000);
    expectHonest(run);
    const review = reviewEta(run.reports, run.ms);
    expect(review.firstAt!).toBeLessThanOrEqual(10_500);
  });

  it('SinGAN, the fast preset (300 iterations per scale, channels doubling at scale 5)', async () => {
    const run = await train(fast(), 200, 250, WASM);
    expect(run.ms).toBeGreaterThan(10 * 60_000);
    expectHonest(run);
  });

  it('on a device whose iterations cost mostly a fixed overhead (a GPU with small images), measured progress keeps it within 3×', async () => {
    const gpu: Device = { iterationMs: (px, ch) => 60 + 0.004 * px * (ch / 32) ** 2, storeMs: 150 };
    const run = await train(fast({ iterations: 100, lrDropAt: 80 }), 200, 250, gpu);
    expectHonest(run);
  });

  it('GIF → GIF training: frames multiply every scale alike', async () => {
    const run = await train(fast({ iterations: 40, lrDropAt: 32, maxSize: 64 }), 48, 64, WASM, 8);
    expectHonest(run);
  });

  it('reports where the training is, and previews every scale even when the interval exceeds the iterations', async () => {
    const config = fast({ iterations: 20, lrDropAt: 16, previewEvery: 50 });
    const run = await train(config, 200, 250, WASM);
    const scales = singanScaleShapes(config, 200, 250).length;
    expect(run.previews).toEqual(Array.from({ length: scales }, (_, n) => [n, 19]));
    expect(run.positions[0]).toEqual({ scale: 0, scales, iteration: 0, iterations: 20, previewEvery: 50 });
    expect(run.positions.at(-1)).toEqual({
      scale: scales - 1,
      scales,
      iteration: 20,
      iterations: 20,
      previewEvery: 50,
    });
    // Progress is monotone; the last scale's finishing work (the model stored, the outputs) is still to come at its last report.
    const done = run.reports.map((r) => r.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const last = run.reports.at(-1)!;
    expect(last.done).toBeLessThan(last.total);
    expect(last.done / last.total).toBeGreaterThan(0.95);
  });
});
