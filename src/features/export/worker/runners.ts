/** Export's worker half, found by src/worker/jobRunners.ts. */
import type { JobsOf } from '../../../jobs/kindInfo';
import type { RunnerTable } from '../../../worker/jobContext';
import type { exportFeature } from '../index';
import { runExportAnimationJob } from './runExportAnimationJob';

export const runners: RunnerTable<JobsOf<typeof exportFeature>> = { 'export-animation': runExportAnimationJob };
