/**
 * The jobs the page (or the CLI) sends the worker: one spec per job kind,
 * checked by the job registry (src/jobs/jobKinds.ts) where it enters the page
 * and where it enters the worker.
 */
import type { GpnnParams } from '../engine/gpnn/gpnnParams';
import type { GpnnTaskSpec } from '../engine/gpnn/gpnnTask';
import type { PyramidParams } from '../engine/pyramid/pyramidShape';
import type { SinganConfig } from '../engine/singan/singanConfig';
import type { SuperResFactor } from '../engine/singan/singanUseLimits';
import type { SequenceOptions } from '../engine/gif2gif/sequenceConfig';
import type { ImageSlot, RgbaPixels } from './images';

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

/** How an animation plays (and exports): frames at fps, looping, or forwards then backwards. */
export type LoopMode = 'loop' | 'pingpong';

export interface AnimationParams {
  readonly frames: number;
  readonly fps: number;
  readonly loop: LoopMode;
  readonly seed: number;
}

/** GPNN animation: a smoothly varying coarse noise; 'temporal' starts each frame from the previous one, 'independent' does not (the flicker baseline). */
export interface GpnnAnimateJob {
  readonly kind: 'gpnn-animate';
  readonly params: GpnnParams;
  readonly animation: AnimationParams & { readonly coherence: 'temporal' | 'independent' };
}

/** SinGAN training on the source image; the model is saved (IndexedDB, in the worker) after every finished scale. */
export interface SinganTrainJob {
  readonly kind: 'singan-train';
  readonly config: SinganConfig;
  /** The stored model to write (new) or to continue (resume). */
  readonly modelId: string;
  readonly name: string;
  /** Continue a stored model from its last finished scale instead of starting afresh. */
  readonly resume?: boolean;
  /** SIFID of each finished scale's sample (and reconstruction) against the real image at that scale (default true). */
  readonly sifid?: boolean;
}

export interface SinganSampleJob {
  readonly kind: 'singan-sample';
  readonly modelId: string;
  readonly seeds: readonly number[];
  /** Output size as factors of the training size (the coarsest noise map is scaled). */
  readonly heightFactor: number;
  readonly widthFactor: number;
}

/** SinGAN's super-resolution (docs/algorithms.md, "Super-resolution"). */
export interface SinganSuperResJob {
  readonly kind: 'singan-superres';
  readonly modelId: string;
  readonly factor: SuperResFactor;
  /**
   * The image to upsample, when it is loaded: the image the model was trained
   * on (the CLI's --input). Without it the worker starts from the training
   * image stored with the model, or, for an imported model that carries none,
   * from the model's reconstruction of it.
   */
  readonly slot?: ImageSlot;
}

/** Paint-to-image, editing, harmonisation: a user image injected at a scale instead of noise. */
export interface SinganInjectJob {
  readonly kind: 'singan-inject';
  readonly modelId: string;
  /** The loaded image to inject (the studio uses the 'structure' slot for it). */
  readonly slot: ImageSlot;
  /** SinGAN scale index, 0 = coarsest. */
  readonly startScale: number;
  readonly seed: number;
}

/** Random walk in noise space, z_t = β·z_{t−1} + (1−β)·ε, from the reconstruction noise, injected at startScale. */
export interface SinganAnimateJob {
  readonly kind: 'singan-animate';
  readonly modelId: string;
  readonly animation: AnimationParams & { readonly beta: number; readonly startScale: number };
}

/**
 * GIF → GIF: SinGAN with a ConvLSTM over time (docs/algorithms.md, "GIF → GIF overview"), trained on the
 * source slot's frames (an animated image); stored after every finished
 * scale like a SinGAN model, and resumable from the frames stored with it.
 */
export interface Gif2gifTrainJob {
  readonly kind: 'gif2gif-train';
  readonly config: SinganConfig;
  readonly sequence: SequenceOptions;
  readonly modelId: string;
  readonly name: string;
  readonly resume?: boolean;
  /** SIFID of each finished scale's first frames against the real ones (default true). */
  readonly sifid?: boolean;
}

/** A new animation from a GIF → GIF model: a random sequence per seed, as long as asked (the recurrence continues), optionally reversed. */
export interface Gif2gifGenerateJob {
  readonly kind: 'gif2gif-generate';
  readonly modelId: string;
  /**
   * startScale: the first scale drawn from the seed's noise; the coarser ones
   * keep the source's reconstruction (its layout and motion). 0 or absent:
   * every scale anew.
   */
  readonly animation: AnimationParams & { readonly reverse: boolean; readonly startScale?: number };
}

/** Encodes frames the page holds into a GIF or a zip of PNGs, in the worker. */
export interface ExportAnimationJob {
  readonly kind: 'export-animation';
  readonly format: 'gif' | 'png-zip';
  readonly frames: readonly RgbaPixels[];
  readonly fps: number;
  readonly loop: LoopMode;
  /** File name without extension. */
  readonly name: string;
  /** The animation's recipe (encodeRecipeComment): the GIF's comment; in a PNG zip, each frame's iTXt with its frame index. */
  readonly comment?: string;
}

export type JobSpec =
  | PyramidJob
  | GpnnJob
  | SifidJob
  | GpnnAnimateJob
  | SinganTrainJob
  | SinganSampleJob
  | SinganSuperResJob
  | SinganInjectJob
  | SinganAnimateJob
  | Gif2gifTrainJob
  | Gif2gifGenerateJob
  | ExportAnimationJob;
export type JobKind = JobSpec['kind'];

/** Test hooks: honoured only by test builds (__TEST_HOOKS__); a production worker ignores them. */
export interface JobOptions {
  /** Extra wait after each streamed scale, in ms: lets tests watch a job mid-flight. */
  readonly pacingMs?: number;
  /** Blocks the worker's thread this long at the first streamed scale, in ms: a job as silent as a slow machine makes it. */
  readonly stallMs?: number;
}
