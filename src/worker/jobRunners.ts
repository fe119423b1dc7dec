import { jobProblem } from '../jobs/jobKinds';
import { type ModelSummary } from '../protocol/messages';
import { type JobKind, type JobSpec } from '../protocol/jobs';
import { COLLAGE_SLOTS, type ImageSlot } from '../protocol/images';
import type { JobContext } from './jobContext';
import { JobInputError } from './jobs/jobErrors';
import { runExportAnimationJob } from './jobs/exportAnimationJob';
import { runGpnnAnimateJob } from './jobs/gpnnAnimateJob';
import { runGpnnJob } from './jobs/gpnnJob';
import { runPyramidJob } from './jobs/pyramidJob';
import { runSifidJob } from './jobs/sifidJob';
import { runSinganTrainJob } from './jobs/singanTrainJob';
import { runGif2gifGenerateJob } from './jobs/gif2gifGenerateJob';
import { runGif2gifTrainJob } from './jobs/gif2gifTrainJob';
import {
  runSinganAnimateJob,
  runSinganInjectJob,
  runSinganSampleJob,
  runSinganSuperResJob,
} from './jobs/singanUseJobs';

/** What a runner reports besides its streamed results. */
export interface RunnerResult {
  /** Peak tfjs memory of the job, for jobs that measure it. */
  readonly tfPeakBytes?: number | null;
}

type Runner<J extends JobSpec> = (job: J, ctx: JobContext) => Promise<RunnerResult | void>;

/** The worker's half of the job registry (src/jobs/jobKinds.ts): a kind without a runner does not compile. */
export const JOB_RUNNERS: { readonly [K in JobKind]: Runner<Extract<JobSpec, { kind: K }>> } = {
  pyramid: runPyramidJob,
  gpnn: runGpnnJob,
  sifid: runSifidJob,
  'gpnn-animate': runGpnnAnimateJob,
  'export-animation': runExportAnimationJob,
  'singan-train': runSinganTrainJob,
  'singan-sample': runSinganSampleJob,
  'singan-superres': runSinganSuperResJob,
  'singan-inject': runSinganInjectJob,
  'singan-animate': runSinganAnimateJob,
  'gif2gif-train': runGif2gifTrainJob,
  'gif2gif-generate': runGif2gifGenerateJob,
};

const SLOTS: readonly ImageSlot[] = ['source', 'structure', ...COLLAGE_SLOTS];

/**
 * Refuses a job the registry says cannot run (the same words the page shows
 * beside its disabled button), then runs it. `models` is the stored model
 * list, read only for kinds that use one.
 */
export async function runRegisteredJob(
  job: JobSpec,
  ctx: JobContext,
  models: readonly ModelSummary[] | null,
): Promise<RunnerResult> {
  const images: Partial<Record<ImageSlot, readonly [number, number]>> = {};
  const frames: Partial<Record<ImageSlot, number>> = {};
  for (const slot of SLOTS) {
    const img = ctx.image(slot);
    if (img) images[slot] = [img.height, img.width];
    const count = ctx.frames(slot)?.length;
    if (count) frames[slot] = count;
  }
  const problem = jobProblem(job, { images, models, frames });
  if (problem) throw new JobInputError(problem.code, problem.message);
  const run = JOB_RUNNERS[job.kind] as Runner<JobSpec>;
  return (await run(job, ctx)) ?? {};
}
