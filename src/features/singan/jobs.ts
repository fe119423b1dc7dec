/** SinGAN's jobs: training a model on the source image, and what a stored model makes. */
import type { SinganConfig } from '../../engine/singan/singanConfig';
import type { SuperResFactor } from '../../engine/singan/singanUseLimits';
import type { ImageSlot } from '../../protocol/images';
import type { AnimationParams } from '../../protocol/jobs';

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
