/**
 * SinGAN's page half: its settings in the store, its tasks in the task
 * panel, and how a recipe's job shows in them. Pure (no DOM): the forms are
 * in forms.tsx.
 */
import { SINGAN_PRESETS, type SinganConfig } from '../../engine/singan/singanConfig';
import type { SuperResFactor } from '../../engine/singan/singanUseLimits';
import { seedsFrom, type FeaturePage, type PageFacts, type RecipeView } from '../../jobs/kindInfo';
import type { LoopMode } from '../../protocol/jobs';
import type { SinganAnimateJob, SinganInjectJob, SinganSampleJob, SinganSuperResJob, SinganTrainJob } from './jobs';

export type SinganPreset = keyof typeof SINGAN_PRESETS | 'custom';

export interface SinganSettings {
  readonly preset: SinganPreset;
  readonly config: SinganConfig;
  readonly sample: {
    readonly count: number;
    readonly baseSeed: number;
    readonly heightFactor: number;
    readonly widthFactor: number;
  };
  readonly superres: { readonly factor: SuperResFactor };
  readonly inject: { readonly startScale: number; readonly seed: number };
  readonly animate: {
    readonly frames: number;
    readonly fps: number;
    readonly loop: LoopMode;
    readonly beta: number;
    readonly startScale: number;
    readonly seed: number;
  };
}

/** The store keeps SinGAN's settings under one key. */
export interface SinganSlice {
  readonly singan: SinganSettings;
}

type State = PageFacts & SinganSlice;
type SinganJobs = SinganTrainJob | SinganSampleJob | SinganSuperResJob | SinganInjectJob | SinganAnimateJob;
type SinganTaskId = SinganJobs['kind'];

/** A new model's name: the image, the preset, the attention placement. */
export function modelName(s: State): string {
  const c = s.singan.config;
  const attention = c.attention === 'none' ? 'plain' : `attention ${c.attention}${c.feedForward ? ' + FF' : ''}`;
  return `${s.source?.name.replace(/\.[a-z0-9]+$/i, '') ?? 'image'} · ${s.singan.preset} · ${attention}`;
}

function showRecipe(job: SinganJobs, current: SinganSlice): RecipeView<SinganSlice, SinganTaskId> {
  const s = current.singan;
  switch (job.kind) {
    case 'singan-sample': {
      const { seeds, heightFactor, widthFactor } = job;
      const sample = { count: seeds.length, baseSeed: seeds[0], heightFactor, widthFactor };
      return { task: job.kind, selectedModelId: job.modelId, settings: { singan: { ...s, sample } } };
    }
    case 'singan-superres':
      return {
        task: job.kind,
        selectedModelId: job.modelId,
        settings: { singan: { ...s, superres: { factor: job.factor } } },
      };
    default:
      return { task: job.kind, selectedModelId: job.modelId };
  }
}

export const singanPage: FeaturePage<SinganJobs, SinganSlice, SinganTaskId> = {
  settings: {
    singan: {
      preset: 'fast',
      config: SINGAN_PRESETS.fast,
      sample: { count: 4, baseSeed: 1, heightFactor: 1, widthFactor: 1 },
      superres: { factor: 2 },
      inject: { startScale: 1, seed: 1 },
      animate: { frames: 24, fps: 10, loop: 'pingpong', beta: 0.95, startScale: 0, seed: 1 },
    },
  },
  showRecipe,
  tasks: {
    'singan-train': {
      engine: 'SinGAN',
      label: 'Train',
      blurb: 'SinGAN: train a pyramid of small GANs on this image, in the browser; optional axial attention.',
      action: 'Train SinGAN',
      // The id was drawn when the previous training started: building a job must not draw one on every render.
      build: (s) => ({ kind: 'singan-train', config: s.singan.config, modelId: s.nextModelId, name: modelName(s) }),
    },
    'singan-sample': {
      engine: 'SinGAN',
      label: 'Random samples',
      blurb: 'SinGAN: new images from a trained model, at the training size or others.',
      action: 'Generate samples',
      build: (s) => {
        const { count, baseSeed, heightFactor, widthFactor } = s.singan.sample;
        return {
          kind: 'singan-sample',
          modelId: s.selectedModelId ?? '',
          seeds: seedsFrom(count, baseSeed),
          heightFactor,
          widthFactor,
        };
      },
    },
    'singan-superres': {
      engine: 'SinGAN',
      label: 'Super-resolution',
      blurb: 'SinGAN: enlarge ×2, ×4 or ×8 by its finest generator.',
      action: 'Super-resolve',
      build: (s) => ({ kind: 'singan-superres', modelId: s.selectedModelId ?? '', factor: s.singan.superres.factor }),
    },
    'singan-inject': {
      engine: 'SinGAN',
      label: 'Paint / harmonise',
      blurb:
        'SinGAN: inject your image (a painting, an edit, a paste-in) at a scale; the model redraws it in the learned style.',
      action: 'Inject',
      build: (s) => ({
        kind: 'singan-inject',
        modelId: s.selectedModelId ?? '',
        slot: 'structure',
        ...s.singan.inject,
      }),
    },
    'singan-animate': {
      engine: 'SinGAN',
      label: 'Animation',
      blurb: 'SinGAN: a random walk in noise space from the reconstruction. Export as GIF.',
      action: 'Make animation',
      build: (s) => {
        const { beta, startScale, ...animation } = s.singan.animate;
        return {
          kind: 'singan-animate',
          modelId: s.selectedModelId ?? '',
          animation: { ...animation, beta, startScale },
        };
      },
    },
  },
};
