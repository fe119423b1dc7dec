/** GIF → GIF's worker half, found by src/worker/jobRunners.ts. */
import type { JobsOf } from '../../../jobs/kindInfo';
import type { RunnerTable } from '../../../worker/jobContext';
import type { gif2gifFeature } from '../index';
import { runGif2gifGenerateJob } from './runGif2gifGenerateJob';
import { runGif2gifTrainJob } from './runGif2gifTrainJob';

export const runners: RunnerTable<JobsOf<typeof gif2gifFeature>> = {
  'gif2gif-train': runGif2gifTrainJob,
  'gif2gif-generate': runGif2gifGenerateJob,
};
