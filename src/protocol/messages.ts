/**
 * The one message protocol between the page and the engine worker. Every
 * message either way is a member of `ToWorker` or `FromWorker`; image pixels
 * travel as transferable buffers, never as copies.
 */
import type { GpnnParams } from '../engine/gpnn/gpnnParams';
import type { GpnnTaskSpec } from '../engine/gpnn/gpnnTask';
import type { PyramidParams } from '../engine/pyramid/pyramidShape';

export const PROTOCOL_VERSION = 1;

/** Pixels for display: opaque RGBA8, row-major, (height, width). */
export interface RgbaPixels {
  readonly height: number;
  readonly width: number;
  readonly rgba: Uint8ClampedArray;
}

export type BackendKind = 'webgpu' | 'cpu';

export interface BackendInfo {
  readonly kind: BackendKind;
  /** WebGPU adapter name, or the tfjs fallback backend's name. */
  readonly adapter: string;
  /** The tfjs backend registered on the engine's device. */
  readonly tfBackend: string;
  /** Why WebGPU is not in use, when it is not. */
  readonly fallbackReason?: string;
  readonly features: readonly string[];
}

// ---------------------------------------------------------------- jobs

export interface PyramidJob {
  readonly kind: 'pyramid';
  readonly params: PyramidParams;
}

export interface GpnnJob {
  readonly kind: 'gpnn';
  readonly task: GpnnTaskSpec;
  readonly params: GpnnParams;
  /** Compute SIFID of every streamed scale against the source at that scale (default true). */
  readonly sifid?: boolean;
}

/** SIFID of each fake image against one real image: files (decoded in the worker at full size) or pixels. */
export interface SifidJob {
  readonly kind: 'sifid';
  readonly real: Blob | RgbaPixels;
  readonly fakes: readonly (Blob | RgbaPixels)[];
}

export type JobSpec = PyramidJob | GpnnJob | SifidJob;
export type JobKind = JobSpec['kind'];

export interface JobOptions {
  /** Extra wait after each streamed scale, in ms. Lets tests and demos watch a job mid-flight. */
  readonly pacingMs?: number;
}

// ---------------------------------------------------------------- images

/** Where a loaded image goes: the source, the structure of an analogy, or one of the collage images. */
export type ImageSlot = 'source' | 'structure' | 'collage1' | 'collage2' | 'collage3';
export const COLLAGE_SLOTS = ['collage1', 'collage2', 'collage3'] as const satisfies readonly ImageSlot[];

// ---------------------------------------------------------------- page → worker

export type ToWorker =
  | { readonly type: 'init'; readonly preferCpu?: boolean }
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
  /** Fault injection, used by the e2e tests to prove recovery paths. */
  | { readonly type: 'debug-fault'; readonly fault: 'crash' | 'exit' | 'lose-device' };

// ---------------------------------------------------------------- worker → page

export type ErrorCode =
  | 'not-an-image'
  | 'corrupt-image'
  | 'image-too-small'
  | 'image-too-large'
  | 'no-image'
  | 'bad-params'
  | 'device-lost'
  | 'internal';

export interface ImageLoaded {
  readonly requestId: number;
  readonly slot: ImageSlot;
  readonly name: string;
  readonly original: { readonly height: number; readonly width: number };
  readonly working: RgbaPixels;
  /** Set when the working copy was downscaled from the original. */
  readonly downscaled: boolean;
}

export interface JobProgress {
  readonly jobId: number;
  /** Finished units of work / total units, e.g. scales. */
  readonly done: number;
  readonly total: number;
  readonly stage: string;
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
}

/** A quality figure of one output (at one scale, or of the whole image when level is null). */
export interface MetricReady {
  readonly jobId: number;
  readonly output: number;
  readonly level: number | null;
  readonly name: 'sifid';
  readonly value: number;
}

export interface JobStats {
  /** Largest total of the engine's own GPU buffers during the job (null on the CPU backend). */
  readonly gpuPeakBytes: number | null;
}

export type FromWorker =
  | { readonly type: 'ready'; readonly protocol: number; readonly backend: BackendInfo }
  | { readonly type: 'pong'; readonly seq: number }
  | ({ readonly type: 'image-loaded' } & ImageLoaded)
  | { readonly type: 'image-error'; readonly requestId: number; readonly code: ErrorCode; readonly message: string }
  | ({ readonly type: 'progress' } & JobProgress)
  | ({ readonly type: 'scale' } & ScaleReady)
  | ({ readonly type: 'output' } & OutputReady)
  | ({ readonly type: 'metric' } & MetricReady)
  | { readonly type: 'job-done'; readonly jobId: number; readonly elapsedMs: number; readonly stats: JobStats }
  | { readonly type: 'job-cancelled'; readonly jobId: number }
  | { readonly type: 'job-error'; readonly jobId: number; readonly code: ErrorCode; readonly message: string }
  | { readonly type: 'device-lost'; readonly message: string }
  /** The engine could not start at all (not even on the CPU). */
  | { readonly type: 'fatal'; readonly message: string };

/** The buffers a message can hand over instead of copying. */
export function transferablesOf(msg: FromWorker | ToWorker): Transferable[] {
  if (msg.type === 'image-loaded') return [msg.working.rgba.buffer as ArrayBuffer];
  if (msg.type === 'scale' || msg.type === 'output') return [msg.pixels.rgba.buffer as ArrayBuffer];
  return [];
}

export function isFromWorker(value: unknown): value is FromWorker {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
