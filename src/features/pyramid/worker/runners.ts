/** The pyramid tool's worker half, found by src/worker/jobRunners.ts. */
import type { JobsOf } from '../../../jobs/kindInfo';
import type { RunnerTable } from '../../../worker/jobContext';
import type { pyramidFeature } from '../index';
import { runPyramidJob } from './runPyramidJob';

export const runners: RunnerTable<JobsOf<typeof pyramidFeature>> = { pyramid: runPyramidJob };
