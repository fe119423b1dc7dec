import type { Voting } from '../../engine/patches/voting';
import type { LoopMode } from '../../protocol/jobs';

/**
 * VGPNN (docs/algorithms.md, "VGPNN (space-time patches)"): new animations
 * made of the source slot's own space-time patches, with no training. One
 * animation per seed, each rebuilt coarse to fine from noise at the coarsest
 * level; the outputs are every sample's frames, sample after sample.
 */
export interface VgpnnGenerateJob {
  readonly kind: 'vgpnn-generate';
  /** One sample (a whole animation) per seed, in this order. */
  readonly seeds: readonly number[];
  /** The source's frames are shrunk (never enlarged) to fit this many pixels on their longer side before anything else. */
  readonly maxSide: number;
  /** Frames of each sample: 0.5 to 2 times the source's (the official default is half; the page's, as many). */
  readonly frames: number;
  /** The output's height and width over the (shrunk) source's, 0.5 to 2 each. */
  readonly scale: { readonly height: number; readonly width: number };
  /** Std of the noise added to the coarsest level, in [0, 1] units (default VGPNN_SIGMA, 1.75). */
  readonly sigma: number;
  readonly voting: Voting;
  /** Completeness strength; PLAIN_NN_ALPHA (the default) is the plain nearest neighbour. */
  readonly alpha: number;
  readonly fps: number;
  readonly loop: LoopMode;
  /**
   * Made as a seamless loop: time wraps around at every level, so the last
   * frame flows into the first (docs/algorithms.md, "Seamless loops"). Plays
   * as a loop, never ping-pong. Absent in recipes made before it: false.
   */
  readonly seamless?: boolean;
}

/**
 * Conditional inpainting of an animation (docs/algorithms.md, "Inpainting a
 * video"): one painted hole, the same on every frame, filled across all
 * frames from the source's own space-time patches outside it. One fill per
 * seed (the seed's noise goes into the hole only); the outputs are every
 * fill's frames, fill after fill, at the (shrunk) source's size.
 */
export interface VgpnnInpaintJob {
  readonly kind: 'vgpnn-inpaint';
  /** One fill (a whole animation) per seed, in this order. */
  readonly seeds: readonly number[];
  /** As vgpnn-generate's: the frames are shrunk (never enlarged) to fit this many pixels on their longer side. */
  readonly maxSide: number;
  /** The source's frame count: each fill has as many (the outputs are known before the run). */
  readonly frames: number;
  /** Per pixel of the source's working frame (height × width), MASK_REMOVE: in the hole. */
  readonly labels: Uint8Array;
  /** Per pixel RGBA of the working frame; alpha > 0: the user's rough colour for the hole. */
  readonly colour?: Uint8ClampedArray;
  /** Std of the noise in the hole at the coarsest level, in [0, 1] units: 0 for one fill whatever the seed. */
  readonly sigma: number;
  readonly voting: Voting;
  readonly fps: number;
  readonly loop: LoopMode;
}

export type VgpnnJob = VgpnnGenerateJob | VgpnnInpaintJob;
