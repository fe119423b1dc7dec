/**
 * What a job kind declares about itself (docs/architecture.md, "Job
 * registry"), and the shape of a feature: a family of job kinds declared in
 * its own folder under src/features. Pure types and small shared helpers; the
 * derived registry is src/jobs/jobKinds.ts.
 */
import type { Shape } from '../engine/pyramid/pyramidShape';
import type { BackendKind, ErrorCode, ModelSummary } from '../protocol/facts';
import type { LoopMode } from '../protocol/jobs';
import type { ImageSlot } from '../protocol/images';

/** What the caller knows about the session: image sizes by slot and the stored models. */
export interface JobFacts {
  /** The loaded images' sizes (height, width), by slot. */
  readonly images: Partial<Readonly<Record<ImageSlot, Shape>>>;
  /** Stored SinGAN models; null while the list has not arrived. */
  readonly models: readonly ModelSummary[] | null;
  /** Frames of the animated images, by slot; a still (or an empty slot) has no entry. */
  readonly frames?: Partial<Readonly<Record<ImageSlot, number>>>;
}

export interface JobProblem {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Names a title can use: the source's file name and a model's stored name. */
export interface TitleNames {
  readonly source: string;
  readonly model: (id: string) => string;
}

/**
 * How long one step of a job may keep the worker's thread without answering a
 * heartbeat, by backend. SinGAN's training step encodes thousands of ops
 * synchronously (seconds on the CPU backend; on an emulated or busy GPU the
 * encoding is starved of CPU too); a CPU exact-search step or a CPU SIFID of
 * a large image holds it for tens of seconds.
 */
export type ExpectedSilence = Readonly<Record<BackendKind, number>>;

export interface JobKindInfo<J> {
  /** What must be loaded: the source image, a stored model (by the job's modelId), another slot. */
  readonly needs: (job: J) => {
    readonly source: boolean;
    readonly model: boolean;
    readonly slot?: { readonly slot: ImageSlot; readonly missing: string };
  };
  /** Limits beyond what `needs` checks, with the message the user sees; null when the job can run. */
  readonly validate: (job: J, facts: JobFacts, model: ModelSummary | undefined) => string | null;
  readonly title: (job: J, names: TitleNames) => string;
  /** Outputs the job will stream (a gallery slot each); 0 for jobs that make files or metrics only. */
  readonly outputs: (job: J) => number;
  readonly silence: ExpectedSilence;
  /** Animation jobs: their outputs are frames, played at fps. */
  readonly playback?: (job: J) => { readonly fps: number; readonly loop: LoopMode };
  /** Said when the GPU is lost mid-job: what the user can do next. */
  readonly afterDeviceLoss: string;
  /** Training jobs write the stored model under their modelId, can pause, and show the training panel. */
  readonly trains?: boolean;
  /** What the page shows of a run: its outputs (the default), or a pyramid's levels. */
  readonly shows?: 'outputs' | 'levels';
  /** The run streams SIFID of every scale against the source at that scale (the SIFID chart). */
  readonly scaleSifid?: boolean;
  /** Animations made from an animated source: the page plays them beside it, frame by frame. */
  readonly comparesWithSource?: boolean;
  /** What made a file, for its name and its recipe ("gpnn-retarget", "singan-superres-x2"); the kind's words without the job. */
  readonly fileWords: (job: J | undefined) => string;
}

/** A job spec: discriminated by its kind. */
export interface KindedJob {
  readonly kind: string;
}

/** One entry per kind of a family's job union: a kind without one does not compile. */
export type KindTable<J extends KindedJob> = { readonly [K in J['kind']]: JobKindInfo<Extract<J, { kind: K }>> };

/**
 * A job family (docs/architecture.md, "Feature folders"): its name (the
 * folder's) and its kinds. `jobs` is the family's job union at the type level
 * only, so the protocol's JobSpec is derived from the feature list.
 */
export interface Feature<J extends KindedJob> {
  readonly name: string;
  readonly kinds: KindTable<J>;
  readonly jobs?: J;
}

export function defineFeature<J extends KindedJob>(name: string, kinds: KindTable<J>): Feature<J> {
  return { name, kinds };
}

/** The job union a feature declares. */
export type JobsOf<F> = F extends Feature<infer J> ? J : never;

export const QUICK: ExpectedSilence = { webgpu: 8_000, wasm: 60_000, cpu: 60_000 };
export const SINGAN_SILENCE: ExpectedSilence = { webgpu: 60_000, wasm: 120_000, cpu: 180_000 };
export const RUN_AGAIN = 'run the job again';

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A limit check that throws RangeError, as a message (null when the value is within its limits). */
export const rangeProblem = (check: () => void): string | null => {
  try {
    check();
    return null;
  } catch (err) {
    if (err instanceof RangeError) return err.message;
    throw err;
  }
};

/** A job that uses a stored model, and no loaded image. */
export const USES_MODEL = { source: false, model: true } as const;
