/** The attention study's form and its output view; found by src/app/taskForms.ts. */
import type { FeatureForms } from '../../../app/taskForms';
import type { TasksOf } from '../../../jobs/kindInfo';
import type { studyFeature } from '..';
import { StudyFields } from './StudyFields';
import { StudyView } from './StudyView';

export const { forms, views }: FeatureForms<TasksOf<typeof studyFeature>> = {
  forms: { 'singan-study': StudyFields },
  views: { 'singan-study': StudyView },
};
