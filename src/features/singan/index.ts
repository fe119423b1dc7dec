/**
 * SinGAN (docs/algorithms.md, "SinGAN"): training a pyramid of GANs on the
 * source image, with optional axial attention, and what a stored model makes:
 * samples, super-resolution, injection, noise-walk animations.
 */
import { checkFps, checkFrameCount, checkLoopMode } from '../../engine/animation/animationLimits';
import { validateSinganConfig } from '../../engine/singan/singanConfig';
import {
  checkInjectScale,
  checkSinganOutputSize,
  checkSinganSampleCount,
  checkSinganSizeFactor,
  checkSuperResFactor,
  checkSuperResInput,
  checkSuperResScales,
  superResTrainedShape,
  checkWalkBeta,
  checkWalkStartScale,
} from '../../engine/singan/singanUseLimits';
import { definePageFeature, plural, RUN_AGAIN, SINGAN_SILENCE, USES_MODEL } from '../../jobs/kindInfo';
import type { ModelSummary } from '../../protocol/facts';
import type { SinganAnimateJob, SinganInjectJob, SinganSampleJob, SinganSuperResJob, SinganTrainJob } from './jobs';
import { singanPage } from './tasks';

export type { SinganAnimateJob, SinganInjectJob, SinganSampleJob, SinganSuperResJob, SinganTrainJob } from './jobs';
export { modelName, type SinganPreset, type SinganSettings, type SinganSlice } from './tasks';

/** Still-image SinGAN tasks on a GIF → GIF model: its generators expect its sequencer's input. */
const stillModelOnly = (model: ModelSummary): string | null =>
  model.sequence ? 'This is a GIF → GIF model (trained on an animation): use it with GIF → GIF → New animation.' : null;

type SinganJobs = SinganTrainJob | SinganSampleJob | SinganSuperResJob | SinganInjectJob | SinganAnimateJob;

export const singanFeature = definePageFeature<SinganJobs>()(
  'singan',
  {
    'singan-train': {
      trains: true,
      fileWords: () => 'singan-training',
      // Resuming reads the training image stored with the model.
      needs: (job) => ({ source: !job.resume, model: Boolean(job.resume) }),
      validate: (job, facts, model) => {
        if (!job.resume)
          return validateSinganConfig(job.config, { height: facts.images.source![0], width: facts.images.source![1] });
        if (model!.sequence) return 'This is a GIF → GIF model: continue its training with GIF → GIF → Train.';
        if (!model!.hasImage)
          return 'This model was imported without its training image, so its training cannot continue; it can still make samples.';
        return validateSinganConfig(model!.config, { height: model!.imageShape[0], width: model!.imageShape[1] });
      },
      title: (job) => `SinGAN training: ${job.name}`,
      outputs: () => 2,
      silence: SINGAN_SILENCE,
      afterDeviceLoss: 'the finished scales are stored: Resume training under Models',
    },
    'singan-sample': {
      fileWords: () => 'singan-sample',
      oneOutput: (job, output) => {
        const seed = job.seeds[output];
        return { job: { ...job, seeds: [seed] }, seed };
      },
      needs: () => USES_MODEL,
      validate: (job, _f, model) =>
        stillModelOnly(model!) ??
        checkSinganSampleCount(job.seeds.length) ??
        checkSinganSizeFactor(job.heightFactor, job.widthFactor) ??
        checkSinganOutputSize(model!.imageShape, job.heightFactor, job.widthFactor),
      title: (job, n) => `${plural(job.seeds.length, 'SinGAN sample')} · ${n.model(job.modelId)}`,
      outputs: (job) => job.seeds.length,
      silence: SINGAN_SILENCE,
      afterDeviceLoss: RUN_AGAIN,
    },
    'singan-superres': {
      fileWords: (job) => (job ? `singan-superres-x${job.factor}` : 'singan-superres'),
      needs: (job) =>
        job.slot
          ? { ...USES_MODEL, slot: { slot: job.slot, missing: 'Load the image the model was trained on first.' } }
          : USES_MODEL,
      validate: (job, facts, model) => {
        const given = job.slot ? facts.images[job.slot] : undefined;
        return (
          stillModelOnly(model!) ??
          checkSuperResScales(model!) ??
          checkSuperResFactor(superResTrainedShape(model!), job.factor) ??
          (given ? checkSuperResInput(model!.imageShape, given) : null)
        );
      },
      title: (job, n) => `SinGAN super-resolution ×${job.factor} · ${n.model(job.modelId)}`,
      outputs: () => 1,
      silence: SINGAN_SILENCE,
      afterDeviceLoss: RUN_AGAIN,
    },
    'singan-inject': {
      fileWords: () => 'singan-inject',
      oneOutput: (job) => ({ job, seed: job.seed }),
      needs: (job) => ({
        ...USES_MODEL,
        slot: { slot: job.slot, missing: 'Load the image to inject (paint, edit or paste-in) in the slot above.' },
      }),
      validate: (job, _f, model) => stillModelOnly(model!) ?? checkInjectScale(job.startScale, model!.scalesDone),
      title: (job, n) => `SinGAN injection at scale ${job.startScale} · ${n.model(job.modelId)}`,
      outputs: () => 1,
      silence: SINGAN_SILENCE,
      afterDeviceLoss: RUN_AGAIN,
    },
    'singan-animate': {
      fileWords: () => 'singan-animation',
      needs: () => USES_MODEL,
      validate: (job, _f, model) => {
        // A GIF → GIF model walks too: its frame-0 path, the baseline its animations are compared with.
        const a = job.animation;
        return (
          checkWalkStartScale(a.startScale, model!.scalesDone) ??
          checkWalkBeta(a.beta) ??
          checkFrameCount(a.frames) ??
          checkFps(a.fps) ??
          checkLoopMode(a.loop)
        );
      },
      title: (job, n) => `SinGAN animation (${job.animation.frames} frames) · ${n.model(job.modelId)}`,
      outputs: (job) => job.animation.frames,
      silence: SINGAN_SILENCE,
      playback: (job) => ({ fps: job.animation.fps, loop: job.animation.loop }),
      afterDeviceLoss: RUN_AGAIN,
    },
  },
  singanPage,
);
