import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../../../engine/image/rgbImage';
import { disposeSinganModel, type SinganModel } from '../../../engine/singan/singanModel';
import {
  animateSingan,
  injectSingan,
  sampleSingan,
  superResolve,
  superResSteps,
  trainingImageAtFinest,
} from '../../../engine/singan/sampleSingan';
import type { SinganAnimateJob, SinganInjectJob, SinganSampleJob, SinganSuperResJob } from '..';
import type { JobContext } from '../../../worker/jobContext';
import { sifid, sifidDefinedFor } from '../../../worker/sifidService';
import { openStoredModel, openStoredModelOfEitherKind } from '../../../worker/singanModels';
import { disposeFileModel } from '../../../engine/singan/singanModelFile';
import { emitSequenceMetrics } from '../../../worker/sequenceMetrics';
import { JobInputError } from '../../../worker/jobErrors';
import { axialCoreFor } from '../../../gpu/kernels/axialAttention';
import { formatSize } from '../../../engine/image/formatSize';
import { checkSuperResInput } from '../../../engine/singan/singanUseLimits';

/** What a trained SinGAN is used for: samples, super-resolution, injection, animation. Each opens the stored model and disposes it. */
async function withModel<T>(
  modelId: string,
  ctx: JobContext,
  use: (model: SinganModel, levels: number) => Promise<T>,
): Promise<T> {
  const { model } = await openStoredModel(modelId);
  try {
    if (model.scales.length === 0) throw new JobInputError('bad-model', 'This model has no finished scale yet.');
    ctx.signal.throwIfAborted();
    return await use(model, model.scales.length);
  } finally {
    disposeSinganModel(model);
  }
}

const size = (img: RgbImage) => formatSize(img.width, img.height);

export async function runSinganSampleJob(job: SinganSampleJob, ctx: JobContext): Promise<void> {
  await withModel(job.modelId, ctx, async (model, levels) => {
    for (const [i, seed] of job.seeds.entries()) {
      await ctx.checkpoint();
      ctx.emitProgress(i, job.seeds.length, `Sample ${i + 1}/${job.seeds.length}`);
      let started = performance.now();
      const out = await sampleSingan(tf, model, {
        seed,
        core: axialCoreFor(tf),
        scaleHeight: job.heightFactor,
        scaleWidth: job.widthFactor,
        onScale: (scale, image) => {
          ctx.emitScale(
            i,
            levels - 1 - scale,
            levels - 1,
            image,
            `Scale ${scale + 1} · ${size(image)}`,
            performance.now() - started,
          );
          started = performance.now();
        },
      });
      ctx.emitOutput(i, out, `Sample ${i + 1} · seed ${seed} · ${size(out)}`, seed);
      await ctx.pace();
    }
    ctx.emitProgress(job.seeds.length, job.seeds.length, 'Done');
  });
}

/**
 * Super-resolution from the training image, as the paper does it (docs/algorithms.md, "Super-resolution"): the
 * job's image (the CLI's --input), else the one stored with the model; an imported model carries none, so it
 * starts from the model's reconstruction, and the output's warning says so.
 */
export async function runSinganSuperResJob(job: SinganSuperResJob, ctx: JobContext): Promise<void> {
  const { stored, model } = await openStoredModel(job.modelId);
  try {
    if (model.scales.length === 0) throw new JobInputError('bad-model', 'This model has no finished scale yet.');
    ctx.signal.throwIfAborted();
    const shapeOf = (img: RgbImage) => [img.height, img.width] as const;
    let training = stored.image && !checkSuperResInput(model.imageShape, shapeOf(stored.image)) ? stored.image : null;
    if (job.slot) {
      training = ctx.image(job.slot) ?? null;
      if (!training) throw new JobInputError('no-image', 'Load the image the model was trained on first.');
      const problem = checkSuperResInput(model.imageShape, shapeOf(training));
      if (problem) throw new JobInputError('bad-params', problem);
    }
    const input = training ? trainingImageAtFinest(model, training) : undefined;
    const from = input ? 'the training image' : 'the model’s reconstruction';
    const [h, w] = model.scaleShapes[model.scales.length - 1];
    const total = superResSteps([h, w], job.factor, model.scaleFactor).length;
    ctx.emitProgress(0, total, `Super-resolution ×${job.factor} in ${total} steps from ${from}`);
    const out = await superResolve(tf, model, {
      factor: job.factor,
      input,
      core: axialCoreFor(tf),
      onStep: (i, image) => {
        ctx.emitScale(0, 0, 0, image, `Step ${i + 1} of ${total} · ${size(image)}`);
        ctx.emitProgress(i + 1, total, `Super-resolution step ${i + 1} of ${total}`);
      },
    });
    const warning = input
      ? undefined
      : 'Started from the model’s reconstruction of its training image: this model carries no training image (it was imported from a file).';
    ctx.emitOutput(0, out, `Super-resolution ×${job.factor} · ${size(out)}`, null, warning);
  } finally {
    disposeSinganModel(model);
  }
}

export async function runSinganInjectJob(job: SinganInjectJob, ctx: JobContext): Promise<void> {
  const image = ctx.image(job.slot);
  if (!image) throw new JobInputError('no-image', 'Load the image to inject first.');
  await withModel(job.modelId, ctx, async (model, levels) => {
    const out = await injectSingan(tf, model, {
      image,
      startScale: job.startScale,
      seed: job.seed,
      core: axialCoreFor(tf),
      onScale: (scale, img) =>
        ctx.emitScale(0, levels - 1 - scale, levels - 1, img, `Scale ${scale + 1} · ${size(img)}`),
    });
    ctx.emitOutput(0, out, `Injected at scale ${job.startScale} · seed ${job.seed}`, job.seed);
    // How far the result is from the training image's statistics: the harmonisation's own SIFID.
    const [h, w] = model.imageShape;
    const source = ctx.image('source');
    if (sifidDefinedFor(out) && out.height === h && out.width === w && source?.height === h && source.width === w) {
      ctx.emitMetric(0, 0, 'sifid', await sifid(source, out));
    }
  });
}

/**
 * SinGAN's noise walk. On a GIF → GIF model it walks the model's frame-0
 * path (G on noise alone, the sequencer left out: exactly SinGAN for 'batch'
 * and for one-to-many's first frame), the baseline shown beside its animations,
 * and is measured against the model's training frames as they are.
 */
export async function runSinganAnimateJob(job: SinganAnimateJob, ctx: JobContext): Promise<void> {
  const a = job.animation;
  const { stored, model: opened } = await openStoredModelOfEitherKind(job.modelId);
  const model = opened;
  try {
    if (model.scales.length === 0) throw new JobInputError('bad-model', 'This model has no finished scale yet.');
    ctx.signal.throwIfAborted();
    const frames: RgbImage[] = [];
    await animateSingan(tf, model, {
      frames: a.frames,
      beta: a.beta,
      startScale: a.startScale,
      seed: a.seed,
      core: axialCoreFor(tf),
      checkpoint: () => ctx.checkpoint(),
      onFrame: (i, image) => {
        frames.push(image);
        ctx.emitOutput(i, image, `Frame ${i + 1}/${a.frames}`, a.seed);
        ctx.emitProgress(i + 1, a.frames, `Frame ${i + 1}/${a.frames}`);
      },
    });
    await emitSequenceMetrics(ctx, frames, stored.frames);
  } finally {
    disposeFileModel(opened);
  }
}
