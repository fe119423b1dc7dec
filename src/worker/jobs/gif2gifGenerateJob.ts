import * as tf from '@tensorflow/tfjs-core';
import { flicker } from '../../engine/animation/flicker';
import { sampleSequence } from '../../engine/gif2gif/sampleSequence';
import { disposeSequenceModel } from '../../engine/gif2gif/sequenceModel';
import type { RgbImage } from '../../engine/image/rgbImage';
import { resizeImageTo } from '../../engine/singan/singanPyramid';
import { axialCoreFor } from '../../gpu/kernels/axialAttention';
import type { Gif2gifGenerateJob } from '../../protocol/messages';
import type { JobContext } from '../jobContext';
import { directionAgreement, motionDirection } from '../../engine/metrics/motion/motionDirection';
import { sifid, sifidDefinedFor, temporalSifid } from '../sifidService';
import { openStoredSequenceModel } from '../singanModels';
import { JobInputError } from './jobErrors';

/**
 * A new animation from a GIF → GIF model: one random sequence per seed, as
 * long as asked (the recurrence runs on past the training length), reversed
 * on request (the forward sample played backwards: sampleSequence says why).
 * Frames stream as outputs, like SinGAN's noise walk, so the page's player
 * and GIF export take them as they are. Measured: flicker and the mean
 * motion direction (phase correlation); with the training frames stored, the
 * source's direction and the agreement of the two, the temporal SIFID, and
 * each frame's SIFID against the real frame at that step (cyclic past the
 * source's length).
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
        onFrame: (i) => ctx.emitProgress(i + 1, a.frames, `Frame ${i + 1}/${a.frames}`),
      },
      axialCoreFor(tf),
    );
    // Reversed frames exist only once the whole sequence does, so outputs stream after generation.
    for (const [i, frame] of frames.entries()) {
      made.push(frame);
      ctx.emitOutput(i, frame, `Frame ${i + 1}/${a.frames}${a.reverse ? ' · reversed' : ''}`, a.seed);
    }
    ctx.emitMetric(0, null, 'flicker', flicker(made));
    const motion = motionDirection(made);
    ctx.emitMetric(0, null, 'motion-angle', motion.angleDeg);
    // The training frames at the generated size (the working size may be larger than maxSize, a model may be partly trained).
    const { height: h, width: w } = made[0];
    const real = stored.frames?.map((f) => (f.height === h && f.width === w ? f : resizeImageTo(f, h, w)));
    if (!real || real.length < 2) return;
    const source = motionDirection(real);
    ctx.emitMetric(0, null, 'source-motion-angle', source.angleDeg);
    ctx.emitMetric(0, null, 'motion-agreement', directionAgreement(motion, source));
    if (!sifidDefinedFor(real[0])) return;
    await ctx.checkpoint();
    ctx.emitMetric(0, null, 'temporal-sifid', await temporalSifid(real, made));
    for (const [i, frame] of made.entries()) {
      await ctx.checkpoint();
      ctx.emitMetric(i, 0, 'sifid', await sifid(real[i % real.length], frame));
    }
  } finally {
    disposeSequenceModel(model);
  }
}
