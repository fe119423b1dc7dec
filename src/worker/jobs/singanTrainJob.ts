import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; training needs every op's.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { RgbImage } from '../../engine/image/rgbImage';
import { validateSinganConfig } from '../../engine/singan/singanConfig';
import { disposeSinganModel, type SinganModel } from '../../engine/singan/singanModel';
import { buildRealPyramid, singanScaleShapes } from '../../engine/singan/singanPyramid';
import { reconstructSingan, sampleSingan } from '../../engine/singan/sampleSingan';
import { trainSingan } from '../../engine/singan/trainSingan';
import { axialCoreFor } from '../../gpu/kernels/axialAttention';
import type { SinganLossPoint, SinganTrainJob } from '../../protocol/messages';
import type { JobContext } from '../jobContext';
import { saveModel } from '../modelLibrary';
import { sifid, sifidDefinedFor } from '../sifidService';
import { openStoredModel, toStored } from '../singanModels';
import { JobInputError } from './jobErrors';

/** Loss points are batched: one message per ~quarter second keeps the page fed without flooding it. */
const LOSS_FLUSH_MS = 250;

/**
 * SinGAN training (ALGORITHMS.md §2) in the worker. Every finished scale is
 * stored before the next begins, so a reload, crash or cancel loses at most
 * the scale in progress; `resume` continues a stored model from there.
 */
export async function runSinganTrainJob(job: SinganTrainJob, ctx: JobContext): Promise<{ tfPeakBytes: number | null }> {
  let image: RgbImage;
  let resumeFrom: SinganModel | undefined;
  let createdAt = Date.now();
  let msBefore = 0;
  let config = job.config;
  if (job.resume) {
    const { stored, model } = await openStoredModel(job.modelId);
    if (!stored.image) {
      disposeSinganModel(model);
      throw new JobInputError('bad-model', 'This model was imported without its training image, so its training cannot continue; it can still make samples.');
    }
    image = stored.image;
    resumeFrom = model;
    config = model.config;
    createdAt = stored.summary.createdAt;
    msBefore = stored.summary.trainingMs;
  } else {
    image = ctx.source;
  }
  const problem = validateSinganConfig(config, image);
  if (problem) {
    if (resumeFrom) disposeSinganModel(resumeFrom);
    throw new JobInputError('bad-params', problem);
  }
  const shapes = singanScaleShapes(config, image.height, image.width);
  const scales = shapes.length;
  const real = buildRealPyramid(image, shapes);
  const iterations = config.iterations;
  const total = scales * iterations;
  const core = axialCoreFor(tf);
  const started = performance.now();
  const trainingMs = () => msBefore + (performance.now() - started);
  const meta = () => ({ id: job.modelId, name: job.name, createdAt, trainingMs: trainingMs(), hasImage: true });
  let buffer: SinganLossPoint[] = [];
  let lastFlush = performance.now();
  let tfPeakBytes: number | null = null;
  const flush = (scale: number, iteration: number) => {
    if (buffer.length > 0) ctx.emitLosses(scale, buffer);
    buffer = [];
    lastFlush = performance.now();
    ctx.emitProgress(scale * iterations + iteration, total, `Scale ${scale + 1}/${scales} · ${shapes[scale][1]}×${shapes[scale][0]} · iteration ${iteration}/${iterations}`);
  };

  const model = await trainSingan(
    tf,
    image,
    config,
    {
      checkpoint: () => ctx.checkpoint(),
      onMemory: (_scale, bytes) => (tfPeakBytes = Math.max(tfPeakBytes ?? 0, bytes)),
      onScaleStart: (scale) => flush(scale, 0),
      onIteration: (scale, iteration, losses) => {
        buffer.push({ iteration: iteration + 1, ...losses });
        if (performance.now() - lastFlush > LOSS_FLUSH_MS || iteration + 1 === iterations) flush(scale, iteration + 1);
      },
      onPreview: (scale, iteration, sample, reconstruction) =>
        ctx.emitPreview({ scale, scales, iteration: iteration + 1, iterations, sample, reconstruction }),
      onScaleDone: async (scale, finished, stats) => {
        flush(scale, iterations);
        const stored = toStored(finished, meta(), { image });
        await saveModel(stored);
        ctx.emitModelSaved(stored.summary);
        const sample = await sampleSingan(tf, finished, { seed: config.seed, core });
        const rec = await reconstructSingan(tf, finished, { core });
        const [h, w] = shapes[scale];
        ctx.emitScale(0, scales - 1 - scale, scales - 1, sample, `Scale ${scale + 1} · ${h}×${w}`, stats.ms);
        ctx.emitScale(1, scales - 1 - scale, scales - 1, rec, `Scale ${scale + 1} · ${h}×${w} · reconstruction`, stats.ms);
        await emitStudySifids(ctx, scale, real[scale], sample, rec, trainingMs());
        await ctx.pace();
      },
    },
    resumeFrom,
    core,
  );
  try {
    ctx.emitOutput(0, await sampleSingan(tf, model, { seed: config.seed, core }), `Sample · seed ${config.seed}`, config.seed);
    ctx.emitOutput(1, await reconstructSingan(tf, model, { core }), 'Reconstruction', null);
  } finally {
    disposeSinganModel(model);
    if (resumeFrom && resumeFrom !== model) disposeSinganModel(resumeFrom);
  }
  return { tfPeakBytes };
}

/** The attention study's three figures per scale; a metric failure never fails the training. */
async function emitStudySifids(ctx: JobContext, scale: number, real: RgbImage, fake: RgbImage, rec: RgbImage, atMs: number): Promise<void> {
  if (!sifidDefinedFor(real)) return;
  try {
    ctx.emitMetric(0, scale, 'sifid', await sifid(real, fake), atMs);
    ctx.emitMetric(0, scale, 'sifid-rec', await sifid(real, rec), atMs);
    ctx.emitMetric(0, scale, 'sifid-rec-fake', await sifid(rec, fake), atMs);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    console.warn('SIFID failed:', err);
  }
}
