/** SIFID's worker half, found by src/worker/jobRunners.ts. */
import type { JobsOf } from '../../../jobs/kindInfo';
import type { RunnerTable } from '../../../worker/jobContext';
import type { sifidFeature } from '../index';
import { runSifidJob } from './runSifidJob';

export const runners: RunnerTable<JobsOf<typeof sifidFeature>> = { sifid: runSifidJob };
