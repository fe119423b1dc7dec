import type { Tf, tfc } from './tfTypes';

/**
 * WGAN-GP as the public code computes it: one interpolation factor for the
 * whole image, the gradient of ΣD w.r.t. the interpolate, its L2 norm over
 * channels at each pixel, weight·mean((‖∇‖ − 1)²). Built to be
 * differentiated again w.r.t. D's weights (the caller's outer gradient).
 */
export function gradientPenalty(
  tf: Tf,
  d: (x: tfc.Tensor4D) => tfc.Tensor,
  real: tfc.Tensor4D,
  fake: tfc.Tensor4D,
  alpha: number,
  weight: number,
): tfc.Scalar {
  const interpolate = tf.add<tfc.Tensor4D>(tf.mul(real, alpha), tf.mul(fake, 1 - alpha));
  const grad = tf.grad((x: tfc.Tensor) => tf.sum(d(x as tfc.Tensor4D)))(interpolate);
  // A tiny floor keeps sqrt's derivative finite where a gradient vanishes (PyTorch's norm uses 0 there).
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(grad), 3), 1e-12));
  return tf.mul<tfc.Scalar>(tf.mean(tf.square(tf.sub(norm, 1))), weight);
}
