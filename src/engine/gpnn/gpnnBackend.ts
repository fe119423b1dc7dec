import type { Voting } from '../patches/voting';
import type { ResampleStep } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';

export interface NearestFoldOptions {
  readonly patchSize: number;
  readonly alpha: number;
  readonly distance: 'l2' | 'sq';
  /** Per key patch of `keys`: 1 = never pick it (e.g. it overlaps a hole or a remove-mask). */
  readonly excludedKeys?: Uint32Array;
  /** Per key: multiplier on alpha in the normaliser; < 1 favours the key in completeness (keep-masks). */
  readonly keyAlphaScale?: Float32Array;
  /** Exact two-pass search, or PatchMatch. */
  readonly nn: 'exact' | 'patchmatch';
  /** PatchMatch: rounds per search. */
  readonly pmRounds: number;
  /** PatchMatch: seed of this step's random draws. */
  readonly seed: number;
  /**
   * PatchMatch: start from the field this backend's previous search produced
   * (same query and key grids: the previous iteration at this scale), which is
   * what makes PatchMatch converge in a few rounds.
   */
  readonly warmStart: boolean;
  /** How each pixel takes its value from the patches covering it; default 'mean'. */
  readonly vote?: Voting;
}

/**
 * What GPNN needs from a compute backend, over opaque image handles so the
 * GPU backend can keep every intermediate on the device and only read back
 * one image per scale. The CPU backend's handles are plain RgbImages.
 */
/** Which exact search a backend runs (the same answer from each; reports name it). */
export type ExactSearchKind = 'wgsl-blocked' | 'wasm-gemm' | 'js-blocked';

export interface GpnnBackend<Img> {
  readonly kind: 'webgpu' | 'cpu';
  readonly exactSearch: ExactSearchKind;
  upload(image: RgbImage): Img;
  download(image: Img): Promise<RgbImage>;
  shape(image: Img): readonly [height: number, width: number];
  /** Separable resampling passes in order (a pyramid level's, from the level before). */
  resample(image: Img, steps: readonly ResampleStep[]): Img;
  resize(image: Img, height: number, width: number): Img;
  /**
   * One GPNN step: every query patch of `query` takes the value patch
   * (from `values`, same grid as `keys`) of its best key under
   * D/(alpha + min over queries of D), and the chosen patches are averaged.
   * Returns the folded image (query's size). A GPU backend only records the
   * work and resolves at once; the CPU backend computes in slices and yields
   * between them so its worker keeps answering messages.
   */
  nearestFold(query: Img, keys: Img, values: Img, options: NearestFoldOptions): Promise<Img>;
  release(image: Img): void;
  /** Resolves when all work issued so far has finished; the point where a cancel takes effect. */
  settle(): Promise<void>;
}
