import { collectOnce } from '../jobs/collectOnce';
import { JOB_KINDS, jobProblem } from '../jobs/jobKinds';
import { type ModelSummary } from '../protocol/facts';
import { type JobKind, type JobSpec } from '../features';
import { COLLAGE_SLOTS, type ImageSlot } from '../protocol/images';
import type { JobContext, Runner, RunnerResult } from './jobContext';
import { JobInputError } from './jobErrors';

/**
 * The worker's half of the job registry: every feature folder's runners.ts
 * (docs/architecture.md, "Feature folders"), found by folder so adding a
 * family needs no line here. Each table is typed against its own family's
 * kinds; that every kind of the registry has exactly one runner is checked
 * here, when the worker starts.
 */
const RUNNER_MODULES = import.meta.glob<{ runners: Readonly<Record<string, Runner<never>>> }>(
  '../features/*/worker/runners.ts',
  { eager: true },
);

export function collectRunners(
  modules: Readonly<Record<string, { runners: Readonly<Record<string, Runner<never>>> }>>,
): {
  readonly [K in JobKind]: Runner<Extract<JobSpec, { kind: K }>>;
} {
  const table = collectOnce(
    { item: 'runner', key: 'job kind' },
    Object.entries(modules).map(([path, module]) => [path, module.runners] as const),
    { keys: Object.keys(JOB_KINDS), complete: true },
  );
  return table as unknown as ReturnType<typeof collectRunners>;
}

export const JOB_RUNNERS = collectRunners(RUNNER_MODULES);

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
