import type * as tfc from '@tensorflow/tfjs-core';

/** The tfjs namespace, passed in so engine code does not pick a backend or bundle. */
type Tf = typeof tfc;

/**
 * Which positions attend to each other: 'rows' = each row attends over its W
 * positions; 'cols' = each column attends over its H positions.
 */
export type AttentionAxis = 'rows' | 'cols';

/**
 * The attention core of one axis, as tfjs ops (differentiable to any order):
 * out[h,w,:] = Σ_j softmax_j(q[h,w]·k[j]/√C) · v[j], where j runs over the
 * row (or column) of (h,w). q, k, v and the result are [H, W, C].
 */
export type AxialCore = (q: tfc.Tensor3D, k: tfc.Tensor3D, v: tfc.Tensor3D, axis: AttentionAxis) => tfc.Tensor3D;

export function axialCoreOps(tf: Tf): AxialCore {
  return (q, k, v, axis) =>
    tf.tidy(() => {
      const c = q.shape[2];
      // matMul batches over the leading dimension: rows batch over H, columns over W.
      const t = (x: tfc.Tensor3D) => (axis === 'rows' ? x : tf.transpose(x, [1, 0, 2]));
      const scores = tf.mul(tf.matMul(t(q), t(k), false, true), 1 / Math.sqrt(c));
      const out = tf.matMul<tfc.Tensor3D>(tf.softmax(scores), t(v));
      return axis === 'rows' ? out : tf.transpose(out, [1, 0, 2]);
    });
}
