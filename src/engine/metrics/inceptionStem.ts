// The InceptionV3 stem as tfjs ops. Backend-agnostic: only core ops that every
// backend implements (webgpu in the studio's worker, cpu in Node tests).

import type * as tfc from '@tensorflow/tfjs-core';

import type { RgbImage } from '../image/rgbImage';
import { assertRgbImage } from './image';
import type { InceptionStemWeights } from './inceptionStemWeights';
import {
  STEM_BN_EPSILON,
  STEM_INPUT_OFFSET,
  STEM_INPUT_SCALE,
  STEM_MAX_POOL,
  STEM_MIN_INPUT_SIZE,
  stemOutputSize,
} from './stemArchitecture';
import { formatSize } from '../image/formatSize';

/** The tfjs namespace, passed in so this module does not pick a backend or bundle. */
export type Tf = typeof tfc;

export interface InceptionStem {
  /** Features [h', w', 192] of one image; the caller owns (and disposes) the tensor. */
  features(image: RgbImage): tfc.Tensor3D;
  /** Frees the weight tensors. */
  dispose(): void;
}

export class StemInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'StemInputError';
  }
}

export function assertStemInput(image: RgbImage, what = 'image'): void {
  assertRgbImage(image, what);
  if (image.height < STEM_MIN_INPUT_SIZE || image.width < STEM_MIN_INPUT_SIZE) {
    throw new StemInputError(
      `${what} is ${formatSize(image.width, image.height)} px; the Inception stem needs at least ` +
        `${formatSize(STEM_MIN_INPUT_SIZE, STEM_MIN_INPUT_SIZE)} px (it does not resize)`,
    );
  }
}

interface FoldedLayer {
  filter: tfc.Tensor4D;
  bias: tfc.Tensor1D;
  stride: number;
  padding: 'valid' | 'same';
  maxPoolAfter: boolean;
}

/**
 * Inference BatchNorm without gamma is an affine map per output channel, so it
 * folds into the conv: one fused conv+bias+ReLU per layer instead of three ops
 * and two extra feature-map round trips. Folded in float64, rounded once.
 */
function foldBatchNorm(layer: InceptionStemWeights['layers'][number]): { filter: Float32Array; bias: Float32Array } {
  const outChannels = layer.spec.kernelShape[3];
  const scale = new Float64Array(outChannels);
  const bias = new Float32Array(outChannels);
  for (let c = 0; c < outChannels; c++) {
    scale[c] = 1 / Math.sqrt(layer.movingVariance[c] + STEM_BN_EPSILON);
    bias[c] = layer.beta[c] - layer.movingMean[c] * scale[c];
  }
  const filter = new Float32Array(layer.kernel.length);
  // Kernel layout [kh, kw, in, out]: the output channel is the fastest axis.
  for (let i = 0; i < filter.length; i++) filter[i] = layer.kernel[i] * scale[i % outChannels];
  return { filter, bias };
}

export function createInceptionStem(tf: Tf, weights: InceptionStemWeights): InceptionStem {
  const layers: FoldedLayer[] = weights.layers.map((layer) => {
    const { filter, bias } = foldBatchNorm(layer);
    return {
      filter: tf.tensor4d(filter, [...layer.spec.kernelShape]),
      bias: tf.tensor1d(bias),
      stride: layer.spec.stride,
      padding: layer.spec.padding,
      maxPoolAfter: layer.spec.maxPoolAfter,
    };
  });
  let disposed = false;

  return {
    features(image: RgbImage): tfc.Tensor3D {
      if (disposed) throw new Error('InceptionStem used after dispose()');
      assertStemInput(image);
      const out = stemOutputSize(image.height, image.width);
      return tf.tidy(() => {
        const pixels = tf.tensor4d(image.data, [1, image.height, image.width, 3]);
        let x: tfc.Tensor4D = tf.add(tf.mul(pixels, STEM_INPUT_SCALE), STEM_INPUT_OFFSET);
        for (const layer of layers) {
          x = tf.fused.conv2d({
            x,
            filter: layer.filter,
            strides: layer.stride,
            pad: layer.padding,
            bias: layer.bias,
            activation: 'relu',
          });
          if (layer.maxPoolAfter) x = tf.maxPool(x, STEM_MAX_POOL.size, STEM_MAX_POOL.stride, STEM_MAX_POOL.padding);
        }
        return tf.reshape(x, [out.height, out.width, x.shape[3]]);
      });
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const layer of layers) {
        layer.filter.dispose();
        layer.bias.dispose();
      }
    },
  };
}
