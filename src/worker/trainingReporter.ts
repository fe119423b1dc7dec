import type { RgbImage } from '../engine/image/rgbImage';
import type { SinganLosses } from '../engine/singan/trainSingan';
import type { MetricName, SinganLossPoint } from '../protocol/messages';
import type { JobContext } from './jobContext';
import { sifid, sifidDefinedFor } from './sifidService';

/** Loss points are batched: one message per ~quarter second keeps the page fed without flooding it. */
const LOSS_FLUSH_MS = 250;

export interface TrainingReporterOptions {
  readonly modelId: string;
  readonly name: string;
  /** When the model was first created, and how long it had trained before (a resumed training keeps both). */
  readonly createdAt: number;
  readonly msBefore: number;
  /** The relative cost of one iteration at each scale, coarsest first (trainingIterationCost). */
  readonly iterationCost: readonly number[];
  readonly iterations: number;
  readonly previewEvery: number;
  /** The progress line's words for a scale, e.g. "Scale 2/5 · 31×24". */
  readonly describeScale: (scale: number) => string;
}

/**
 * Work after a scale's last iteration (storing it, a sample and a
 * reconstruction through every scale, its SIFIDs), in iterations of that
 * scale: counted so the ETA does not reach zero while it runs. An iteration
 * is 3 + 3 steps of forward and backward passes; the sample and the
 * reconstruction are two forward passes through the scales. The training's
 * final sample and reconstruction cost as much again after the last scale.
 */
const FINISH_ITERATIONS = 0.25;

/**
 * Milliseconds per iteration as a + b × cost, fitted to the scales measured
 * so far (least squares, a and b kept ≥ 0); null until two scales of
 * different cost are measured. A fixed cost per iteration (dispatches,
 * read-backs: large on a GPU with small images, small on the CPU backends)
 * is what the cost model alone cannot know.
 */
export function fitIterationMs(
  points: readonly { readonly cost: number; readonly ms: number }[],
): ((cost: number) => number) | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mc = points.reduce((a, p) => a + p.cost, 0) / n;
  const mm = points.reduce((a, p) => a + p.ms, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.cost - mc) ** 2, 0);
  if (sxx <= 0) return null;
  let b = points.reduce((a, p) => a + (p.cost - mc) * (p.ms - mm), 0) / sxx;
  let a = mm - b * mc;
  if (b < 0) [a, b] = [mm, 0];
  else if (a < 0)
    [a, b] = [0, points.reduce((x, p) => x + p.ms * p.cost, 0) / points.reduce((x, p) => x + p.cost * p.cost, 0)];
  return (cost) => a + b * cost;
}

/**
 * What SinGAN's and GIF → GIF's training jobs report alike: losses batched
 * per quarter second with the progress line, the model's metadata for
 * storing each finished scale, and the peak tfjs memory. The engine
 * callbacks it returns go straight into trainSingan / trainSequence.
 *
 * Progress is in units of the training's cost model, so a fine scale weighs
 * what it costs in the ETA. Each scale's iterations are timed; once two
 * scales are, the scales not yet started are weighed by the fitted time per
 * iteration instead (work already reported keeps its units), and until
 * then the split of the work left is only the model's guess, which the
 * report says (`provisional`) so the page waits before showing a time.
 */
export function trainingReporter(ctx: JobContext, o: TrainingReporterOptions) {
  const started = performance.now();
  const scales = o.iterationCost.length;
  const cost = o.iterationCost;
  /** Units per iteration of each scale; fixed once the scale starts. */
  const weight = [...cost];
  /** Each scale's measured ms per iteration, after its first (profiled) one. */
  const measured: ({ from: number; iterations: number; ms: number } | null)[] = cost.map(() => null);
  let pausedMs = 0;
  let buffer: SinganLossPoint[] = [];
  let lastFlush = performance.now();
  let tfPeakBytes: number | null = null;
  const trainingMs = () => o.msBefore + (performance.now() - started);
  const unitsOf = (s: number) => (o.iterations + FINISH_ITERATIONS) * weight[s];
  const reweigh = (current: number) => {
    const points = measured.flatMap((m, s) => (m && m.iterations >= 2 ? [{ cost: cost[s], ms: m.ms }] : []));
    const fit = fitIterationMs(points);
    if (!fit) return false;
    const here = fit(cost[current]);
    for (let s = current + 1; s < scales; s++) weight[s] = (weight[current] * fit(cost[s])) / here;
    return true;
  };
  const flush = (scale: number, iteration: number) => {
    if (buffer.length > 0) ctx.emitLosses(scale, buffer);
    buffer = [];
    lastFlush = performance.now();
    const fitted = reweigh(scale);
    let before = 0;
    for (let s = 0; s < scale; s++) before += unitsOf(s);
    let total = FINISH_ITERATIONS * weight[scales - 1];
    for (let s = 0; s < scales; s++) total += unitsOf(s);
    ctx.emitProgress(
      before + iteration * weight[scale],
      total,
      `${o.describeScale(scale)} · iteration ${iteration}/${o.iterations}`,
      {
        training: { scale, scales, iteration, iterations: o.iterations, previewEvery: o.previewEvery },
        ...(fitted || scale === scales - 1 ? {} : { provisional: true }),
      },
    );
  };
  return {
    trainingMs,
    meta: () => ({ id: o.modelId, name: o.name, createdAt: o.createdAt, trainingMs: trainingMs(), hasImage: true }),
    tfPeakBytes: () => tfPeakBytes,
    /** Call first in onScaleDone: the scale's last losses and its progress go out before anything slower. */
    scaleFinished: (scale: number) => flush(scale, o.iterations),
    callbacks: {
      checkpoint: async () => {
        const t = performance.now();
        try {
          await ctx.checkpoint();
        } finally {
          // A pause is not the device's time.
          pausedMs += performance.now() - t;
        }
      },
      onMemory: (_scale: number, bytes: number) => {
        tfPeakBytes = Math.max(tfPeakBytes ?? 0, bytes);
      },
      onScaleStart: (scale: number) => flush(scale, 0),
      onIteration: (scale: number, iteration: number, losses: SinganLosses) => {
        const now = performance.now() - pausedMs;
        const m = measured[scale];
        if (iteration === 0 || !m) measured[scale] = { from: now, iterations: 0, ms: 0 };
        else measured[scale] = { from: m.from, iterations: iteration, ms: (now - m.from) / iteration };
        buffer.push({ iteration: iteration + 1, ...losses });
        if (performance.now() - lastFlush > LOSS_FLUSH_MS || iteration + 1 === o.iterations)
          flush(scale, iteration + 1);
      },
    },
  };
}

/**
 * The attention study's SIFIDs of a finished scale (real–fake, real–reconstruction
 * and, where asked, reconstruction–fake); a metric failure never fails the training.
 */
export async function emitScaleSifids(
  ctx: JobContext,
  scale: number,
  images: { readonly real: RgbImage; readonly fake: RgbImage; readonly rec: RgbImage },
  atMs: number,
  withRecFake: boolean,
): Promise<void> {
  const { real, fake, rec } = images;
  if (!sifidDefinedFor(real)) return;
  const pairs: [MetricName, RgbImage, RgbImage][] = [
    ['sifid', real, fake],
    ['sifid-rec', real, rec],
    ...(withRecFake ? [['sifid-rec-fake', rec, fake] as [MetricName, RgbImage, RgbImage]] : []),
  ];
  try {
    for (const [name, a, b] of pairs) ctx.emitMetric(0, scale, name, await sifid(a, b), atMs);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    console.warn('SIFID failed:', err);
  }
}
