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

/** How an animation run plays: its rate, its loop and, when its outputs are several animations of equal length one after another, how many. */
export interface AnimationPlayback {
  readonly fps: number;
  readonly loop: LoopMode;
  /** The outputs are this many animations (samples), each outputs/samples frames long; absent: one. */
  readonly samples?: number;
}

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
  readonly playback?: (job: J) => AnimationPlayback;
  /** Said when the GPU is lost mid-job: what the user can do next. */
  readonly afterDeviceLoss: string;
  /**
   * The job computes on the CPU whatever the backend and never touches the
   * GPU device (VGPNN): a lost device leaves it running, so it is not ended
   * with `afterDeviceLoss`. Absent: the job ends when the device is lost.
   */
  readonly cpuOnly?: boolean;
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
  /**
   * The job that remakes output `output` alone, with its seed (what an
   * exported output's recipe holds): a batch's sample is its seed's sample;
   * `searchRan` pins the search that ran, for kinds that choose one.
   * Absent: the job itself, with no seed.
   */
  readonly oneOutput?: (
    job: J,
    output: number,
    searchRan?: 'exact' | 'patchmatch',
  ) => { readonly job: J; readonly seed: number | null };
  /** Its pyramid's coarsest scale may be squeezed towards a square (GPNN's square coarsest level): the Scales strip says by how much. */
  readonly squaresCoarsest?: boolean;
  /** Every image slot the job reads, where it is more than `needs` says (an analogy's structure, a collage's images). */
  readonly slots?: (job: J) => readonly ImageSlot[];
}

/** A job spec: discriminated by its kind. */
export interface KindedJob {
  readonly kind: string;
}

/** One entry per kind of a family's job union: a kind without one does not compile. */
export type KindTable<J extends KindedJob> = { readonly [K in J['kind']]: JobKindInfo<Extract<J, { kind: K }>> };

/** The groups of the task panel, in its order. */
export type TaskEngine = 'GPNN' | 'SinGAN' | 'GIF → GIF' | 'Tools';
export const TASK_ENGINES: readonly TaskEngine[] = ['GPNN', 'SinGAN', 'GIF → GIF', 'Tools'];

/** What every task may read of the page besides the settings of the features it uses. */
export interface PageFacts {
  readonly source: {
    readonly name: string;
    readonly working: { readonly height: number; readonly width: number };
    /** An animated source's frames (tasks read only how many there are). */
    readonly animation?: { readonly frames: readonly unknown[] };
  } | null;
  /** The stored model the SinGAN and GIF → GIF tasks use. */
  readonly selectedModelId: string | null;
  /** The id the next training stores its model under; drawn anew when a training starts. */
  readonly nextModelId: string;
}

/**
 * A button of the task panel: what it is called and says, and the job it
 * sends with the page's current settings. `build` is a pure function of the
 * state (it runs on every render), so it draws nothing random.
 */
export interface TaskInfo<S, J> {
  readonly engine: TaskEngine;
  readonly label: string;
  readonly blurb: string;
  readonly action: string;
  readonly build: (s: PageFacts & S) => J;
  /**
   * The extra image the task cannot run without (an analogy's structure, a
   * collage's second image): while that slot is empty the Run bar offers to
   * open it, because the slot itself sits in the form, often out of view.
   */
  readonly needsImage?: { readonly slot: Exclude<ImageSlot, 'source'>; readonly label: string };
}

/**
 * What the task panel shows for a job read back from a file's recipe: its
 * task, the settings that send the same job again, and the model it used.
 */
export interface RecipeView<S, T extends string> {
  readonly task: T;
  readonly settings?: Partial<S>;
  readonly selectedModelId?: string;
}

/**
 * The page's half of a feature: its settings (one state slice per key, with
 * defaults), tasks and recipe view. R: settings of other features its tasks
 * read (GIF → GIF training reads SinGAN's config).
 */
export interface FeaturePage<J extends KindedJob, S extends object, T extends string, R = unknown> {
  readonly settings: S;
  readonly tasks: { readonly [K in T]: TaskInfo<S & R, J> };
  /** The task and settings that reproduce a job of this feature; null for kinds no task sends. */
  readonly showRecipe: (job: J, current: S) => RecipeView<S, T> | null;
  /**
   * Settings drawn over the source's pixels (masks, a selected region): a
   * saved session restores them only once the source is decoded again, and
   * only where they still fit it.
   */
  readonly restoreOverSource?: (
    saved: Partial<S>,
    source: { readonly height: number; readonly width: number },
  ) => Partial<S> | null;
  /** The settings restoreOverSource restores (a saved session holds them back until the source is decoded). */
  readonly sourceBound?: readonly (keyof S & string)[];
  /** Those settings as they become when a source of another size replaces the source: they do not carry over. */
  readonly forNewSource?: (current: S) => Partial<S>;
}

/**
 * A job family (docs/architecture.md, "Feature folders"): its name (the
 * folder's), its kinds and, when it has tasks in the page, its page half.
 * `jobs` is the family's job union at the type level only, so the protocol's
 * JobSpec is derived from the feature list.
 */
export interface Feature<J extends KindedJob> {
  readonly name: string;
  readonly kinds: KindTable<J>;
  readonly jobs?: J;
}

/** A feature with no page of its own (its jobs are sent by other views). */
export function defineFeature<J extends KindedJob>(name: string, kinds: KindTable<J>): Feature<J> {
  return { name, kinds };
}

/** A feature with tasks in the page; the settings' and tasks' types are inferred from the page half. */
export function definePageFeature<J extends KindedJob>() {
  return <S extends object, T extends string, R>(
    name: string,
    kinds: KindTable<J>,
    page: FeaturePage<J, S, T, R>,
  ): Feature<J> & { readonly page: FeaturePage<J, S, T, R> } => ({ name, kinds, page });
}

/** The settings a feature's page half keeps in the store. */
export type SettingsOf<F> = F extends { readonly page: { readonly settings: infer S } } ? S : never;
/** The tasks a feature's page half adds to the task panel. */
export type TasksOf<F> = F extends { readonly page: { readonly tasks: infer T } } ? keyof T & string : never;

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

/** Seeds base, base + 1, …: count of them (none for a count that is not a whole number). */
export const seedsFrom = (count: number, baseSeed: number) =>
  Array.from({ length: Number.isInteger(count) ? Math.max(0, count) : 0 }, (_, i) => baseSeed + i);

/** A job that uses a stored model, and no loaded image. */
export const USES_MODEL = { source: false, model: true } as const;
