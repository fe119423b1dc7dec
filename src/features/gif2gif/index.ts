/**
 * GIF → GIF (docs/algorithms.md, "GIF → GIF overview"): SinGAN with a
 * ConvLSTM over time, trained on an animated source, and the new animations
 * a stored model makes.
 */
import { checkFps, checkFrameCount, checkLoopMode } from '../../engine/animation/animationLimits';
import { validateSinganConfig } from '../../engine/singan/singanConfig';
import { validateSequence } from '../../engine/gif2gif/sequenceConfig';
import { checkSequenceStartScale } from '../../engine/singan/singanUseLimits';
import { definePageFeature, RUN_AGAIN, SINGAN_SILENCE, USES_MODEL } from '../../jobs/kindInfo';
import type { Gif2gifGenerateJob, Gif2gifTrainJob } from './jobs';
import { gif2gifPage } from './tasks';

export type { Gif2gifGenerateJob, Gif2gifTrainJob } from './jobs';
export type { Gif2gifSettings, Gif2gifSlice } from './tasks';

export const gif2gifFeature = definePageFeature<Gif2gifTrainJob | Gif2gifGenerateJob>()(
  'gif2gif',
  {
    'gif2gif-train': {
      trains: true,
      fileWords: () => 'gif2gif-training',
      // Resuming reads the frames stored with the model.
      needs: (job) => ({ source: !job.resume, model: Boolean(job.resume) }),
      validate: (job, facts, model) => {
        if (job.resume) {
          if (!model!.sequence) return 'This model was trained on a still image: continue it with SinGAN → Train.';
          if (!model!.hasImage)
            return 'This model was imported without its training frames, so its training cannot continue; it can still make animations.';
          return validateSinganConfig(model!.config, { height: model!.imageShape[0], width: model!.imageShape[1] });
        }
        const frames = facts.frames?.source ?? 1;
        if (frames < 2)
          return 'GIF → GIF learns motion: load an animated GIF (or animated WebP/APNG) with 2 to 32 frames. This image is a still.';
        const [height, width] = facts.images.source!;
        // The decoder gives every frame the working image's size.
        return (
          validateSinganConfig(job.config, { height, width }) ??
          validateSequence(
            Array.from({ length: frames }, () => ({ height, width })),
            job.sequence,
          )
        );
      },
      title: (job) => `GIF → GIF training (${job.sequence.variant}): ${job.name}`,
      outputs: () => 2,
      silence: SINGAN_SILENCE,
      afterDeviceLoss: 'the finished scales are stored: Resume training under Models',
    },
    'gif2gif-generate': {
      comparesWithSource: true,
      fileWords: () => 'gif2gif-animation',
      needs: () => USES_MODEL,
      validate: (job, _f, model) => {
        if (!model!.sequence)
          return 'This model was trained on a still image: pick a GIF → GIF model (or use SinGAN → Animation for a noise walk).';
        const a = job.animation;
        return (
          checkSequenceStartScale(a.startScale ?? 0, model!.scalesDone) ??
          checkFrameCount(a.frames) ??
          checkFps(a.fps) ??
          checkLoopMode(a.loop)
        );
      },
      title: (job, n) =>
        `GIF → GIF animation (${job.animation.frames} frames${job.animation.startScale ? `, varied from scale ${job.animation.startScale}` : ''}${job.animation.reverse ? ', reversed' : ''}) · ${n.model(job.modelId)}`,
      outputs: (job) => job.animation.frames,
      silence: SINGAN_SILENCE,
      playback: (job) => ({ fps: job.animation.fps, loop: job.animation.loop }),
      afterDeviceLoss: RUN_AGAIN,
    },
  },
  gif2gifPage,
);
