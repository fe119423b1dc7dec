/**
 * The attention study's limits and layout (docs/algorithms.md, "Attention
 * study in the page"). Pure: the page, the worker and the tests share it.
 */
import { validateSinganConfig, type SinganConfig } from '../../engine/singan/singanConfig';
import { placementOf } from '../../engine/singan/placements';
import { checkSuperResScales } from '../../engine/singan/singanUseLimits';
import type { SinganStudyJob } from './jobs';

/** Samples per variant: diversity needs two; more than eight only costs time. */
export const STUDY_SAMPLES = { min: 2, max: 8 } as const;

/**
 * Super-resolution is scored as the study's paper does: the model trains on
 * the image a quarter of the source's size and enlarges it back ×4, compared
 * with the source it never saw.
 */
export const STUDY_SR_FACTOR = 4;

/** Where each variant's model is stored. */
export const studyModelId = (studyId: string, label: string) => `${studyId}-study-${label}`;

/** The training settings of a study on a source of this size: the Train task's, no larger than a quarter of the source. */
export function studyConfig(
  base: SinganConfig,
  source: { readonly height: number; readonly width: number },
): SinganConfig {
  const quarter = Math.floor(Math.max(source.height, source.width) / STUDY_SR_FACTOR);
  return { ...base, maxSize: Math.min(base.maxSize, quarter) };
}

/** Outputs per variant: the reconstruction, the samples, the super-resolved image. */
export const outputsPerVariant = (samples: number) => samples + 2;

/** Where a variant's outputs sit among the job's. */
export function studyOutput(job: Pick<SinganStudyJob, 'samples'>, variant: number) {
  const base = variant * outputsPerVariant(job.samples);
  return { rec: base, sample: (i: number) => base + 1 + i, sr: base + 1 + job.samples };
}

/** Which variant and which of its outputs an output index is. */
export function studyOutputOf(
  job: Pick<SinganStudyJob, 'samples'>,
  output: number,
): { readonly variant: number; readonly what: 'rec' | 'sample' | 'sr'; readonly sample: number } {
  const per = outputsPerVariant(job.samples);
  const variant = Math.floor(output / per);
  const at = output - variant * per;
  return at === 0
    ? { variant, what: 'rec', sample: -1 }
    : at <= job.samples
      ? { variant, what: 'sample', sample: at - 1 }
      : { variant, what: 'sr', sample: -1 };
}

/** Why this study cannot run on a source of this size, or null. */
export function checkStudyJob(
  job: Pick<SinganStudyJob, 'variants' | 'samples' | 'config'>,
  source: { readonly height: number; readonly width: number },
): string | null {
  if (job.variants.length === 0) return 'Pick at least one placement to study.';
  const unknown = job.variants.find((v) => !placementOf(v));
  if (unknown !== undefined) return `Unknown placement "${unknown}".`;
  if (new Set(job.variants).size !== job.variants.length) return 'Each placement can be studied once.';
  if (!Number.isInteger(job.samples) || job.samples < STUDY_SAMPLES.min || job.samples > STUDY_SAMPLES.max)
    return `Samples per placement must be a whole number from ${STUDY_SAMPLES.min} to ${STUDY_SAMPLES.max} (diversity needs two).`;
  const side = Math.max(source.height, source.width);
  if (job.config.maxSize * STUDY_SR_FACTOR > side || job.config.maxSize < job.config.minSize)
    return (
      `The study trains on the image at a quarter of its size, so that super-resolution ×${STUDY_SR_FACTOR} can be scored against it: ` +
      `this image's longer side (${side} px) gives ${Math.floor(side / STUDY_SR_FACTOR)} px, ` +
      `${Math.floor(side / STUDY_SR_FACTOR) < job.config.minSize ? `below the smallest scale (${job.config.minSize} px). Use an image at least ${job.config.minSize * STUDY_SR_FACTOR} px on its longer side, or lower the smallest scale under Train.` : `below the study's size (${job.config.maxSize} px).`}`
    );
  return (
    validateSinganConfig(job.config, source) ??
    checkSuperResScales({ config: job.config, imageShape: [source.height, source.width] })
  );
}
