/** VGPNN's form in the task panel; found by src/app/taskForms.ts. GIF → GIF's forms show its engine choice too. */
import type { FeatureForms } from '../../../app/taskForms';
import type { TasksOf } from '../../../jobs/kindInfo';
import type { vgpnnFeature } from '..';
import { VgpnnFields } from './VgpnnFields';

export { GifEngineChoice } from './EngineChoice';

export const { forms }: FeatureForms<TasksOf<typeof vgpnnFeature>> = {
  forms: { 'vgpnn-generate': VgpnnFields },
};
