import * as tf from '@tensorflow/tfjs-core';
import { formatSize } from '../../../engine/image/formatSize';
// tfjs-core alone registers no gradients; training needs every op's.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { RgbImage } from '../../../engine/image/rgbImage';
import { disposeSinganModel, type SinganModel } from '../../../engine/singan/singanModel';
import { buildRealPyramid, singanScaleShapes, trainingIterationCost } from '../../../engine/singan/singanPyramid';
import { reconstructSingan, sampleSingan } from '../../../engine/singan/sampleSingan';
import { trainSingan } from '../../../engine/singan/trainSingan';
import { axialCoreFor } from '../../../gpu/kernels/axialAttention';
import type { SinganTrainJob } from '..';
import type { JobContext } from '../../../worker/jobContext';
import { saveModel } from '../../../worker/modelLibrary';
import { openStoredModel, toStored } from '../../../worker/singanModels';
import { emitScaleSifids, trainingReporter } from '../../../worker/trainingReporter';

/**
 * SinGAN training (docs/algorithms.md, "SinGAN overview") in the worker. Every finished scale is
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
      // The registry's check (jobProblem, run before every job) refuses this with the user's message.
      throw new Error(`model ${job.modelId} has no training image to resume from`);
    }
    image = stored.image;
    resumeFrom = model;
    config = model.config;
    createdAt = stored.summary.createdAt;
    msBefore = stored.summary.trainingMs;
  } else {
    image = ctx.source;
  }
  const shapes = singanScaleShapes(config, image.height, image.width);
  const scales = shapes.length;
  const real = buildRealPyramid(image, shapes);
  const core = axialCoreFor(tf);
  const report = trainingReporter(ctx, {
    modelId: job.modelId,
    name: job.name,
    createdAt,
    msBefore,
    iterationCost: trainingIterationCost(config, shapes),
    iterations: config.iterations,
    previewEvery: config.previewEvery,
    describeScale: (scale) => `Scale ${scale + 1}/${scales} · ${formatSize(shapes[scale][1], shapes[scale][0])}`,
  });

  const model = await trainSingan(
    tf,
    image,
    config,
    {
      ...report.callbacks,
      onPreview: (scale, iteration, sample, reconstruction) =>
        ctx.emitPreview({
          scale,
          scales,
          iteration: iteration + 1,
          iterations: config.iterations,
          sample,
          reconstruction,
        }),
      onScaleDone: async (scale, finished, stats) => {
        report.scaleFinished(scale);
        const stored = toStored(finished, report.meta(), { image });
        await saveModel(stored);
        ctx.emitModelSaved(stored.summary);
        const sample = await sampleSingan(tf, finished, { seed: config.seed, core });
        const rec = await reconstructSingan(tf, finished, { core });
        const [h, w] = shapes[scale];
        ctx.emitScale(0, scales - 1 - scale, scales - 1, sample, `Scale ${scale + 1} · ${formatSize(w, h)}`, stats.ms);
        ctx.emitScale(
          1,
          scales - 1 - scale,
          scales - 1,
          rec,
          `Scale ${scale + 1} · ${formatSize(w, h)} · reconstruction`,
          stats.ms,
        );
        if (job.sifid !== false)
          await emitScaleSifids(ctx, scale, { real: real[scale], fake: sample, rec }, report.trainingMs(), true);
        await ctx.pace();
      },
    },
    resumeFrom,
    core,
  );
  try {
    ctx.emitOutput(
      0,
      await sampleSingan(tf, model, { seed: config.seed, core }),
      `Sample · seed ${config.seed}`,
      config.seed,
    );
    ctx.emitOutput(1, await reconstructSingan(tf, model, { core }), 'Reconstruction', null);
  } finally {
    disposeSinganModel(model);
    if (resumeFrom && resumeFrom !== model) disposeSinganModel(resumeFrom);
  }
  return { tfPeakBytes: report.tfPeakBytes() };
}
