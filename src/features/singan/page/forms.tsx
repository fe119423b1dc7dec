/** SinGAN's forms in the task panel; found by src/app/taskForms.ts. */
import type { FeatureForms } from '../../../app/taskForms';
import type { TasksOf } from '../../../jobs/kindInfo';
import type { singanFeature } from '..';
import { SinganTrainFields, SinganUseFields } from './SinganFields';

/** GIF → GIF training shares SinGAN's training form (its config is SinGAN's). */
export { SinganTrainFields };

export const { forms }: FeatureForms<TasksOf<typeof singanFeature>> = {
  forms: {
    'singan-train': SinganTrainFields,
    'singan-sample': SinganUseFields,
    'singan-superres': SinganUseFields,
    'singan-inject': SinganUseFields,
    'singan-animate': SinganUseFields,
  },
};
