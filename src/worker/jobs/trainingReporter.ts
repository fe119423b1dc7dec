import type { RgbImage } from '../../engine/image/rgbImage';
import type { SinganLosses } from '../../engine/singan/trainSingan';
import type { MetricName, SinganLossPoint } from '../../protocol/messages';
import type { JobContext } from '../jobContext';
import { sifid, sifidDefinedFor } from '../sifidService';

/** Loss points are batched: one message per ~quarter second keeps the page fed without flooding it. */
const LOSS_FLUSH_MS = 250;

export interface TrainingReporterOptions {
  readonly modelId: string;
  readonly name: string;
  /** When the model was first created, and how long it had trained before (a resumed training keeps both). */
  readonly createdAt: number;
  readonly msBefore: number;
  readonly scales: number;
  readonly iterations: number;
  /** The progress line's words for a scale, e.g. "Scale 2/5 · 31×24". */
  readonly describeScale: (scale: number) => string;
}

/**
 * What SinGAN's and GIF → GIF's training jobs report alike: losses batched
 * per quarter second with the progress line, the model's metadata for
 * storing each finished scale, and the peak tfjs memory. The engine
 * callbacks it returns go straight into trainSingan / trainSequence.
 */
export function trainingReporter(ctx: JobContext, o: TrainingReporterOptions) {
  const started = performance.now();
  const total = o.scales * o.iterations;
  let buffer: SinganLossPoint[] = [];
  let lastFlush = performance.now();
  let tfPeakBytes: number | null = null;
  const trainingMs = () => o.msBefore + (performance.now() - started);
  const flush = (scale: number, iteration: number) => {
    if (buffer.length > 0) ctx.emitLosses(scale, buffer);
    buffer = [];
    lastFlush = performance.now();
    ctx.emitProgress(scale * o.iterations + iteration, total, `${o.describeScale(scale)} · iteration ${iteration}/${o.iterations}`);
  };
  return {
    trainingMs,
    meta: () => ({ id: o.modelId, name: o.name, createdAt: o.createdAt, trainingMs: trainingMs(), hasImage: true }),
    tfPeakBytes: () => tfPeakBytes,
    /** Call first in onScaleDone: the scale's last losses and its progress go out before anything slower. */
    scaleFinished: (scale: number) => flush(scale, o.iterations),
    callbacks: {
      checkpoint: () => ctx.checkpoint(),
      onMemory: (_scale: number, bytes: number) => {
        tfPeakBytes = Math.max(tfPeakBytes ?? 0, bytes);
      },
      onScaleStart: (scale: number) => flush(scale, 0),
      onIteration: (scale: number, iteration: number, losses: SinganLosses) => {
        buffer.push({ iteration: iteration + 1, ...losses });
        if (performance.now() - lastFlush > LOSS_FLUSH_MS || iteration + 1 === o.iterations) flush(scale, iteration + 1);
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
