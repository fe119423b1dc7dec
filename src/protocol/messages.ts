/**
 * The one message protocol between the page and the engine worker. Every
 * message either way is a member of `ToWorker` or `FromWorker`; image pixels
 * travel as transferable buffers, never as copies.
 */
import type { ExactSearchKind } from '../engine/gpnn/gpnnBackend';
import type { SearchSpeed } from '../engine/gpnn/searchChoice';
import type { ImageSlot, RgbaPixels } from './images';
import type { JobOptions } from './jobs';
import type { JobSpec } from '../features';
import type { BackendKind, ErrorCode, ModelSummary } from './facts';

/** Bumped whenever a message changes meaning: a page and a worker from different builds refuse each other (EngineClient). */
export const PROTOCOL_VERSION = 5;

/** What the user asks for: 'auto' takes a hardware GPU when there is one, else wasm (startRuntime). */
export type BackendChoice = 'auto' | BackendKind;

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm', 'cpu'];

export function isBackendChoice(v: unknown): v is BackendChoice {
  return typeof v === 'string' && (BACKEND_CHOICES as readonly string[]).includes(v);
}

/** The `?backend=` parameter; anything else (or nothing) is 'auto'. */
export function backendChoiceOf(param: string | null | undefined): BackendChoice {
  return isBackendChoice(param) ? param : 'auto';
}

/** Most WebAssembly threads a page may ask for: the threaded build starts this many pthread workers. */
export const MAX_WASM_THREADS = 8;

/** The `?threads=` parameter: a whole number of WebAssembly threads, 1 to MAX_WASM_THREADS; anything else is automatic (undefined). */
export function wasmThreadsOf(param: string | null | undefined): number | undefined {
  const n = Number(param);
  return param && Number.isInteger(n) && n >= 1 && n <= MAX_WASM_THREADS ? n : undefined;
}

export const BACKEND_NAMES: Readonly<Record<BackendChoice, string>> = {
  auto: 'the automatic choice',
  webgpu: 'WebGPU',
  wasm: 'WebAssembly (CPU)',
  cpu: 'plain JavaScript (CPU)',
};

export interface BackendInfo {
  readonly kind: BackendKind;
  /** WebGPU adapter name, or a description of the CPU path. */
  readonly adapter: string;
  /** The tfjs backend in use. */
  readonly tfBackend: string;
  /** Why WebGPU is not in use, when it is not. */
  readonly fallbackReason?: string;
  readonly features: readonly string[];
  /** webgpu only: the adapter renders on the CPU (SwiftShader, lavapipe…), so it is no faster than the CPU path. */
  readonly software?: boolean;
  /** wasm only: XNNPACK's threads (more than 1 only when the page is cross-origin isolated). */
  readonly threads?: number;
}

// ---------------------------------------------------------------- stored SinGAN models

export type ModelAction =
  | { readonly kind: 'list' }
  | { readonly kind: 'delete'; readonly modelId: string }
  | { readonly kind: 'export'; readonly modelId: string }
  | { readonly kind: 'import'; readonly file: Blob; readonly name: string };

// ---------------------------------------------------------------- page → worker

export type ToWorker =
  /** assetBase: absolute URL of the site's root (models, examples), which the worker cannot know under a sub-path. */
  | {
      readonly type: 'init';
      readonly backend?: BackendChoice;
      /** WebAssembly threads asked for (`?threads=`); absent: one per physical core (wasmBackend.ts). */
      readonly wasmThreads?: number;
      readonly assetBase?: string;
    }
  | { readonly type: 'ping'; readonly seq: number }
  | {
      readonly type: 'load-image';
      readonly requestId: number;
      readonly slot: ImageSlot;
      readonly file: Blob;
      readonly name: string;
      /** Longer side of the working copy; larger images are downscaled to it. */
      readonly workingMaxSide: number;
    }
  | { readonly type: 'drop-image'; readonly slot: ImageSlot }
  | { readonly type: 'start-job'; readonly jobId: number; readonly job: JobSpec; readonly options?: JobOptions }
  | { readonly type: 'cancel-job'; readonly jobId: number }
  | { readonly type: 'pause-job'; readonly jobId: number; readonly paused: boolean }
  /** Stored SinGAN models: list, delete, export to a file, import a file. Always answered with the updated list. */
  | { readonly type: 'models'; readonly requestId: number; readonly action: ModelAction }
  /** Fault injection for the e2e tests' recovery paths; only test builds act on it. */
  | { readonly type: 'debug-fault'; readonly fault: 'crash' | 'exit' | 'lose-device' };

// ---------------------------------------------------------------- worker → page

/** An animated image's frames (GIF, animated WebP, APNG), each at the image's working size. */
export interface AnimationFrames {
  /**
   * The frames used, in order: 2 to ANIMATION_INPUT_FRAMES.max. frames[0] is
   * the image's `working` itself, the same object (structured cloning keeps
   * it one object, one buffer), so every still-image task reads frame 0.
   */
  readonly frames: readonly RgbaPixels[];
  /** How long each frame shows, in ms, as browsers play it (a stored 0–10 ms plays as 100). */
  readonly delaysMs: readonly number[];
  /** Frames in the file: more than frames.length when the rest were left out. */
  readonly totalFrames: number;
}

export interface ImageLoaded {
  readonly requestId: number;
  readonly slot: ImageSlot;
  readonly name: string;
  readonly original: { readonly height: number; readonly width: number };
  readonly working: RgbaPixels;
  /** Set when the working copy was downscaled from the original. */
  readonly downscaled: boolean;
  /** Present when the file is an animation whose frames were decoded. */
  readonly animation?: AnimationFrames;
  /** How the file was read, when the user should know (an animation this browser opens only as a still). */
  readonly notice?: string;
}

export interface JobProgress {
  readonly jobId: number;
  /** Finished units of work / total units, in the job's cost units where it has a cost model (equal units, about equal time). */
  readonly done: number;
  readonly total: number;
  readonly stage: string;
  /** The cost model's milliseconds per unit, where it is absolute (GPNN's units come from the device's measured speed). */
  readonly unitMs?: number;
  /** Training jobs: where the training is. */
  readonly training?: TrainingPosition;
  /** How the work left splits is still the cost model's guess, unchecked by measurement (a training before its second scale): the page waits before showing a time. */
  readonly provisional?: boolean;
}

export interface TrainingPosition {
  /** 0 = coarsest. */
  readonly scale: number;
  readonly scales: number;
  /** Iterations finished in this scale. */
  readonly iteration: number;
  readonly iterations: number;
  /** Iterations between previews (0 = none); each scale's last iteration previews too. */
  readonly previewEvery: number;
}

/** GPNN's nearest-neighbour search for one job, decided before its first step (searchChoice.ts). */
export interface SearchChosen {
  readonly jobId: number;
  readonly nn: 'exact' | 'patchmatch';
  /** The studio chose (the job asked for 'auto'), rather than the user. */
  readonly auto: boolean;
  /** One sentence: what runs and why. */
  readonly reason: string;
  /** Estimated milliseconds of the whole job under each search, from this device's measured speed. */
  readonly exactMs: number;
  readonly patchMatchMs: number;
  /** The measured speed the estimates come from (kept by benchmarks to check the ETA model against real timings). */
  readonly speed: SearchSpeed;
  /** Which exact search this backend runs (whether or not it was chosen): the WGSL kernel, XNNPACK's GEMM on wasm, or the blocked float64 search in JavaScript. */
  readonly exactSearch: ExactSearchKind;
}

export interface ScaleReady {
  readonly jobId: number;
  /** Which output of the job this scale belongs to (e.g. the sample index); 0 for single-output jobs. */
  readonly output: number;
  /** Pyramid level: 0 is the finest (the working image), larger is coarser. */
  readonly level: number;
  readonly depth: number;
  readonly label: string;
  readonly pixels: RgbaPixels;
  /** Compute time spent on this scale, in ms (for per-scale timing reports). */
  readonly ms?: number;
}

/** A finished output of a job (one sample, one retargeted image, …). */
export interface OutputReady {
  readonly jobId: number;
  readonly output: number;
  readonly label: string;
  /** The seed that reproduces this output, when it is random. */
  readonly seed: number | null;
  readonly pixels: RgbaPixels;
  /** Said beside the output: what it is not, though it was asked for (a random sample that is the source again). */
  readonly warning?: string;
}

/** A quality figure of one output (at one scale, or of the whole image when level is null). */
/**
 * Metric names: 'sifid' real-vs-fake; SinGAN's study also reports 'sifid-rec'
 * (real vs reconstruction) and 'sifid-rec-fake'; 'flicker' is an animation's
 * mean absolute change between consecutive frames.
 */
export type MetricName =
  | 'sifid'
  | 'sifid-rec'
  | 'sifid-rec-fake'
  | 'flicker'
  /** GIF → GIF: SIFID between the real and the generated frame differences. */
  | 'temporal-sifid'
  /** GIF → GIF: mean motion direction between consecutive frames, degrees (0 right, 90 down), of the generated frames and of the source's. */
  | 'motion-angle'
  | 'source-motion-angle'
  /** GIF → GIF: cosine between the generated and the source's mean motion (1 same way, −1 reversed). */
  | 'motion-agreement'
  /** GIF → GIF: the last-to-first frame change over the mean frame-to-frame change (1: a seamless loop; loopSeam). */
  | 'loop-seam'
  /** The attention study, per variant: pixel std across its samples over the real image's (diversity.ts). */
  | 'diversity'
  /** The attention study: a sample's mean |Δ| to the real image in [0, 1] (0: a copy). */
  | 'mean-abs-diff'
  /** The attention study's super-resolution ×4 and its bicubic baseline against the source at that size (imageQuality.ts). */
  | 'sr-psnr'
  | 'sr-ssim'
  | 'sr-rmse'
  | 'bicubic-psnr'
  | 'bicubic-ssim'
  | 'bicubic-rmse'
  /** The attention study: a variant's training time, ms, all sittings. */
  | 'train-ms';

export interface MetricReady {
  readonly jobId: number;
  readonly output: number;
  readonly level: number | null;
  readonly name: MetricName;
  readonly value: number;
  /** Training time at which it was measured, in ms (SinGAN's SIFID over time). */
  readonly atMs?: number;
}

export interface SinganLossPoint {
  readonly iteration: number;
  readonly dReal: number;
  readonly dFake: number;
  readonly gp: number;
  readonly gAdv: number;
  readonly rec: number;
  /** GIF → GIF's drift penalty, where there is one (SinganLosses.drift). */
  readonly drift?: number;
}

/** A batch of loss values of one scale (sent every few iterations, not every one). */
export interface LossesReady {
  readonly jobId: number;
  /** SinGAN scale index, 0 = coarsest. */
  readonly scale: number;
  readonly points: readonly SinganLossPoint[];
}

export interface TrainingPreview {
  readonly jobId: number;
  readonly scale: number;
  readonly scales: number;
  readonly iteration: number;
  readonly iterations: number;
  readonly sample: RgbaPixels;
  readonly reconstruction: RgbaPixels;
}

/** A file made in the worker (GIF, PNG zip, exported model), ready to download. */
export interface FileReady {
  readonly jobId: number;
  readonly name: string;
  readonly mime: string;
  readonly blob: Blob;
}

export interface JobStats {
  /** Largest total of the engine's own GPU buffers during the job (null on the CPU backend). */
  readonly gpuPeakBytes: number | null;
  /**
   * Largest tfjs memory (bytes of every live tensor) seen during the job. For
   * SinGAN training: the peak within a training iteration, measured on the
   * first iteration of each scale (profiling every one would record every
   * kernel call). Null for jobs that do not measure it.
   */
  readonly tfPeakBytes: number | null;
}

export type FromWorker =
  | { readonly type: 'ready'; readonly protocol: number; readonly backend: BackendInfo }
  | { readonly type: 'pong'; readonly seq: number }
  | ({ readonly type: 'image-loaded' } & ImageLoaded)
  | { readonly type: 'image-error'; readonly requestId: number; readonly code: ErrorCode; readonly message: string }
  | ({ readonly type: 'progress' } & JobProgress)
  | ({ readonly type: 'search-chosen' } & SearchChosen)
  | ({ readonly type: 'scale' } & ScaleReady)
  | ({ readonly type: 'output' } & OutputReady)
  | ({ readonly type: 'metric' } & MetricReady)
  | { readonly type: 'job-done'; readonly jobId: number; readonly elapsedMs: number; readonly stats: JobStats }
  | { readonly type: 'job-cancelled'; readonly jobId: number }
  | { readonly type: 'job-paused'; readonly jobId: number; readonly paused: boolean }
  | ({ readonly type: 'losses' } & LossesReady)
  | ({ readonly type: 'training-preview' } & TrainingPreview)
  | ({ readonly type: 'file' } & FileReady)
  /** A SinGAN model was stored (after a finished scale, or an import). */
  | { readonly type: 'model-saved'; readonly jobId: number | null; readonly model: ModelSummary }
  | {
      readonly type: 'models-result';
      readonly requestId: number;
      readonly models: readonly ModelSummary[];
      readonly file?: { readonly name: string; readonly blob: Blob };
      readonly error?: { readonly code: ErrorCode; readonly message: string };
    }
  | { readonly type: 'job-error'; readonly jobId: number; readonly code: ErrorCode; readonly message: string }
  | { readonly type: 'device-lost'; readonly message: string }
  /** The engine could not start at all (not even on the CPU). */
  | { readonly type: 'fatal'; readonly message: string };

/** Page → worker messages that are answered by one reply with the same requestId. */
export type RequestMessage = Extract<ToWorker, { readonly requestId: number }>;

/** A request as its sender writes it; the client numbers it. */
export type RequestDraft = RequestMessage extends infer R
  ? R extends RequestMessage
    ? Omit<R, 'requestId'>
    : never
  : never;

/** The reply a request of this type gets. */
export type ReplyTo<T extends RequestMessage['type']> = T extends 'load-image'
  ? Extract<FromWorker, { readonly type: 'image-loaded' | 'image-error' }>
  : Extract<FromWorker, { readonly type: 'models-result' }>;

/**
 * The buffers a message hands over instead of copying. Export frames are
 * handed over too: senders give copies of frames they keep.
 */
export function transferablesOf(msg: FromWorker | ToWorker): Transferable[] {
  // A job that carries pixels (frames to export) hands them over, whatever its kind.
  if (msg.type === 'start-job') {
    const frames = (msg.job as { readonly frames?: unknown }).frames;
    return Array.isArray(frames)
      ? (frames as readonly { readonly rgba: Uint8ClampedArray }[]).map((f) => f.rgba.buffer as ArrayBuffer)
      : [];
  }
  if (msg.type === 'image-loaded') {
    // A buffer listed twice is a DataCloneError, and frame 0 is the working image's own.
    const pixels = [msg.working, ...(msg.animation?.frames ?? [])];
    return [...new Set(pixels.map((p) => p.rgba.buffer as ArrayBuffer))];
  }
  if (msg.type === 'scale' || msg.type === 'output') return [msg.pixels.rgba.buffer as ArrayBuffer];
  if (msg.type === 'training-preview')
    return [msg.sample.rgba.buffer as ArrayBuffer, msg.reconstruction.rgba.buffer as ArrayBuffer];
  return [];
}

export function isFromWorker(value: unknown): value is FromWorker {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
