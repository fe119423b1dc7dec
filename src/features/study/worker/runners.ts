/** The attention study's worker half, found by src/worker/jobRunners.ts. */
import type { JobsOf } from '../../../jobs/kindInfo';
import type { RunnerTable } from '../../../worker/jobContext';
import type { studyFeature } from '../index';
import { runSinganStudyJob } from './runSinganStudyJob';

export const runners: RunnerTable<JobsOf<typeof studyFeature>> = {
  'singan-study': runSinganStudyJob,
};
