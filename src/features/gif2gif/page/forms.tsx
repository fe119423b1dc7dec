/** GIF → GIF's forms in the task panel; found by src/app/taskForms.ts. */
import type { FeatureForms } from '../../../app/taskForms';
import type { TasksOf } from '../../../jobs/kindInfo';
import type { gif2gifFeature } from '..';
import { Gif2gifGenerateFields, Gif2gifTrainFields } from './Gif2gifFields';

export const { forms }: FeatureForms<TasksOf<typeof gif2gifFeature>> = {
  forms: { 'gif2gif-train': Gif2gifTrainFields, 'gif2gif-generate': Gif2gifGenerateFields },
};
