// The InceptionV3 stem used for SIFID: everything up to the conv layer before
// the second max-pool (docs/algorithms.md, "SIFID"). Layer names are those of the Keras
// InceptionV3 graph, so the weight extractor, the weight parser and the tfjs
// implementation all agree on one description.

export type StemPadding = 'valid' | 'same';

export interface StemConvSpec {
  /** Keras layer holding the conv kernel (no bias). */
  readonly conv: string;
  /** Keras BatchNormalization layer following the conv (center only, no gamma). */
  readonly bn: string;
  /** [kh, kw, inChannels, outChannels], the Keras/tfjs kernel layout. */
  readonly kernelShape: readonly [number, number, number, number];
  readonly stride: number;
  readonly padding: StemPadding;
  /** InceptionV3 has a 3×3/2 valid max-pool after conv2d_3. */
  readonly maxPoolAfter: boolean;
}

export const STEM_LAYERS: readonly StemConvSpec[] = [
  {
    conv: 'conv2d_1',
    bn: 'batch_normalization_1',
    kernelShape: [3, 3, 3, 32],
    stride: 2,
    padding: 'valid',
    maxPoolAfter: false,
  },
  {
    conv: 'conv2d_2',
    bn: 'batch_normalization_2',
    kernelShape: [3, 3, 32, 32],
    stride: 1,
    padding: 'valid',
    maxPoolAfter: false,
  },
  {
    conv: 'conv2d_3',
    bn: 'batch_normalization_3',
    kernelShape: [3, 3, 32, 64],
    stride: 1,
    padding: 'same',
    maxPoolAfter: true,
  },
  {
    conv: 'conv2d_4',
    bn: 'batch_normalization_4',
    kernelShape: [1, 1, 64, 80],
    stride: 1,
    padding: 'valid',
    maxPoolAfter: false,
  },
  {
    conv: 'conv2d_5',
    bn: 'batch_normalization_5',
    kernelShape: [3, 3, 80, 192],
    stride: 1,
    padding: 'valid',
    maxPoolAfter: false,
  },
];

export const STEM_MAX_POOL = { size: 3, stride: 2, padding: 'valid' as StemPadding } as const;

/**
 * Pixel preprocessing, x' = x·scale + offset for RGB x in [0, 1].
 *
 * Deliberately [0, 1] (identity), not the [−1, 1] of Keras InceptionV3
 * (docs/algorithms.md, "SIFID input range"): nsfwjs trained its InceptionV3 on
 * images rescaled by 1/255, and the BatchNorm moving
 * statistics it ships were re-estimated there. On natural images the stem's
 * per-channel pre-BN statistics match moving_mean/moving_variance for [0, 1]
 * input (variance ratio ≈ 1.0, mean correlation ≈ 0.98 over the 5 layers) and
 * not for [−1, 1] (variance ratio ≈ 4 at conv2d_1). With [0, 1] every BN layer
 * standardises its input as in the trained network. A test guards this.
 */
export const STEM_INPUT_SCALE = 1;
export const STEM_INPUT_OFFSET = 0;

/** Keras BatchNormalization epsilon used throughout InceptionV3. */
export const STEM_BN_EPSILON = 1e-3;

export const STEM_FEATURE_CHANNELS = 192;

function outputLength(input: number, kernel: number, stride: number, padding: StemPadding): number {
  // TensorFlow's definitions; a non-positive result means the window no longer fits.
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - kernel) / stride) + 1;
}

/** Spatial length after the whole stem for one input side (≤ 0: too small). */
export function stemOutputLength(input: number): number {
  let n = input;
  for (const layer of STEM_LAYERS) {
    if (n < 1) return 0;
    n = outputLength(n, layer.kernelShape[0], layer.stride, layer.padding);
    if (layer.maxPoolAfter && n >= 1)
      n = outputLength(n, STEM_MAX_POOL.size, STEM_MAX_POOL.stride, STEM_MAX_POOL.padding);
  }
  return Math.max(n, 0);
}

export function stemOutputSize(height: number, width: number): { height: number; width: number } {
  return { height: stemOutputLength(height), width: stemOutputLength(width) };
}

function smallestValidInput(): number {
  let n = 1;
  while (stemOutputLength(n) < 1) n++;
  return n;
}

/**
 * Smallest image side (pixels) for which the stem yields at least one feature
 * position: 19. Derived from the layer list rather than hard-coded so the two
 * cannot drift apart. Note that SIFID additionally needs ≥ 2 positions in total
 * (a covariance needs two samples), e.g. 19×23.
 */
export const STEM_MIN_INPUT_SIZE: number = smallestValidInput();
