/**
 * GIF → GIF's page half: its settings, its tasks and how a recipe's job
 * shows in them. Training shares SinGAN's config (the SinGAN feature's
 * settings), so its tasks read that slice too. Pure: the forms are in forms.tsx.
 */
import { DEFAULT_SEQUENCE_OPTIONS, type SequenceOptions } from '../../engine/gif2gif/sequenceConfig';
import type { FeaturePage, PageFacts, RecipeView } from '../../jobs/kindInfo';
import type { LoopMode } from '../../protocol/jobs';
import { modelName, type SinganSlice } from '../singan';
import type { Gif2gifGenerateJob, Gif2gifTrainJob } from './jobs';

/** GIF → GIF settings; training shares SinGAN's config (and the next model id), these are its own. */
export interface Gif2gifSettings {
  readonly sequence: SequenceOptions;
  readonly generate: {
    readonly frames: number;
    readonly fps: number;
    readonly loop: LoopMode;
    readonly seed: number;
    readonly reverse: boolean;
    readonly startScale: number;
  };
}

export interface Gif2gifSlice {
  readonly gif2gif: Gif2gifSettings;
}

type Gif2gifJobs = Gif2gifTrainJob | Gif2gifGenerateJob;
type Gif2gifTaskId = Gif2gifJobs['kind'];
type State = PageFacts & Gif2gifSlice & SinganSlice;

function showRecipe(job: Gif2gifJobs, current: Gif2gifSlice): RecipeView<Gif2gifSlice, Gif2gifTaskId> {
  if (job.kind === 'gif2gif-train') return { task: job.kind, selectedModelId: job.modelId };
  const generate = { ...job.animation, startScale: job.animation.startScale ?? 0 };
  return { task: job.kind, selectedModelId: job.modelId, settings: { gif2gif: { ...current.gif2gif, generate } } };
}

export const gif2gifPage: FeaturePage<Gif2gifJobs, Gif2gifSlice, Gif2gifTaskId, SinganSlice> = {
  settings: {
    gif2gif: {
      sequence: DEFAULT_SEQUENCE_OPTIONS,
      generate: { frames: 12, fps: 10, loop: 'loop', seed: 1, reverse: false, startScale: 0 },
    },
  },
  showRecipe,
  tasks: {
    'gif2gif-train': {
      engine: 'GIF → GIF',
      label: 'Train on a GIF',
      blurb:
        'SinGAN with a ConvLSTM over time, trained on an animated GIF: new animations that keep the source’s motion.',
      action: 'Train GIF → GIF',
      build: (s: State) => ({
        kind: 'gif2gif-train',
        config: s.singan.config,
        sequence: s.gif2gif.sequence,
        modelId: s.nextModelId,
        name: `${modelName(s).replace(/ · (plain|attention .*)$/, '')} · ${s.gif2gif.sequence.variant}`,
      }),
    },
    'gif2gif-generate': {
      engine: 'GIF → GIF',
      label: 'New animation',
      blurb: 'GIF → GIF: a new random sequence from a trained model, as long as you like, or reversed. Export as GIF.',
      action: 'Make animation',
      build: (s) => ({ kind: 'gif2gif-generate', modelId: s.selectedModelId ?? '', animation: s.gif2gif.generate }),
    },
  },
};
