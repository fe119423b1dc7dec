/**
 * The registry of job kinds (docs/architecture.md, "Job registry"):
 * everything the studio knows about a kind of job, declared once in its
 * feature folder and merged here from the feature list. The page (task panel,
 * run titles, watchdog), the worker (refusals, output labels), the CLI and
 * the automation page all read it; the mapped type makes a kind without an
 * entry a compile error.
 *
 * Pure: no DOM, no worker, no tfjs.
 */
import { FEATURES, type JobKind, type JobSpec } from '../features';
import { collectOnce } from './collectOnce';
import type { BackendKind, ModelSummary } from '../protocol/facts';
import type { JobFacts, JobKindInfo, JobProblem } from './kindInfo';

export type { JobFacts, JobKindInfo, JobProblem, TitleNames } from './kindInfo';

type Registry = { readonly [K in JobKind]: JobKindInfo<Extract<JobSpec, { kind: K }>> };

// Every kind's entry, from every feature; a kind declared by two features is a startup error.
export const JOB_KINDS = collectOnce(
  { item: 'declaration', key: 'job kind' },
  FEATURES.map((f) => [f.name, f.kinds] as const),
) as unknown as Registry;

/** The registry entry of a job, typed for that job. */
export function kindOf<J extends JobSpec>(job: J): JobKindInfo<J> {
  return JOB_KINDS[job.kind] as unknown as JobKindInfo<J>;
}

/** Whether a lost GPU device ends the job: not for kinds that never touch it (`cpuOnly`). */
export function endsOnDeviceLoss(job: JobSpec): boolean {
  return kindOf(job).cpuOnly !== true;
}

/**
 * Why a job cannot run with what the session holds, or null. The one check
 * the page (to disable its button with the reason), the worker (to refuse)
 * and the CLI (to exit 2) all make, so they say the same words.
 */
export function jobProblem(job: JobSpec, facts: JobFacts): JobProblem | null {
  const info = kindOf(job);
  const needs = info.needs(job);
  if (needs.source && !facts.images.source) return { code: 'no-image', message: 'Load an image first.' };
  let model: ModelSummary | undefined;
  if (needs.model) {
    const id = (job as { modelId?: string }).modelId;
    model = facts.models?.find((m) => m.id === id);
    if (!model) {
      const resuming = info.trains;
      return {
        code: 'no-model',
        message: resuming
          ? 'That model is no longer stored.'
          : 'Train a SinGAN model first, or pick (or import) one under Models.',
      };
    }
    if (model.scalesDone === 0 && !info.trains)
      return { code: 'bad-model', message: 'This model has no finished scale yet.' };
  }
  if (needs.slot && !facts.images[needs.slot.slot]) return { code: 'no-image', message: needs.slot.missing };
  const message = info.validate(job, facts, model);
  return message ? { code: 'bad-params', message } : null;
}

/** The longest silence to expect from the worker while this job runs on this backend. */
export function expectedSilenceMs(kind: JobKind, backend: BackendKind): number {
  return JOB_KINDS[kind].silence[backend];
}
