import type * as tfc from '@tensorflow/tfjs-core';
import { axialCoreOps, type AttentionAxis, type AxialCore } from './axialCore';

type Tf = typeof tfc;

/**
 * The fused axial attention core as tfjs kernels, by name. A backend that
 * registers them (tfjs-wasm, src/wasm/axialAttentionWasm.ts) gets the whole
 * core, its gradient and the gradient's gradient as three kernels instead of
 * a chain of ops (docs/algorithms.md, "Fused attention on the CPU"):
 *
 * - AXIAL_ATTENTION (q, k, v) → out, the forward;
 * - AXIAL_ATTENTION_GRAD (q, k, v, dy) → [dq, dk, dv], its gradient, the
 *   registered gradient of the forward;
 * - AXIAL_ATTENTION_GRAD_GRAD (q, k, v, dy, ddq, ddk, ddv) → [gq, gk, gv, gdy],
 *   the gradient of AXIAL_ATTENTION_GRAD (what WGAN-GP's penalty needs); it has
 *   no gradient itself: nothing here differentiates three times.
 *
 * The gradients save only their inputs, never their outputs (tfjs 4.22 drops
 * second-order terms through saved outputs; see "Second derivatives in tfjs").
 */
export const AXIAL_ATTENTION = 'AxialAttention';
export const AXIAL_ATTENTION_GRAD = 'AxialAttentionGrad';
export const AXIAL_ATTENTION_GRAD_GRAD = 'AxialAttentionGradGrad';

/** All three kernels take the axis as their one attribute. */
export interface AxialAttentionAttrs {
  readonly axis: AttentionAxis;
}

/** Whether the active backend has the fused kernels (looked up at each call, so a backend switch is followed). */
export function hasFusedAxialCore(tf: Tf): boolean {
  return tf.getKernel(AXIAL_ATTENTION, tf.getBackend()) != null;
}

/**
 * The core as the fused kernel; differentiable twice through the kernels'
 * registered gradients, with nothing to hold (tfjs saves the inputs itself).
 * Only on a backend where hasFusedAxialCore is true.
 */
export function fusedAxialCore(tf: Tf): AxialCore {
  return (q, k, v, axis) => {
    const attrs: AxialAttentionAttrs = { axis };
    return tf.engine().runKernel<tfc.Tensor3D>(AXIAL_ATTENTION, { q, k, v }, attrs as unknown as tfc.NamedAttrMap);
  };
}

/**
 * A forward-only core that takes the fused kernel where the active backend
 * has it and `fallback` (by default the op chain) elsewhere.
 */
export function axialCoreAuto(tf: Tf, fallback: AxialCore = axialCoreOps(tf)): AxialCore {
  const fused = fusedAxialCore(tf);
  return (q, k, v, axis) => (hasFusedAxialCore(tf) ? fused : fallback)(q, k, v, axis);
}
