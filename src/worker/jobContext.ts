import type { GpnnImages } from '../engine/gpnn/gpnnTask';
import type { RgbImage } from '../engine/image/rgbImage';
import type { JobProgress, MetricName, SearchChosen, SinganLossPoint } from '../protocol/messages';
import type { ModelSummary } from '../protocol/facts';
import type { ImageSlot } from '../protocol/images';
import type { Runtime } from './runtime';

/** What a job gets from the worker: its inputs, a cancel signal and the ways to stream results out. */
export interface JobContext {
  readonly runtime: Runtime;
  /** The loaded source image; reading it without one throws the user's "Load an image first." */
  readonly source: RgbImage;
  /** Every loaded image, for tasks that take more than the source (throws as `source` without one). */
  readonly images: GpnnImages;
  /** The image in a slot, when one is loaded. */
  image(slot: ImageSlot): RgbImage | undefined;
  /** An animated image's frames in a slot (frame 0 is `image(slot)` itself); undefined for a still or an empty slot. */
  frames(slot: ImageSlot): readonly RgbImage[] | undefined;
  readonly signal: AbortSignal;
  emitScale(output: number, level: number, depth: number, image: RgbImage, label: string, ms?: number): void;
  emitOutput(output: number, image: RgbImage, label: string, seed: number | null, warning?: string): void;
  emitMetric(output: number, level: number | null, name: MetricName, value: number, atMs?: number): void;
  emitProgress(
    done: number,
    total: number,
    stage: string,
    more?: Pick<JobProgress, 'unitMs' | 'training' | 'provisional'>,
  ): void;
  emitSearch(search: Omit<SearchChosen, 'jobId'>): void;
  emitLosses(scale: number, points: readonly SinganLossPoint[]): void;
  emitPreview(preview: {
    scale: number;
    scales: number;
    iteration: number;
    iterations: number;
    sample: RgbImage;
    reconstruction: RgbImage;
  }): void;
  emitFile(name: string, mime: string, blob: Blob): void;
  emitModelSaved(model: ModelSummary): void;
  /** Waits the job's pacing delay (if any); rejects as soon as the job is cancelled. */
  pace(): Promise<void>;
  /** Resolves at once unless the user paused the job, then when they resume; rejects when the job is cancelled. */
  checkpoint(): Promise<void>;
}

export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve(signal.throwIfAborted());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort reason, as signal.throwIfAborted() throws it
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** What a runner reports besides its streamed results. */
export interface RunnerResult {
  /** Peak tfjs memory of the job, for jobs that measure it. */
  readonly tfPeakBytes?: number | null;
}

export type Runner<J> = (job: J, ctx: JobContext) => Promise<RunnerResult | void>;

/**
 * A feature's worker half (its folder's runners.ts): one runner per kind of
 * the family's job union, so a kind without a runner does not compile.
 */
export type RunnerTable<J extends { readonly kind: string }> = {
  readonly [K in J['kind']]: Runner<Extract<J, { kind: K }>>;
};
