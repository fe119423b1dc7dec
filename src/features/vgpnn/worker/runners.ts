/** VGPNN's worker half, found by src/worker/jobRunners.ts. */
import type { JobsOf } from '../../../jobs/kindInfo';
import type { RunnerTable } from '../../../worker/jobContext';
import type { vgpnnFeature } from '../index';
import { runVgpnnInpaintJob } from './runVgpnnInpaintJob';
import { runVgpnnJob } from './runVgpnnJob';

export const runners: RunnerTable<JobsOf<typeof vgpnnFeature>> = {
  'vgpnn-generate': runVgpnnJob,
  'vgpnn-inpaint': runVgpnnInpaintJob,
};
