/** SinGAN's worker half, found by src/worker/jobRunners.ts. */
import type { JobsOf } from '../../../jobs/kindInfo';
import type { RunnerTable } from '../../../worker/jobContext';
import type { singanFeature } from '../index';
import { runSinganTrainJob } from './runSinganTrainJob';
import { runSinganAnimateJob, runSinganInjectJob, runSinganSampleJob, runSinganSuperResJob } from './singanUseJobs';

export const runners: RunnerTable<JobsOf<typeof singanFeature>> = {
  'singan-train': runSinganTrainJob,
  'singan-sample': runSinganSampleJob,
  'singan-superres': runSinganSuperResJob,
  'singan-inject': runSinganInjectJob,
  'singan-animate': runSinganAnimateJob,
};
