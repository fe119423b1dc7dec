/** GPNN's worker half, found by src/worker/jobRunners.ts. */
import type { JobsOf } from '../../../jobs/kindInfo';
import type { RunnerTable } from '../../../worker/jobContext';
import type { gpnnFeature } from '../index';
import { runGpnnAnimateJob } from './runGpnnAnimateJob';
import { runGpnnJob } from './runGpnnJob';

export const runners: RunnerTable<JobsOf<typeof gpnnFeature>> = {
  gpnn: runGpnnJob,
  'gpnn-animate': runGpnnAnimateJob,
};
