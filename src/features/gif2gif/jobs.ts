import type { SinganConfig } from '../../engine/singan/singanConfig';
import type { SequenceOptions } from '../../engine/gif2gif/sequenceConfig';
import type { AnimationParams } from '../../protocol/jobs';

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
