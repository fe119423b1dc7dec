import * as tf from '@tensorflow/tfjs-core';
import { sampleSequence } from '../../../engine/gif2gif/sampleSequence';
import { disposeSequenceModel } from '../../../engine/gif2gif/sequenceModel';
import type { RgbImage } from '../../../engine/image/rgbImage';
import { axialCoreFor } from '../../../gpu/kernels/axialAttention';
import type { Gif2gifGenerateJob } from '..';
import type { JobContext } from '../../../worker/jobContext';
import { emitSequenceMetrics } from '../../../worker/sequenceMetrics';
import { openStoredSequenceModel } from '../../../worker/singanModels';
import { JobInputError } from '../../../worker/jobErrors';

/**
 * A new animation from a GIF → GIF model: one random sequence per seed, as
 * long as asked (the recurrence runs on past the training length), reversed
 * on request (the forward sample played backwards: sampleSequence says why).
 * Frames stream as outputs, like SinGAN's noise walk, so the page's player
 * and GIF export take them as they are, with the figures of sequenceMetrics.ts.
 */
export async function runGif2gifGenerateJob(job: Gif2gifGenerateJob, ctx: JobContext): Promise<void> {
  const a = job.animation;
  const { stored, model } = await openStoredSequenceModel(job.modelId);
  try {
    if (model.scales.length === 0) throw new JobInputError('bad-model', 'This model has no finished scale yet.');
    ctx.signal.throwIfAborted();
    const made: RgbImage[] = [];
    const frames = await sampleSequence(
      tf,
      model,
      {
        seed: a.seed,
        frames: a.frames,
        reverse: a.reverse,
        startScale: a.startScale,
        onFrame: (i) => ctx.emitProgress(i + 1, a.frames, `Frame ${i + 1}/${a.frames}`),
      },
      axialCoreFor(tf),
    );
    // Reversed frames exist only once the whole sequence does, so outputs stream after generation.
    for (const [i, frame] of frames.entries()) {
      made.push(frame);
      ctx.emitOutput(i, frame, `Frame ${i + 1}/${a.frames}${a.reverse ? ' · reversed' : ''}`, a.seed);
    }
    await emitSequenceMetrics(ctx, made, stored.frames);
  } finally {
    disposeSequenceModel(model);
  }
}
