/**
 * The SinGAN attention study in the page (docs/algorithms.md, "Attention
 * study in the page"): the placements picked, trained one after another on
 * the source at a quarter of its size, each then sampled, reconstructed,
 * super-resolved ×4 and scored; the same job again resumes where it stopped.
 */
import { definePageFeature, plural, SINGAN_SILENCE } from '../../jobs/kindInfo';
import { placementName } from '../../engine/singan/placements';
import type { SinganStudyJob } from './jobs';
import { checkStudyJob, outputsPerVariant } from './studyLimits';
import { studyPage } from './tasks';

export type { SinganStudyJob } from './jobs';
export type { StudySettings, StudySlice } from './tasks';
export { DEFAULT_STUDY_SETTINGS } from './tasks';

export const studyFeature = definePageFeature<SinganStudyJob>()(
  'study',
  {
    'singan-study': {
      trains: true,
      fileWords: () => 'singan-study',
      needs: () => ({ source: true, model: false }),
      validate: (job, facts) => {
        const [height, width] = facts.images.source!;
        return checkStudyJob(job, { height, width });
      },
      title: (job, n) =>
        `SinGAN attention study (${plural(job.variants.length, 'placement')}: ${job.variants.map(placementName).join(', ')}) · ${n.source}`,
      outputs: (job) => job.variants.length * outputsPerVariant(job.samples),
      silence: SINGAN_SILENCE,
      afterDeviceLoss: 'the finished scales and placements are stored: press Resume study under the study',
    },
  },
  studyPage,
);
