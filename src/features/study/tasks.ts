/**
 * The attention study's page half: its settings, its task under SinGAN and
 * how a recipe's job shows. Pure: the form and the view are in page/. The
 * study trains with the Train task's settings (SinGAN's slice).
 */
import type { FeaturePage, PageFacts, RecipeView } from '../../jobs/kindInfo';
import type { SinganSlice } from '../singan';
import type { SinganStudyJob } from './jobs';
import { studyConfig } from './studyLimits';

export interface StudySettings {
  /** The placements to train, by label (PLACEMENTS); trained in PLACEMENTS' order. */
  readonly variants: readonly string[];
  readonly samples: number;
}

export interface StudySlice {
  readonly study: StudySettings;
}

type StudyTaskId = SinganStudyJob['kind'];

export const DEFAULT_STUDY_SETTINGS: StudySettings = { variants: ['none', 'head'], samples: 4 };

function build(s: PageFacts & StudySlice & SinganSlice): SinganStudyJob {
  const working = s.source?.working ?? { height: 0, width: 0 };
  return {
    kind: 'singan-study',
    // Drawn when the previous training or study started (studio.ts), so a render draws nothing.
    studyId: s.nextModelId,
    name: s.source?.name.replace(/\.[a-z0-9]+$/i, '') ?? 'image',
    config: studyConfig(s.singan.config, working),
    variants: s.study.variants,
    samples: s.study.samples,
  };
}

function showRecipe(job: SinganStudyJob, current: StudySlice): RecipeView<StudySlice, StudyTaskId> {
  return { task: job.kind, settings: { study: { ...current.study, variants: job.variants, samples: job.samples } } };
}

export const studyPage: FeaturePage<SinganStudyJob, StudySlice, StudyTaskId, SinganSlice> = {
  settings: { study: DEFAULT_STUDY_SETTINGS },
  showRecipe,
  tasks: {
    'singan-study': {
      engine: 'SinGAN',
      label: 'Attention study',
      blurb:
        'SinGAN: train several attention placements one after another on this image and compare their samples, reconstructions and super-resolution side by side.',
      action: 'Run study',
      build,
    },
  },
};
