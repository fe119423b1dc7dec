import type * as tfc from '@tensorflow/tfjs-core';
import type { AttentionAxis, AxialCore } from './axialCore';
import { fusedAxialCore, hasFusedAxialCore } from './fusedAxialCore';

type Tf = typeof tfc;

/**
 * Explicit backward of the axial attention core for an upstream gradient dOut,
 * per line with P = softmax(S), S = Q·Kᵀ/√C:
 *   dV = Pᵀ·dO,  dP = dO·Vᵀ,  dS = P⊙(dP − rowsum(dP⊙P)),  dQ = dS·K/√C,  dK = dSᵀ·Q/√C.
 * Only tfjs ops, so the result can be differentiated again (WGAN-GP's gradient
 * penalty differentiates through it a second time). P is recomputed rather
 * than taken from the forward: the forward may be a WGSL kernel that never
 * forms P, and recomputing keeps the second-order graph purely in ops.
 */
export function axialCoreBackward(
  tf: Tf,
  q: tfc.Tensor3D,
  k: tfc.Tensor3D,
  v: tfc.Tensor3D,
  dOut: tfc.Tensor3D,
  axis: AttentionAxis,
): [tfc.Tensor3D, tfc.Tensor3D, tfc.Tensor3D] {
  return tf.tidy(() => {
    const scale = 1 / Math.sqrt(q.shape[2]);
    // Same batching as axialCoreOps: matMul batches over the leading dimension.
    const t = (x: tfc.Tensor3D) => (axis === 'rows' ? x : tf.transpose<tfc.Tensor3D>(x, [1, 0, 2]));
    const [Q, K, V, dO] = [q, k, v, dOut].map(t);
    const P = tf.softmax(tf.mul(tf.matMul(Q, K, false, true), scale)) as tfc.Tensor3D;
    const dV = tf.matMul<tfc.Tensor3D>(P, dO, true, false);
    const dP = tf.matMul(dO, V, false, true);
    const dS = tf.mul<tfc.Tensor3D>(P, tf.sub(dP, tf.sum(tf.mul(dP, P), -1, true)));
    const dQ = tf.mul<tfc.Tensor3D>(tf.matMul(dS, K), scale);
    const dK = tf.mul<tfc.Tensor3D>(tf.matMul(dS, Q, true, false), scale);
    return [t(dQ), t(dK), t(dV)] as [tfc.Tensor3D, tfc.Tensor3D, tfc.Tensor3D];
  });
}

/**
 * Tensors a training step keeps alive for its backward passes. tfjs disposes
 * an op's inputs when the forward's tidy ends unless its gradient saved them,
 * and customGrad can only save disconnected clones; the core's backward needs
 * the inputs themselves (see withAxialCoreGrad), so the step holds them and
 * releases them once its gradients are taken. Reading them after disposal
 * happened to work on the CPU and WebGPU backends (the data outlived the
 * tensor, or its buffer had not been reused yet); tfjs-wasm frees it at once.
 */
export class HeldTensors {
  private readonly held: tfc.Tensor[] = [];

  constructor(private readonly tf: Tf) {}

  hold(...ts: tfc.Tensor[]): void {
    for (const t of ts) this.held.push(this.tf.keep(t));
  }

  get size(): number {
    return this.held.length;
  }

  release(): void {
    for (const t of this.held.splice(0)) t.dispose();
  }
}

/**
 * Gives any forward of the core (e.g. the WGSL kernel, which tfjs cannot
 * differentiate) the explicit backward above, through tf.customGrad. A core
 * that will be differentiated needs `held`, and its owner must release it
 * after each step; a forward-only core (sampling) keeps nothing.
 *
 * Where the active backend has the fused kernels (tfjs-wasm; see
 * fusedAxialCore.ts) they replace both `forward` and this backward, checked
 * at each call: their registered gradients are differentiable once more and
 * tfjs keeps what they need, so nothing is held.
 */
export function withAxialCoreGrad(tf: Tf, forward: AxialCore, held?: HeldTensors): AxialCore {
  const make = (axis: AttentionAxis) =>
    tf.customGrad((...args: (tfc.Tensor | tfc.GradSaveFunc)[]) => {
      const [q, k, v] = args as tfc.Tensor3D[];
      return {
        value: forward(q, k, v, axis),
        // The inputs themselves, not save()d copies: the second-order pass must
        // reach q, k, v through these ops on the outer tape.
        gradFunc: (dy: tfc.Tensor) => axialCoreBackward(tf, q, k, v, dy as tfc.Tensor3D, axis),
      };
    });
  const cores = { rows: make('rows'), cols: make('cols') };
  const fused = fusedAxialCore(tf);
  return (q, k, v, axis) => {
    if (hasFusedAxialCore(tf)) return fused(q, k, v, axis);
    held?.hold(q, k, v);
    return cores[axis](q, k, v) as tfc.Tensor3D;
  };
}
