import * as tf from '@tensorflow/tfjs-core';
import { meanAbsChange } from '../../../engine/animation/flicker';
import { formatSize } from '../../../engine/image/formatSize';
import { resizeBicubic } from '../../../engine/image/resizeBicubic';
import { as8bit, type RgbImage } from '../../../engine/image/rgbImage';
import { diversity } from '../../../engine/metrics/diversity';
import { imageQuality } from '../../../engine/metrics/imageQuality';
import { placementName, placementOf } from '../../../engine/singan/placements';
import {
  reconstructSingan,
  sampleSingan,
  superResolve,
  trainingImageAtFinest,
} from '../../../engine/singan/sampleSingan';
import { disposeSinganModel } from '../../../engine/singan/singanModel';
import { resizeImageTo, singanScaleShapes } from '../../../engine/singan/singanPyramid';
import { axialCoreFor } from '../../../gpu/kernels/axialAttention';
import type { JobContext } from '../../../worker/jobContext';
import { listModels } from '../../../worker/modelLibrary';
import { sifid, sifidDefinedFor } from '../../../worker/sifidService';
import { openStoredModel } from '../../../worker/singanModels';
import { runners as singanRunners } from '../../singan/worker/runners';
import type { SinganStudyJob } from '../jobs';
import { STUDY_SR_FACTOR, studyModelId, studyOutput } from '../studyLimits';

/**
 * The training of one variant, as its own SinGAN training job sees the
 * worker: previews, finished scales (as the variant's reconstruction and
 * first sample) and saved models go through; progress becomes the study's;
 * the training's own outputs, per-scale SIFIDs and losses are left out,
 * since the study measures every variant the same way once it is trained
 * and one loss chart cannot hold several trainings.
 */
function variantContext(ctx: JobContext, job: SinganStudyJob, v: number): JobContext {
  const at = studyOutput(job, v);
  const name = placementName(job.variants[v]);
  const count = job.variants.length;
  return {
    runtime: ctx.runtime,
    get source() {
      return ctx.source;
    },
    get images() {
      return ctx.images;
    },
    image: (slot) => ctx.image(slot),
    frames: (slot) => ctx.frames(slot),
    signal: ctx.signal,
    emitScale: (output, level, depth, image, label, ms) =>
      ctx.emitScale(output === 1 ? at.rec : at.sample(0), level, depth, image, `${name} · ${label}`, ms),
    emitOutput: () => undefined,
    emitMetric: () => undefined,
    // The variants count as equal shares: the first ones' times say little of attention's.
    emitProgress: (done, total, stage, more) =>
      ctx.emitProgress(v * total + done, count * total, `${name} (${v + 1} of ${count}) · ${stage}`, {
        ...(more?.training ? { training: more.training } : {}),
        provisional: true,
      }),
    emitSearch: () => undefined,
    emitLosses: () => undefined,
    emitPreview: (p) => ctx.emitPreview(p),
    emitFile: () => undefined,
    emitModelSaved: (m) => ctx.emitModelSaved(m),
    pace: () => ctx.pace(),
    checkpoint: () => ctx.checkpoint(),
  };
}

/**
 * The attention study (docs/algorithms.md, "Attention study in the page"):
 * each variant is trained, or resumed from its stored scales, or taken as
 * stored when finished, so the same job again continues a study a reload,
 * crash or cancel stopped; then it is sampled, reconstructed,
 * super-resolved ×4 from the training image and scored.
 */
export async function runSinganStudyJob(job: SinganStudyJob, ctx: JobContext): Promise<void> {
  const source = ctx.source;
  const core = axialCoreFor(tf);
  for (const [v, label] of job.variants.entries()) {
    await ctx.checkpoint();
    const placement = placementOf(label)!;
    const config = { ...job.config, attention: placement.attention, feedForward: placement.feedForward };
    const modelId = studyModelId(job.studyId, label);
    const scales = singanScaleShapes(config, source.height, source.width).length;
    const stored = (await listModels()).find((m) => m.id === modelId);
    if (!stored || stored.scalesDone < scales)
      await singanRunners['singan-train'](
        {
          kind: 'singan-train',
          config,
          modelId,
          name: `${job.name} · study · ${placementName(label)}`,
          resume: Boolean(stored && stored.scalesDone > 0),
          // Scored once trained, the same way for every variant, outside the training's time.
          sifid: false,
        },
        variantContext(ctx, job, v),
      );
    await scoreVariant(job, v, modelId, ctx, core);
  }
  ctx.emitProgress(1, 1, 'Study done');
}

async function scoreVariant(
  job: SinganStudyJob,
  v: number,
  modelId: string,
  ctx: JobContext,
  core: ReturnType<typeof axialCoreFor>,
): Promise<void> {
  const name = placementName(job.variants[v]);
  const at = studyOutput(job, v);
  const { stored, model } = await openStoredModel(modelId);
  try {
    ctx.emitProgress(0, 1, `${name}: samples, reconstruction and super-resolution`);
    const image = stored.image ?? ctx.source;
    const low = trainingImageAtFinest(model, image);
    const real = as8bit(low);
    const rec = as8bit(await reconstructSingan(tf, model, { core }));
    ctx.emitOutput(at.rec, rec, `${name} · reconstruction`, null);
    const samples: RgbImage[] = [];
    for (let i = 0; i < job.samples; i++) {
      await ctx.checkpoint();
      const seed = i + 1;
      const sample = as8bit(await sampleSingan(tf, model, { seed, core }));
      samples.push(sample);
      ctx.emitOutput(at.sample(i), sample, `${name} · sample ${seed} · seed ${seed}`, seed);
    }
    const sr = as8bit(await superResolve(tf, model, { factor: STUDY_SR_FACTOR, input: low, core }));
    ctx.emitOutput(
      at.sr,
      sr,
      `${name} · super-resolution ×${STUDY_SR_FACTOR} · ${formatSize(sr.width, sr.height)}`,
      null,
    );

    ctx.emitMetric(at.rec, null, 'train-ms', stored.summary.trainingMs);
    ctx.emitMetric(at.rec, null, 'diversity', diversity(samples, real));
    for (const [i, s] of samples.entries()) ctx.emitMetric(at.sample(i), null, 'mean-abs-diff', meanAbsChange(s, real));
    // Scored only where the source holds the truth at that size (the study's size is a quarter of the source's).
    if (sr.height <= image.height && sr.width <= image.width) {
      const truth = as8bit(resizeImageTo(image, sr.height, sr.width));
      const scored = imageQuality(sr, truth);
      const bicubic = imageQuality(as8bit(resizeBicubic(real, sr.height, sr.width)), truth);
      for (const [prefix, q] of [
        ['sr', scored],
        ['bicubic', bicubic],
      ] as const) {
        if (Number.isFinite(q.psnr)) ctx.emitMetric(at.sr, null, `${prefix}-psnr`, q.psnr);
        ctx.emitMetric(at.sr, null, `${prefix}-ssim`, q.ssim);
        ctx.emitMetric(at.sr, null, `${prefix}-rmse`, q.rmse);
      }
    }
    if (sifidDefinedFor(real)) {
      ctx.emitMetric(at.rec, null, 'sifid-rec', await sifid(real, rec));
      for (const [i, s] of samples.entries()) {
        ctx.emitMetric(at.sample(i), null, 'sifid', await sifid(real, s));
        ctx.emitMetric(at.sample(i), null, 'sifid-rec-fake', await sifid(rec, s));
      }
    }
    await ctx.pace();
  } finally {
    disposeSinganModel(model);
  }
}
