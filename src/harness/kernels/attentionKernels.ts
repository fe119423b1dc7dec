import * as tf from '@tensorflow/tfjs-core';
// The harness bundles tfjs-core without '@tensorflow/tfjs', which is what registers the gradients.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { axialCoreOps, type AttentionAxis, type AxialCore } from '../../engine/attention/axialCore';
import { mulberry32 } from '../../engine/random/prng';
import type { GpuContext } from '../../gpu/gpuContext';
import { axialAttentionWgsl, axialCoreFor, axialCoreWgsl } from '../../gpu/kernels/axialAttention';

/** One attention problem as JSON: q, k, v (and an upstream gradient) are [H, W, C] row-major. */
export interface JsonAttention {
  height: number;
  width: number;
  channels: number;
  axis: AttentionAxis;
  q: number[];
  k: number[];
  v: number[];
  /** ∂L/∂out for the gradient kernels: L = Σ dOut ⊙ out. */
  dOut?: number[];
}

type Grads = { dq: number[]; dk: number[]; dv: number[] };

/**
 * Tensors come out of a GPU op, not tf.tensor, so they live in GPU buffers as
 * the engine's would (the kernel also copes with CPU-resident ones; see
 * the 'residence' input).
 */
/** Where the inputs come from: a GPU op, CPU values never uploaded, or a reshaped [H·W, C] op result (as in SinGAN's attention). */
type Residence = 'gpu' | 'cpu' | 'reshaped';

function tensors(j: JsonAttention, residence: Residence = 'gpu'): tf.Tensor3D[] {
  const shape: [number, number, number] = [j.height, j.width, j.channels];
  return [j.q, j.k, j.v].map((a) => {
    if (residence === 'cpu') return tf.tensor3d(a, shape);
    if (residence === 'reshaped')
      return tf.tidy(() => tf.reshape<tf.Rank.R3>(tf.mul(tf.tensor2d(a, [j.height * j.width, j.channels]), 1), shape));
    return tf.tidy(() => tf.mul<tf.Tensor3D>(tf.tensor3d(a, shape), 1));
  });
}

/** tfjs's live GPU bytes: every buffer the core touches is tfjs-owned, so this must return to where it was. */
const gpuBytes = () => (tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number }).numBytesInGPU ?? 0;

async function forward(core: AxialCore, j: JsonAttention, residence: Residence = 'gpu') {
  const before = { tensors: tf.memory().numTensors, bytes: gpuBytes() };
  const [q, k, v] = tensors(j, residence);
  const out = core(q, k, v, j.axis);
  const data = Array.from(await out.data());
  tf.dispose([q, k, v, out]);
  return {
    out: data,
    shape: out.shape,
    leakedTensors: tf.memory().numTensors - before.tensors,
    leakedGpuBytes: gpuBytes() - before.bytes,
  };
}

const loss = (core: AxialCore, j: JsonAttention, dOut: tf.Tensor3D) => (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
  tf.sum(tf.mul(core(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, j.axis), dOut));

async function toGrads(gs: tf.Tensor[]): Promise<Grads> {
  const [dq, dk, dv] = await Promise.all(gs.map(async (g) => Array.from(await g.data())));
  return { dq, dk, dv };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Wall-clock ms of one forward, drained by reading the result back. */
async function timeForward(core: AxialCore, q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, axis: AttentionAxis) {
  const t0 = performance.now();
  const out = core(q, k, v, axis);
  const data = (await out.data()) as Float32Array;
  const ms = performance.now() - t0;
  out.dispose();
  return { ms, data };
}

/**
 * The axial attention core (shaders/axial_attention.wgsl) and its tfjs-op
 * twin on the shared device, for e2e/attention-kernels.spec.ts; the CPU
 * reference runs in the test process.
 */
export const attentionKernels = {
  /** WGSL forward alone; `residence` feeds it tensors tfjs has not uploaded yet, or reshaped views. */
  async attention_wgsl_forward(_gpu: GpuContext, input: JsonAttention & { residence?: Residence }) {
    return forward((q, k, v, axis) => axialAttentionWgsl(tf, q, k, v, axis), input, input.residence);
  },

  /** The core training gets from axialCoreFor on WebGPU (customGrad, WGSL forward up to 128 channels). */
  async attention_core_forward(_gpu: GpuContext, input: JsonAttention) {
    return forward(axialCoreFor(tf), input);
  },

  async attention_ops_forward(_gpu: GpuContext, input: JsonAttention) {
    return forward(axialCoreOps(tf), input);
  },

  /** ∂L/∂(q, k, v) of L = Σ dOut ⊙ core(q, k, v) through the WGSL-forward customGrad core. */
  async attention_wgsl_grads(_gpu: GpuContext, input: JsonAttention) {
    const before = tf.memory().numTensors;
    const xs = tensors(input);
    const dOut = tf.tensor3d(input.dOut ?? [], [input.height, input.width, input.channels]);
    const gs = tf.grads(loss(axialCoreWgsl(tf), input, dOut))(xs);
    const grads = await toGrads(gs);
    tf.dispose([...xs, dOut, ...gs]);
    return { ...grads, leakedTensors: tf.memory().numTensors - before };
  },

  /**
   * Second order, the shape of WGAN-GP: ∂/∂(q, k, v) of
   * G = ‖∂L/∂q‖² + ‖∂L/∂k‖² + ‖∂L/∂v‖², through the WGSL-forward core.
   */
  async attention_wgsl_second_order(_gpu: GpuContext, input: JsonAttention) {
    const before = tf.memory().numTensors;
    const xs = tensors(input);
    const dOut = tf.tensor3d(input.dOut ?? [], [input.height, input.width, input.channels]);
    const core = axialCoreWgsl(tf);
    const penalty = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
      tf.addN(
        tf
          .grads(loss(core, input, dOut))([q, k, v])
          .map((g) => tf.sum(tf.square(g))),
      );
    const gs = tf.grads(penalty)(xs);
    const grads = await toGrads(gs);
    tf.dispose([...xs, dOut, ...gs]);
    return { ...grads, leakedTensors: tf.memory().numTensors - before };
  },

  /**
   * Forward time of the WGSL core vs axialCoreOps on the same device, median
   * of `repeats` after a warm-up of each (pipeline compilation), timed by wall
   * clock up to the read-back of the result; both read back the same H·W·C floats.
   */
  async 'bench-axial-attention'(
    _gpu: GpuContext,
    input: { height: number; width: number; channels: number; axis?: AttentionAxis; repeats?: number; seed?: number },
  ) {
    const { height, width, channels } = input;
    const axis = input.axis ?? 'rows';
    const r = mulberry32(input.seed ?? 1);
    const [q, k, v] = [0, 1, 2].map(() =>
      tf.tidy(() =>
        tf.mul<tf.Tensor3D>(
          tf.tensor3d(
            Float32Array.from({ length: height * width * channels }, () => 2 * r() - 1),
            [height, width, channels],
          ),
          1,
        ),
      ),
    );
    await Promise.all([q, k, v].map((t) => t.data()));
    const wgsl: AxialCore = (a, b, c, ax) => axialAttentionWgsl(tf, a, b, c, ax);
    const ops = axialCoreOps(tf);
    await timeForward(wgsl, q, k, v, axis);
    await timeForward(ops, q, k, v, axis);
    const wgslMs: number[] = [];
    const opsMs: number[] = [];
    let maxAbsDiff = 0;
    for (let i = 0; i < Math.max(1, input.repeats ?? 3); i++) {
      const a = await timeForward(wgsl, q, k, v, axis);
      const b = await timeForward(ops, q, k, v, axis);
      wgslMs.push(a.ms);
      opsMs.push(b.ms);
      maxAbsDiff = a.data.reduce((m, x, j) => Math.max(m, Math.abs(x - b.data[j])), maxAbsDiff);
    }
    tf.dispose([q, k, v]);
    const lineLength = axis === 'rows' ? width : height;
    return {
      height,
      width,
      channels,
      axis,
      repeats: wgslMs.length,
      wgslMs: median(wgslMs),
      opsMs: median(opsMs),
      speedup: median(opsMs) / median(wgslMs),
      maxAbsDiff,
      /** The H·W·L score matrix the op version materialises (twice: scores and softmax); the WGSL kernel has none. */
      opsScoreBytes: height * width * lineLength * 4,
    };
  },
} as const;
