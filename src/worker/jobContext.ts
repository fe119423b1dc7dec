import type { GpnnImages } from '../engine/gpnn/gpnnTask';
import type { RgbImage } from '../engine/image/rgbImage';
import type { Runtime } from './runtime';

/** What a job gets from the worker: its inputs, a cancel signal and the ways to stream results out. */
export interface JobContext {
  readonly runtime: Runtime;
  readonly source: RgbImage;
  /** Every loaded image, for tasks that take more than the source. */
  readonly images: GpnnImages;
  readonly signal: AbortSignal;
  emitScale(output: number, level: number, depth: number, image: RgbImage, label: string, ms?: number): void;
  emitOutput(output: number, image: RgbImage, label: string, seed: number | null): void;
  emitMetric(output: number, level: number | null, name: 'sifid', value: number): void;
  emitProgress(done: number, total: number, stage: string): void;
  /** Waits the job's pacing delay (if any); rejects as soon as the job is cancelled. */
  pace(): Promise<void>;
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
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
