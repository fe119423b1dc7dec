import * as tf from '@tensorflow/tfjs-core';
// The harness bundles tfjs-core without '@tensorflow/tfjs', which is what registers the gradients.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { convLstmSpec, convLstmStep, type ConvLstmState } from '../../engine/gif2gif/convLstm';
import { convLstmStepReference, type ConvLstmReferenceState } from '../../engine/gif2gif/convLstmReference';
import type { NetWeights } from '../../engine/singan/tfTypes';
import type { GpuContext } from '../../gpu/gpuContext';
import { gaussian, size } from './gif2gifHostValues';
import { BACKENDS, onBackend, read, type BackendName } from './tfBackends';

/**
 * The ConvLSTM cell of the GIF → GIF engine on tfjs-WebGPU and tfjs's CPU
 * backend against the float64 reference (plain JS); part of gif2gifKernels.
 */

// ---------------------------------------------------------------- ConvLSTM cell

export interface JsonLstmProblem {
  height: number;
  width: number;
  inChannels: number;
  hidden: number;
  kernel: number;
  steps: number;
  seed: number;
}

/** Generic values for every ConvLSTM weight (the init's zero biases would hide terms), as convLstm.test.ts makes them. */
function lstmValues(p: JsonLstmProblem): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  convLstmSpec('lstm', p.inChannels, p.hidden, p.kernel).forEach(
    (s, i) => (out[s.name] = gaussian(size(s.shape), p.seed, s.name.endsWith('.w') ? 0.4 : 0.5, 1, i)),
  );
  return out;
}

const lstmInputs = (p: JsonLstmProblem) =>
  Array.from({ length: p.steps }, (_, k) => gaussian(p.height * p.width * p.inChannels, p.seed, 1, 2, k));

function lstmTensors(v: Record<string, Float32Array>, p: JsonLstmProblem): NetWeights {
  return Object.fromEntries(
    convLstmSpec('lstm', p.inChannels, p.hidden, p.kernel).map((s) => [
      s.name,
      tf.tensor(v[s.name], [...s.shape], 'float32'),
    ]),
  );
}

const refWeights = (v: Record<string, Float32Array>) => ({
  w: v['lstm.w'],
  bi: v['lstm.bi'],
  bf: v['lstm.bf'],
  bo: v['lstm.bo'],
  bg: v['lstm.bg'],
});

/** h and c after every step. */
export interface LstmSteps {
  h: number[][];
  c: number[][];
}

/** The loss the gradient test differentiates: L = Σ cH·h_last + Σ cC·c_last + Σ h₁ (every gate, both outputs, an early step). */
function lstmLossCoefficients(p: JsonLstmProblem) {
  const n = p.height * p.width * p.hidden;
  return { cH: gaussian(n, p.seed, 1, 3, 0), cC: gaussian(n, p.seed, 1, 3, 1) };
}

function referenceLoss(
  v: Record<string, Float32Array | Float64Array>,
  p: JsonLstmProblem,
  xs: (Float32Array | Float64Array)[],
  coef: ReturnType<typeof lstmLossCoefficients>,
): number {
  let state: ConvLstmReferenceState | null = null;
  let first = 0;
  for (let k = 0; k < p.steps; k++) {
    state = convLstmStepReference(
      xs[k],
      p.height,
      p.width,
      p.inChannels,
      p.hidden,
      p.kernel,
      refWeights(v as Record<string, Float32Array>),
      state,
    );
    if (k === 0) first = state.h.reduce((a, b) => a + b, 0);
  }
  let l = first;
  for (let i = 0; i < state!.h.length; i++) l += coef.cH[i] * state!.h[i] + coef.cC[i] * state!.c[i];
  return l;
}

export const gif2gifLstmKernels = {
  /** ConvLSTM steps (h, c after each) on both backends and in float64. */
  async gif2gif_convlstm_backends(_gpu: GpuContext, p: JsonLstmProblem) {
    const v = lstmValues(p);
    const xs = lstmInputs(p);
    const before = tf.memory().numTensors;
    const out = {} as Record<BackendName, LstmSteps>;
    for (const backend of BACKENDS) {
      out[backend] = await onBackend(backend, async () => {
        const w = lstmTensors(v, p);
        // [h₁, c₁, h₂, c₂, …]
        const steps = tf.tidy(() => {
          const all: tf.Tensor[] = [];
          let state: ConvLstmState | null = null;
          for (const x of xs) {
            state = convLstmStep(tf, w, 'lstm', tf.tensor4d(x, [1, p.height, p.width, p.inChannels]), state);
            all.push(state.h, state.c);
          }
          return all;
        });
        const values = await Promise.all(steps.map(read));
        const r: LstmSteps = { h: values.filter((_, i) => i % 2 === 0), c: values.filter((_, i) => i % 2 === 1) };
        tf.dispose([...steps, ...Object.values(w)]);
        return r;
      });
    }
    const reference: LstmSteps = { h: [], c: [] };
    let state: ConvLstmReferenceState | null = null;
    for (const x of xs) {
      state = convLstmStepReference(x, p.height, p.width, p.inChannels, p.hidden, p.kernel, refWeights(v), state);
      reference.h.push(Array.from(state.h));
      reference.c.push(Array.from(state.c));
    }
    return { ...out, reference, leakedTensors: tf.memory().numTensors - before };
  },

  /**
   * ∂L/∂(every ConvLSTM weight, the inputs) through `steps` unrolled steps
   * (tf.grads) on both backends, and central differences of the float64
   * reference's L at a few entries per tensor.
   */
  async gif2gif_convlstm_grads_backends(_gpu: GpuContext, p: JsonLstmProblem & { fdEntries: number }) {
    const v = lstmValues(p);
    const xs = lstmInputs(p);
    const coef = lstmLossCoefficients(p);
    const specs = convLstmSpec('lstm', p.inChannels, p.hidden, p.kernel);
    const names = specs.map((s) => s.name);
    const xShape = [p.steps, p.height, p.width, p.inChannels];
    const xFlat = new Float32Array(size(xShape));
    xs.forEach((x, k) => xFlat.set(x, k * x.length));
    const before = tf.memory().numTensors;
    const out = {} as Record<BackendName, { loss: number; grads: Record<string, number[]> }>;
    for (const backend of BACKENDS) {
      out[backend] = await onBackend(backend, async () => {
        const w = lstmTensors(v, p);
        const x = tf.tensor4d(xFlat, xShape as [number, number, number, number]);
        const cH = tf.tensor4d(coef.cH, [1, p.height, p.width, p.hidden]);
        const cC = tf.tensor4d(coef.cC, [1, p.height, p.width, p.hidden]);
        const { value, grads } = tf.tidy(() =>
          tf.valueAndGrads((...ts: tf.Tensor[]) => {
            const wl: NetWeights = Object.fromEntries(names.map((n, i) => [n, ts[i]]));
            const xt = ts[names.length];
            let state: ConvLstmState | null = null;
            let first: tf.Tensor | null = null;
            for (let k = 0; k < p.steps; k++) {
              state = convLstmStep(tf, wl, 'lstm', tf.slice(xt, [k, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D, state);
              first ??= tf.sum(state.h);
            }
            return tf.addN([tf.sum(tf.mul(cH, state!.h)), tf.sum(tf.mul(cC, state!.c)), first!]) as tf.Scalar;
          })([...names.map((n) => w[n]), x]),
        );
        const values = await Promise.all(grads.map(read));
        const loss = (await value.data())[0];
        tf.dispose([...Object.values(w), x, cH, cC, value, ...grads]);
        return { loss, grads: Object.fromEntries([...names, 'x'].map((n, i) => [n, values[i]])) };
      });
    }
    // Central differences of the float64 reference (step 1e-5: float64 leaves ~1e-10 of rounding in them).
    const base64: Record<string, Float64Array> = Object.fromEntries(names.map((n) => [n, Float64Array.from(v[n])]));
    base64.x = Float64Array.from(xFlat);
    const per = p.height * p.width * p.inChannels;
    const loss64 = (vals: Record<string, Float64Array>) =>
      referenceLoss(
        vals,
        p,
        Array.from({ length: p.steps }, (_, k) => vals.x.subarray(k * per, (k + 1) * per)),
        coef,
      );
    const finiteDifferences: Record<string, { index: number[]; fd: number[] }> = {};
    const eps = 1e-5;
    for (const n of [...names, 'x']) {
      const len = base64[n].length;
      const index = Array.from(
        new Set(
          Array.from({ length: Math.min(p.fdEntries, len) }, (_, i) =>
            Math.floor((i * len) / Math.min(p.fdEntries, len)),
          ),
        ),
      );
      const fd = index.map((i) => {
        const plus = { ...base64, [n]: base64[n].slice() };
        const minus = { ...base64, [n]: base64[n].slice() };
        plus[n][i] += eps;
        minus[n][i] -= eps;
        return (loss64(plus) - loss64(minus)) / (2 * eps);
      });
      finiteDifferences[n] = { index, fd };
    }
    return {
      ...out,
      reference: { loss: loss64(base64) },
      finiteDifferences,
      leakedTensors: tf.memory().numTensors - before,
    };
  },
} as const;
