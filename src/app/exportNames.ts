import { formatSize } from '../engine/image/formatSize';
import { JOB_KINDS, type JobKindInfo } from '../jobs/jobKinds';
import type { ModelSummary } from '../protocol/facts';
import type { JobKind, JobSpec } from '../features';
import { safeFileStem } from './downloadPng';
import type { Run } from './store';

/** The part of a run a file holds: one output, one scale of an output, or the whole animation. */
export type ExportPart =
  | { readonly type: 'output'; readonly seed: number | null; readonly width: number; readonly height: number }
  | {
      readonly type: 'scale';
      readonly level: number;
      readonly seed: number | null;
      readonly width: number;
      readonly height: number;
    }
  | { readonly type: 'animation'; readonly frames: number; readonly seed?: number | null };

/** What made the file: engine and task ("gpnn-retarget", "singan-superres-x2"). */
function taskWords(kind: JobKind, job: JobSpec | undefined): string {
  return (JOB_KINDS[kind] as JobKindInfo<JobSpec>).fileWords(job);
}

/**
 * A file name (without its extension) that says what the file is: whose
 * image, which engine and task, and which output — its seed where it has
 * one, else its size; an animation's frame count. E.g.
 * valley-gpnn-sample-seed4, valley-gpnn-retarget-375x250,
 * valley-gpnn-animation-24f, valley-gpnn-sample-seed4-level3-19x14.
 */
export function exportFileStem(
  subject: string,
  run: { readonly kind: JobKind; readonly job?: JobSpec },
  part: ExportPart,
): string {
  const base = `${safeFileStem(subject)}-${taskWords(run.kind, run.job)}`;
  // One sample of several (VGPNN's seeds) names its seed, as a sample's PNG does.
  if (part.type === 'animation')
    return `${base}${part.seed !== undefined && part.seed !== null ? `-seed${part.seed}` : ''}-${part.frames}f`;
  const size = formatSize(part.width, part.height, { ascii: true });
  const seed = part.seed !== null ? `-seed${part.seed}` : '';
  if (part.type === 'scale') return `${base}${seed}-level${part.level}-${size}`;
  return `${base}${seed || `-${size}`}`;
}

/**
 * Whose image a run's files show: the image it read (its own record, so a
 * source loaded since does not rename them), or for a run from a stored
 * model the image the model was trained on (the model's name starts with it).
 */
export function exportSubject(
  run: Pick<Run, 'recipeBase' | 'modelId'>,
  models: readonly ModelSummary[] | null,
  currentSource: string | null,
): string {
  const read = run.recipeBase?.sources.find((s) => s.slot === 'source')?.name;
  if (read) return read;
  const model = run.modelId ? models?.find((m) => m.id === run.modelId) : undefined;
  if (model) return model.name.split(' · ')[0];
  return currentSource ?? 'image';
}
