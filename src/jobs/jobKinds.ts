/**
 * The registry of job kinds: everything the studio knows about a kind of job,
 * declared once. The page (task panel, run titles, watchdog), the worker
 * (refusals, output labels), the CLI and the automation page all read it, and
 * the mapped type below makes a kind without an entry a compile error.
 *
 * Pure: no DOM, no worker, no tfjs. The worker's runners live beside their
 * jobs (src/worker/jobRunners.ts), keyed by the same kinds.
 */
import { checkFps, checkFrameCount, checkLoopMode } from '../engine/animation/animationLimits';
import { validateGpnnAnimation } from '../engine/animation/gpnnAnimation';
import { checkExportFps, checkExportFrames } from '../engine/gif/gifLimits';
import { quickCheckGpnnTask, type GpnnTaskSpec } from '../engine/gpnn/gpnnTask';
import { validatePyramidParams, type Shape } from '../engine/pyramid/pyramidShape';
import { validateSinganConfig } from '../engine/singan/singanConfig';
import { validateSequence } from '../engine/gif2gif/sequenceConfig';
import {
  checkInjectScale,
  checkSequenceStartScale,
  checkSinganOutputSize,
  checkSinganSampleCount,
  checkSinganSizeFactor,
  checkSuperResFactor,
  checkSuperResInput,
  superResTrainedShape,
  checkWalkBeta,
  checkWalkStartScale,
} from '../engine/singan/singanUseLimits';
import { type BackendKind, type ErrorCode, type ModelSummary } from '../protocol/messages';
import { type JobKind, type JobSpec, type LoopMode } from '../protocol/jobs';
import { COLLAGE_SLOTS, type ImageSlot } from '../protocol/images';
import { formatSize } from '../engine/image/formatSize';

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

export interface JobKindInfo<J extends JobSpec> {
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

type Registry = { readonly [K in JobKind]: JobKindInfo<Extract<JobSpec, { kind: K }>> };

const QUICK: ExpectedSilence = { webgpu: 8_000, wasm: 60_000, cpu: 60_000 };
const SINGAN: ExpectedSilence = { webgpu: 60_000, wasm: 120_000, cpu: 180_000 };
const RUN_AGAIN = 'run the job again';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const rangeProblem = (check: () => void): string | null => {
  try {
    check();
    return null;
  } catch (err) {
    if (err instanceof RangeError) return err.message;
    throw err;
  }
};

/** What each GPNN task calls its result: run titles and output labels. */
export const GPNN_TASK_NOUNS: Readonly<Record<GpnnTaskSpec['kind'], string>> = {
  sample: 'sample',
  retarget: 'retarget',
  analogy: 'structural analogy',
  inpaint: 'inpainting',
  collage: 'collage',
  edit: 'edit',
};

/** The label of one finished GPNN output, as the gallery and the CLI's report show it. */
export function gpnnOutputLabel(
  task: GpnnTaskSpec,
  output: number,
  shape: { height: number; width: number },
  seed: number | null,
): string {
  const size = formatSize(shape.width, shape.height);
  switch (task.kind) {
    case 'sample':
      return `Sample ${output + 1} · seed ${seed}`;
    case 'retarget':
      return `Retargeted ${size}`;
    case 'analogy':
      return `Analogy ${size}`;
    case 'inpaint':
      return `Inpainted ${size}`;
    case 'collage':
      return `Collage ${size}`;
    case 'edit':
      return `Edited ${size}`;
  }
}

/** The stage name of a GPNN output in progress ("Sample 2/4 · level 3 …"). */
export function gpnnStageName(task: GpnnTaskSpec, output: number, outputs: number): string {
  if (task.kind === 'sample') return `Sample ${output + 1}/${outputs}`;
  const noun = GPNN_TASK_NOUNS[task.kind];
  return noun[0].toUpperCase() + noun.slice(1);
}

const collageShapes = (facts: JobFacts): Shape[] =>
  COLLAGE_SLOTS.flatMap((slot) => (facts.images[slot] ? [facts.images[slot]] : []));

const singanUse = { source: false, model: true } as const;

/** Still-image SinGAN tasks on a GIF → GIF model: its generators expect its sequencer's input. */
const stillModelOnly = (model: ModelSummary): string | null =>
  model.sequence ? 'This is a GIF → GIF model (trained on an animation): use it with GIF → GIF → New animation.' : null;

export const JOB_KINDS: Registry = {
  pyramid: {
    needs: () => ({ source: true, model: false }),
    shows: 'levels',
    fileWords: () => 'pyramid',
    validate: (job) => validatePyramidParams(job.params),
    title: (_job, n) => `Pyramid of ${n.source}`,
    outputs: () => 1,
    silence: QUICK,
    afterDeviceLoss: RUN_AGAIN,
  },
  gpnn: {
    scaleSifid: true,
    fileWords: (job) => (job ? `gpnn-${job.task.kind}` : 'gpnn'),
    // An analogy's structure and a collage's images are the task's own checks (quickCheckGpnnTask).
    needs: () => ({ source: true, model: false }),
    validate: (job, facts) =>
      quickCheckGpnnTask(
        job.task,
        { source: facts.images.source!, structure: facts.images.structure, collage: collageShapes(facts) },
        job.params,
      ),
    title: (job, n) => {
      const t = job.task;
      if (t.kind === 'sample') return `${t.seeds.length} GPNN sample${t.seeds.length === 1 ? '' : 's'} of ${n.source}`;
      if (t.kind === 'retarget') return `GPNN retarget of ${n.source} to ${formatSize(t.width, t.height)}`;
      return `GPNN ${GPNN_TASK_NOUNS[t.kind]} of ${n.source}`;
    },
    outputs: (job) => (job.task.kind === 'sample' ? job.task.seeds.length : 1),
    silence: QUICK,
    afterDeviceLoss: RUN_AGAIN,
  },
  sifid: {
    fileWords: () => 'sifid',
    needs: () => ({ source: false, model: false }),
    validate: (job) => (job.fakes.length > 0 ? null : 'Choose images to compare.'),
    title: () => 'SIFID comparison',
    outputs: (job) => job.fakes.length,
    silence: QUICK,
    afterDeviceLoss: RUN_AGAIN,
  },
  'gpnn-animate': {
    fileWords: () => 'gpnn-animation',
    needs: () => ({ source: true, model: false }),
    validate: (job, facts) => {
      const a = job.animation;
      return (
        checkFrameCount(a.frames) ??
        checkFps(a.fps) ??
        validateGpnnAnimation({ height: facts.images.source![0], width: facts.images.source![1] }, job.params, a) ??
        quickCheckGpnnTask(
          { kind: 'sample', seeds: [a.seed] },
          { source: facts.images.source!, collage: [] },
          job.params,
        )
      );
    },
    title: (job, n) => `GPNN animation of ${n.source} (${job.animation.frames} frames, ${job.animation.coherence})`,
    outputs: (job) => job.animation.frames,
    silence: QUICK,
    playback: (job) => ({ fps: job.animation.fps, loop: job.animation.loop }),
    afterDeviceLoss: RUN_AGAIN,
  },
  'export-animation': {
    fileWords: () => 'animation',
    needs: () => ({ source: false, model: false }),
    validate: (job) => {
      if (job.format !== 'gif' && job.format !== 'png-zip')
        return `Export format must be gif or png-zip (got ${String(job.format)}).`;
      return (
        checkLoopMode(job.loop) ??
        rangeProblem(() => {
          checkExportFrames(job.frames);
          if (job.format === 'gif') checkExportFps(job.fps);
        })
      );
    },
    title: () => 'Export',
    outputs: () => 0,
    silence: QUICK,
    afterDeviceLoss: RUN_AGAIN,
  },
  'singan-train': {
    trains: true,
    fileWords: () => 'singan-training',
    // Resuming reads the training image stored with the model.
    needs: (job) => ({ source: !job.resume, model: Boolean(job.resume) }),
    validate: (job, facts, model) => {
      if (!job.resume)
        return validateSinganConfig(job.config, { height: facts.images.source![0], width: facts.images.source![1] });
      if (model!.sequence) return 'This is a GIF → GIF model: continue its training with GIF → GIF → Train.';
      if (!model!.hasImage)
        return 'This model was imported without its training image, so its training cannot continue; it can still make samples.';
      return validateSinganConfig(model!.config, { height: model!.imageShape[0], width: model!.imageShape[1] });
    },
    title: (job) => `SinGAN training: ${job.name}`,
    outputs: () => 2,
    silence: SINGAN,
    afterDeviceLoss: 'the finished scales are stored: Resume training under Models',
  },
  'singan-sample': {
    fileWords: () => 'singan-sample',
    needs: () => singanUse,
    validate: (job, _f, model) =>
      stillModelOnly(model!) ??
      checkSinganSampleCount(job.seeds.length) ??
      checkSinganSizeFactor(job.heightFactor, job.widthFactor) ??
      checkSinganOutputSize(model!.imageShape, job.heightFactor, job.widthFactor),
    title: (job, n) => `${plural(job.seeds.length, 'SinGAN sample')} · ${n.model(job.modelId)}`,
    outputs: (job) => job.seeds.length,
    silence: SINGAN,
    afterDeviceLoss: RUN_AGAIN,
  },
  'singan-superres': {
    fileWords: (job) => (job ? `singan-superres-x${job.factor}` : 'singan-superres'),
    needs: (job) =>
      job.slot
        ? { ...singanUse, slot: { slot: job.slot, missing: 'Load the image the model was trained on first.' } }
        : singanUse,
    validate: (job, facts, model) => {
      const given = job.slot ? facts.images[job.slot] : undefined;
      return (
        stillModelOnly(model!) ??
        checkSuperResFactor(superResTrainedShape(model!), job.factor) ??
        (given ? checkSuperResInput(model!.imageShape, given) : null)
      );
    },
    title: (job, n) => `SinGAN super-resolution ×${job.factor} · ${n.model(job.modelId)}`,
    outputs: () => 1,
    silence: SINGAN,
    afterDeviceLoss: RUN_AGAIN,
  },
  'singan-inject': {
    fileWords: () => 'singan-inject',
    needs: (job) => ({
      ...singanUse,
      slot: { slot: job.slot, missing: 'Load the image to inject (paint, edit or paste-in) in the slot above.' },
    }),
    validate: (job, _f, model) => stillModelOnly(model!) ?? checkInjectScale(job.startScale, model!.scalesDone),
    title: (job, n) => `SinGAN injection at scale ${job.startScale} · ${n.model(job.modelId)}`,
    outputs: () => 1,
    silence: SINGAN,
    afterDeviceLoss: RUN_AGAIN,
  },
  'singan-animate': {
    fileWords: () => 'singan-animation',
    needs: () => singanUse,
    validate: (job, _f, model) => {
      // A GIF → GIF model walks too: its frame-0 path, the baseline its animations are compared with.
      const a = job.animation;
      return (
        checkWalkStartScale(a.startScale, model!.scalesDone) ??
        checkWalkBeta(a.beta) ??
        checkFrameCount(a.frames) ??
        checkFps(a.fps) ??
        checkLoopMode(a.loop)
      );
    },
    title: (job, n) => `SinGAN animation (${job.animation.frames} frames) · ${n.model(job.modelId)}`,
    outputs: (job) => job.animation.frames,
    silence: SINGAN,
    playback: (job) => ({ fps: job.animation.fps, loop: job.animation.loop }),
    afterDeviceLoss: RUN_AGAIN,
  },
  'gif2gif-train': {
    trains: true,
    fileWords: () => 'gif2gif-training',
    // Resuming reads the frames stored with the model.
    needs: (job) => ({ source: !job.resume, model: Boolean(job.resume) }),
    validate: (job, facts, model) => {
      if (job.resume) {
        if (!model!.sequence) return 'This model was trained on a still image: continue it with SinGAN → Train.';
        if (!model!.hasImage)
          return 'This model was imported without its training frames, so its training cannot continue; it can still make animations.';
        return validateSinganConfig(model!.config, { height: model!.imageShape[0], width: model!.imageShape[1] });
      }
      const frames = facts.frames?.source ?? 1;
      if (frames < 2)
        return 'GIF → GIF learns motion: load an animated GIF (or animated WebP/APNG) with 2 to 32 frames. This image is a still.';
      const [height, width] = facts.images.source!;
      // The decoder gives every frame the working image's size.
      return (
        validateSinganConfig(job.config, { height, width }) ??
        validateSequence(
          Array.from({ length: frames }, () => ({ height, width })),
          job.sequence,
        )
      );
    },
    title: (job) => `GIF → GIF training (${job.sequence.variant}): ${job.name}`,
    outputs: () => 2,
    silence: SINGAN,
    afterDeviceLoss: 'the finished scales are stored: Resume training under Models',
  },
  'gif2gif-generate': {
    comparesWithSource: true,
    fileWords: () => 'gif2gif-animation',
    needs: () => singanUse,
    validate: (job, _f, model) => {
      if (!model!.sequence)
        return 'This model was trained on a still image: pick a GIF → GIF model (or use SinGAN → Animation for a noise walk).';
      const a = job.animation;
      return (
        checkSequenceStartScale(a.startScale ?? 0, model!.scalesDone) ??
        checkFrameCount(a.frames) ??
        checkFps(a.fps) ??
        checkLoopMode(a.loop)
      );
    },
    title: (job, n) =>
      `GIF → GIF animation (${job.animation.frames} frames${job.animation.startScale ? `, varied from scale ${job.animation.startScale}` : ''}${job.animation.reverse ? ', reversed' : ''}) · ${n.model(job.modelId)}`,
    outputs: (job) => job.animation.frames,
    silence: SINGAN,
    playback: (job) => ({ fps: job.animation.fps, loop: job.animation.loop }),
    afterDeviceLoss: RUN_AGAIN,
  },
};

/** The registry entry of a job, typed for that job. */
export function kindOf<J extends JobSpec>(job: J): JobKindInfo<J> {
  return JOB_KINDS[job.kind] as unknown as JobKindInfo<J>;
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
