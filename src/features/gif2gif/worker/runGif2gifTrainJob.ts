import * as tf from '@tensorflow/tfjs-core';
import { formatSize } from '../../../engine/image/formatSize';
// tfjs-core alone registers no gradients; training needs every op's.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { reconstructSequence, sampleSequence } from '../../../engine/gif2gif/sampleSequence';
import { disposeSequenceModel, type SequenceModel } from '../../../engine/gif2gif/sequenceModel';
import { trainSequence } from '../../../engine/gif2gif/trainSequence';
import { filmStrip } from '../../../engine/image/filmStrip';
import type { RgbImage } from '../../../engine/image/rgbImage';
import { buildRealPyramid, singanScaleShapes, trainingIterationCost } from '../../../engine/singan/singanPyramid';
import { axialCoreFor } from '../../../gpu/kernels/axialAttention';
import type { Gif2gifTrainJob } from '..';
import type { JobContext } from '../../../worker/jobContext';
import { saveModel } from '../../../worker/modelLibrary';
import { openStoredSequenceModel, toStored } from '../../../worker/singanModels';
import { emitScaleSifids, trainingReporter } from '../../../worker/trainingReporter';

/**
 * GIF → GIF training (docs/algorithms.md, "GIF → GIF overview") in the worker: SinGAN's pyramid over the
 * source's frames with the chosen sequencer. As for stills, every finished
 * scale is stored (with the frames, so training can resume) before the next
 * begins. Previews and per-scale results are film strips: every frame of a
 * sample and of the reconstruction, side by side.
 */
export async function runGif2gifTrainJob(
  job: Gif2gifTrainJob,
  ctx: JobContext,
): Promise<{ tfPeakBytes: number | null }> {
  let frames: readonly RgbImage[];
  let resumeFrom: SequenceModel | undefined;
  let createdAt = Date.now();
  let msBefore = 0;
  let config = job.config;
  let options = job.sequence;
  if (job.resume) {
    const { stored, model } = await openStoredSequenceModel(job.modelId);
    if (!stored.frames) {
      disposeSequenceModel(model);
      // The registry's check (jobProblem, run before every job) refuses this with the user's message.
      throw new Error(`model ${job.modelId} has no training frames to resume from`);
    }
    frames = stored.frames;
    resumeFrom = model;
    config = model.config;
    const { variant, hidden, chunk, motion } = model.sequence;
    options = { variant, hidden, chunk, motion };
    createdAt = stored.summary.createdAt;
    msBefore = stored.summary.trainingMs;
  } else {
    const source = ctx.frames('source');
    // The registry's check refuses a still source with the user's message.
    if (!source) throw new Error('GIF → GIF training started without an animated source');
    frames = source;
  }
  const shapes = singanScaleShapes(config, frames[0].height, frames[0].width);
  const scales = shapes.length;
  const realFirst = buildRealPyramid(frames[0], shapes);
  const core = axialCoreFor(tf);
  const report = trainingReporter(ctx, {
    modelId: job.modelId,
    name: job.name,
    createdAt,
    msBefore,
    iterationCost: trainingIterationCost(config, shapes),
    iterations: config.iterations,
    previewEvery: config.previewEvery,
    describeScale: (scale) =>
      `Scale ${scale + 1}/${scales} · ${formatSize(shapes[scale][1], shapes[scale][0])} × ${frames.length} frames`,
  });

  const model = await trainSequence(
    tf,
    frames,
    config,
    options,
    {
      ...report.callbacks,
      onPreview: (scale, iteration, sample, reconstruction) =>
        ctx.emitPreview({
          scale,
          scales,
          iteration: iteration + 1,
          iterations: config.iterations,
          sample: filmStrip(sample),
          reconstruction: filmStrip(reconstruction),
        }),
      onScaleDone: async (scale, finished, stats) => {
        report.scaleFinished(scale);
        const stored = toStored(finished, report.meta(), { frames });
        await saveModel(stored);
        ctx.emitModelSaved(stored.summary);
        const sample = await sampleSequence(tf, finished, { seed: config.seed }, core);
        const rec = await reconstructSequence(tf, finished, core);
        const [h, w] = shapes[scale];
        const label = `Scale ${scale + 1} · ${formatSize(w, h)} × ${frames.length} frames`;
        ctx.emitScale(0, scales - 1 - scale, scales - 1, filmStrip(sample), label, stats.ms);
        ctx.emitScale(1, scales - 1 - scale, scales - 1, filmStrip(rec), `${label} · reconstruction`, stats.ms);
        // As for stills, on the first frame.
        await emitScaleSifids(
          ctx,
          scale,
          { real: realFirst[scale], fake: sample[0], rec: rec[0] },
          report.trainingMs(),
          false,
        );
        await ctx.pace();
      },
    },
    resumeFrom,
    core,
  );
  try {
    const sample = await sampleSequence(tf, model, { seed: config.seed }, core);
    ctx.emitOutput(0, filmStrip(sample), `Sample · seed ${config.seed} · ${sample.length} frames`, config.seed);
    ctx.emitOutput(1, filmStrip(await reconstructSequence(tf, model, core)), 'Reconstruction', null);
  } finally {
    disposeSequenceModel(model);
    if (resumeFrom && resumeFrom !== model) disposeSequenceModel(resumeFrom);
  }
  return { tfPeakBytes: report.tfPeakBytes() };
}
