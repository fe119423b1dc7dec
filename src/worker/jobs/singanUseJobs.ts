import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../../engine/image/rgbImage';
import { disposeSinganModel, type SinganModel } from '../../engine/singan/singanModel';
import { animateSingan, injectSingan, sampleSingan, superResolve } from '../../engine/singan/sampleSingan';
import type { SinganAnimateJob, SinganInjectJob, SinganSampleJob, SinganSuperResJob } from '../../protocol/jobs';
import type { JobContext } from '../jobContext';
import { sifid, sifidDefinedFor } from '../sifidService';
import { openStoredModel, openStoredModelOfEitherKind } from '../singanModels';
import { disposeFileModel } from '../../engine/singan/singanModelFile';
import { emitSequenceMetrics } from './sequenceMetrics';
import { JobInputError } from './jobErrors';
import { axialCoreFor } from '../../gpu/kernels/axialAttention';
import { formatSize } from '../../engine/image/formatSize';

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

export async function runSinganSuperResJob(job: SinganSuperResJob, ctx: JobContext): Promise<void> {
  await withModel(job.modelId, ctx, async (model) => {
    let step = 0;
    const out = await superResolve(tf, model, {
      factor: job.factor,
      core: axialCoreFor(tf),
      onStep: (i, image) => {
        step = i;
        ctx.emitScale(0, 0, 0, image, `Step ${i + 1} · ${size(image)}`);
        ctx.emitProgress(i + 1, i + 2, `Super-resolution step ${i + 1}`);
      },
    });
    ctx.emitProgress(step + 1, step + 1, 'Done');
    ctx.emitOutput(0, out, `Super-resolution ×${job.factor} · ${size(out)}`, null);
  });
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
