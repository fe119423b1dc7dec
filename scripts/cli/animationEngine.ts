/**
 * What `animate` (animate.ts) asks of each engine. The engines belong to their feature folders
 * (src/features/<family>/cliAnimate.ts, listed by the folder's cli.ts as `animations`); this module holds only the
 * shape, so they need not import animate.ts.
 */
import type { LoopMode } from '../../src/protocol/jobs';
import type { JobSpec } from '../../src/features';
import type { ImageSlot } from '../../src/protocol/images';
import type { HeadlessStudio, LoadedImage } from '../lib/headlessStudio';
import type { Flags } from './args';

/** What `animate` needs from an engine: its inputs and its job, decided before the browser starts so bad arguments fail fast. */
export interface AnimationEngine {
  /** The word after `animate`; unique across the feature folders. */
  readonly name: string;
  /** Its synopsis lines and option sections in the usage text, as CliCommand's. */
  readonly usage: readonly string[];
  readonly help: readonly string[];
  /** Checks the engine's own options (UsageError on a bad one) and says what to load and run. */
  prepare(values: Flags, animation: AnimationOptions): AnimationPlan;
}

export interface AnimationOptions {
  readonly frames: number;
  readonly fps: number;
  readonly loop: LoopMode;
  readonly seed: number;
}

export interface AnimationPlan {
  /** Images to load into the worker first (path per slot). */
  readonly inputs: readonly { slot: ImageSlot; path: string }[];
  /** Anything else the worker needs before the job (e.g. a model to import). */
  setup?(studio: HeadlessStudio): Promise<void>;
  /** The job, given the loaded images. */
  job(loaded: readonly LoadedImage[]): JobSpec;
  /** Engine-specific settings for the report. */
  readonly report: Record<string, unknown>;
}
