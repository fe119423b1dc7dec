import * as tf from '@tensorflow/tfjs-core';
// The harness bundles tfjs-core without '@tensorflow/tfjs', which is what registers the gradients.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { HeldTensors, withAxialCoreGrad } from '../../engine/attention/axialCoreGrad';
import { sampleSequence } from '../../engine/gif2gif/sampleSequence';
import type { SequenceOptions, SequenceVariant } from '../../engine/gif2gif/sequenceConfig';
import { disposeSequenceModel, type SequenceModel } from '../../engine/gif2gif/sequenceModel';
import {
  disposeSequenceState,
  keepSequenceState,
  SEQUENCE_START,
  sequenceForward,
  sequencerSpec,
  type SequenceState,
} from '../../engine/gif2gif/sequenceNet';
import { trainSequence } from '../../engine/gif2gif/trainSequence';
import { gaussianStream, uniformStream } from '../../engine/singan/noise';
import { gradientPenalty } from '../../engine/singan/gradientPenalty';
import type { ForwardMode } from '../../engine/singan/layers';
import { initialValues, isTrainable, type ParamSpec } from '../../engine/singan/paramSpec';
import { SINGAN_PRESETS, type AttentionPlacement, type SinganConfig } from '../../engine/singan/singanConfig';
import { disposeFileModel, parseModelFile, serializeSinganModel } from '../../engine/singan/singanModelFile';
import { discriminatorForward, netSpec } from '../../engine/singan/singanNet';
import type { SinganLosses } from '../../engine/singan/trainSingan';
import type { NetWeights } from '../../engine/singan/tfTypes';
import type { GpuContext } from '../../gpu/gpuContext';
import { axialCoreFor } from '../../gpu/kernels/axialAttention';
import { toImage, type JsonImage } from './json';
import { BACKENDS, onBackend, read, type BackendName } from './tfBackends';
import { gaussian, size } from './gif2gifHostValues';
import { gif2gifLstmKernels } from './gif2gifLstmKernels';

/**
 * The GIF → GIF engine (ConvLSTM cell, sequencer + G forward, D's gradient
 * penalty on a chunk of frames, a tiny trainSequence) on tfjs-WebGPU against
 * the same code on tfjs's CPU backend in one page, with identical host
 * values on both, plus the float64 ConvLSTM reference (plain JS). For
 * e2e/gif2gif-engine.spec.ts.
 */

// ---------------------------------------------------------------- sequencer + G, D

export interface JsonSequenceProblem {
  variant: SequenceVariant;
  attention: AttentionPlacement;
  channels: number;
  hidden: number;
  frames: number;
  height: number;
  width: number;
  amp: number;
  seed: number;
  /** The coarsest scale's path (frame t built on frame t − 1) and its motion head's radius (0: none). */
  coarsest?: boolean;
  motion?: number;
}

const netConfig = (p: Pick<JsonSequenceProblem, 'attention'>) => ({
  layers: 5,
  kernel: 3,
  attention: p.attention,
  feedForward: false,
});

/**
 * Host values from the engine's init, moved off its degenerate points (as
 * singanKernels' perturbedNet): larger convolutions so LeakyReLU sees both
 * branches, non-trivial running statistics for eval BatchNorm, γ ≠ 0 so
 * attention is not the identity, and non-zero ConvLSTM biases.
 */
function perturbed(specs: readonly ParamSpec[], seed: number, stream: number): Record<string, Float32Array> {
  const gauss = gaussianStream(seed, 52, stream);
  const uniform = uniformStream(seed, 53, stream);
  const out: Record<string, Float32Array> = {};
  for (const spec of specs) {
    const v = initialValues(spec, gauss, uniform);
    if (spec.init === 'conv') v.forEach((x, i) => (v[i] = 10 * x));
    if (spec.name.endsWith('attn.gamma') || spec.name.endsWith('ff.gamma')) v[0] = 0.5 + 0.25 * uniform();
    if (spec.name.endsWith('.runningMean')) v.forEach((_, i) => (v[i] = 0.2 * gauss()));
    if (spec.name.endsWith('.runningVar')) v.forEach((_, i) => (v[i] = 0.5 + uniform()));
    if (/^lstm\.b[ifog]$/.test(spec.name)) v.forEach((x, i) => (v[i] = x + 0.5 * gauss()));
    out[spec.name] = v;
  }
  return out;
}

const gSpecs = (p: JsonSequenceProblem) => netSpec('G', netConfig(p), p.channels);
const dSpecs = (p: Pick<JsonSequenceProblem, 'attention' | 'channels'>) => netSpec('D', netConfig(p), p.channels);

function toTensors(values: Record<string, Float32Array>, specs: readonly ParamSpec[]): NetWeights {
  const w: NetWeights = {};
  for (const spec of specs) w[spec.name] = tf.tensor(values[spec.name], [...spec.shape], 'float32');
  return w;
}

export interface JsonSequenceOutputs {
  /** Frames of a chunk from the start, then of a second chunk from the carried state. */
  frames: number[];
  frames2: number[];
  /** The carried state after the first chunk (ConvLSTM h and c; one-to-many's previous output). */
  h: number[];
  c: number[];
  prevOut: number[];
}

function stateValues(s: SequenceState) {
  return Promise.all([s.lstm?.h, s.lstm?.c, s.prevOut].map((t) => (t ? read(t) : Promise.resolve([] as number[]))));
}

export interface JsonGpGrads {
  gp: number;
  grads: Record<string, number[]>;
}

const fullConfig = (overrides: Partial<SinganConfig>): SinganConfig => ({ ...SINGAN_PRESETS.paper, ...overrides });

export const gif2gifKernels = {
  ...gif2gifLstmKernels,

  /**
   * sequenceForward (sequencer + G) on a chunk from the start, then on a
   * second chunk from the carried state, in train or eval BatchNorm mode,
   * with the core trainSequence uses (WGSL attention on WebGPU).
   */
  async gif2gif_sequence_forward_backends(
    _gpu: GpuContext,
    p: JsonSequenceProblem & { training: boolean; frames2: number },
  ) {
    const cfg = netConfig(p);
    const g = perturbed(gSpecs(p), p.seed, 0);
    const sSpecs = sequencerSpec(p.variant, p.hidden, p.motion ?? 0);
    const s = perturbed(sSpecs, p.seed, 1);
    const { height: h, width: w } = p;
    const chunk = (T: number, k: number) => ({
      noise: gaussian(T * h * w * 3, p.seed, 1, 4, k),
      prev: Float32Array.from(gaussian(T * h * w * 3, p.seed, 0.5, 5, k), (x) => Math.tanh(x)),
    });
    const c1 = chunk(p.frames, 0);
    const c2 = chunk(p.frames2, 1);
    const mode: ForwardMode = { training: p.training };
    const before = tf.memory().numTensors;
    const out = {} as Record<BackendName, JsonSequenceOutputs>;
    for (const backend of BACKENDS) {
      out[backend] = await onBackend(backend, async () => {
        const held = new HeldTensors(tf);
        const core = withAxialCoreGrad(tf, axialCoreFor(tf), held);
        const gw = toTensors(g, gSpecs(p));
        const sw = p.variant === 'batch' ? null : toTensors(s, sSpecs);
        const t4 = (d: Float32Array, T: number) => tf.tensor4d(d, [T, h, w, 3]);
        const [z1, y1, z2, y2] = [
          t4(c1.noise, p.frames),
          t4(c1.prev, p.frames),
          t4(c2.noise, p.frames2),
          t4(c2.prev, p.frames2),
        ];
        let state: SequenceState = SEQUENCE_START;
        const first = tf.tidy(() => {
          const r = sequenceForward(
            tf,
            cfg,
            p.variant,
            gw,
            sw,
            p.amp,
            z1,
            y1,
            SEQUENCE_START,
            mode,
            core,
            p.coarsest ?? false,
          );
          state = keepSequenceState(tf, r.state);
          return r.frames;
        });
        const carried: SequenceState = state;
        let state2: SequenceState = SEQUENCE_START;
        const second = tf.tidy(() => {
          const r = sequenceForward(
            tf,
            cfg,
            p.variant,
            gw,
            sw,
            p.amp,
            z2,
            y2,
            carried,
            mode,
            core,
            p.coarsest ?? false,
          );
          state2 = keepSequenceState(tf, r.state);
          return r.frames;
        });
        const [hv, cv, pv] = await stateValues(carried);
        const r: JsonSequenceOutputs = {
          frames: await read(first),
          frames2: await read(second),
          h: hv,
          c: cv,
          prevOut: pv,
        };
        const shared = new Set([carried.lstm?.h, carried.lstm?.c, carried.prevOut]);
        const s2 = state2;
        for (const t of [s2.lstm?.h, s2.lstm?.c, s2.prevOut]) if (t && !shared.has(t)) t.dispose();
        disposeSequenceState(carried);
        held.release();
        tf.dispose([first, second, z1, y1, z2, y2, ...Object.values(gw), ...(sw ? Object.values(sw) : [])]);
        return r;
      });
    }
    return { ...out, leakedTensors: tf.memory().numTensors - before };
  },

  /**
   * ∂GP/∂(D's trainable weights) on a chunk of generated frames (noise-lstm
   * sequencer + G in train mode, made once on the CPU backend and detached,
   * as trainSequence's D step sees them) against the chunk's real frames;
   * train-mode BatchNorm over the chunk, the core trainSequence builds.
   */
  async gif2gif_gp_grads_backends(_gpu: GpuContext, p: JsonSequenceProblem & { alpha: number; gpWeight: number }) {
    const cfg = netConfig(p);
    const { height: h, width: w, frames: T } = p;
    const shape: [number, number, number, number] = [T, h, w, 3];
    const fake = await onBackend('cpu', async () => {
      const held = new HeldTensors(tf);
      const core = withAxialCoreGrad(tf, axialCoreFor(tf), held);
      const gw = toTensors(perturbed(gSpecs(p), p.seed, 0), gSpecs(p));
      const sSpecs = sequencerSpec(p.variant, p.hidden);
      const sw = p.variant === 'batch' ? null : toTensors(perturbed(sSpecs, p.seed, 1), sSpecs);
      const z = tf.tensor4d(gaussian(size(shape), p.seed, 1, 6), shape);
      const y = tf.tensor4d(Float32Array.from(gaussian(size(shape), p.seed, 0.5, 7), Math.tanh), shape);
      const f = tf.tidy(
        () => sequenceForward(tf, cfg, p.variant, gw, sw, p.amp, z, y, SEQUENCE_START, { training: true }, core).frames,
      );
      held.release();
      const values = (await f.data()) as Float32Array;
      tf.dispose([f, z, y, ...Object.values(gw), ...(sw ? Object.values(sw) : [])]);
      return Float32Array.from(values);
    });
    const real = Float32Array.from(gaussian(size(shape), p.seed, 0.6, 8), Math.tanh);
    const d = perturbed(dSpecs(p), p.seed, 2);
    // D's last additive bias cannot reach ∇ₓD: tf.grads has no path to it.
    const offsets = ['tail.conv.b'];
    const names = dSpecs(p)
      .map((s) => s.name)
      .filter((n) => isTrainable(n) && !offsets.includes(n));
    const before = tf.memory().numTensors;
    const out = {} as Record<BackendName, JsonGpGrads>;
    for (const backend of BACKENDS) {
      out[backend] = await onBackend(backend, async () => {
        const held = new HeldTensors(tf);
        const core = withAxialCoreGrad(tf, axialCoreFor(tf), held);
        const dw = toTensors(d, dSpecs(p));
        const r = tf.tensor4d(real, shape);
        const f = tf.tensor4d(fake, shape);
        const { value, grads } = tf.tidy(() =>
          tf.valueAndGrads((...ts: tf.Tensor[]) => {
            const wd = { ...dw };
            names.forEach((n, i) => (wd[n] = ts[i]));
            return gradientPenalty(
              tf,
              (x) => discriminatorForward(tf, cfg, wd, x, { training: true }, core),
              r,
              f,
              p.alpha,
              p.gpWeight,
            );
          })(names.map((n) => dw[n])),
        );
        const values = await Promise.all(grads.map(read));
        const gp = (await value.data())[0];
        tf.dispose([...Object.values(dw), r, f, value, ...grads]);
        held.release();
        return { gp, grads: Object.fromEntries(names.map((n, i) => [n, values[i]])) };
      });
    }
    return {
      ...out,
      withoutGradient: offsets,
      fakeFrameDiff: Math.max(...fake.slice(0, h * w * 3).map((v, i) => Math.abs(v - fake[h * w * 3 + i]))),
      leakedTensors: tf.memory().numTensors - before,
    };
  },

  /**
   * A tiny trainSequence on WebGPU (the worker's core), then a sample of the
   * model on WebGPU and, from the model file's bytes, on the CPU backend.
   */
  async gif2gif_train_webgpu(
    _gpu: GpuContext,
    input: { frames: JsonImage[]; config: Partial<SinganConfig>; options: SequenceOptions; sampleSeed: number },
  ) {
    const config = fullConfig(input.config);
    const frames = input.frames.map(toImage);
    const tensorsBefore = tf.memory().numTensors;
    const losses: { scale: number; iteration: number; losses: SinganLosses; tensors: number }[] = [];
    const scaleStarts: number[] = [];
    const scaleMs: number[] = [];
    const core = axialCoreFor(tf);
    const model: SequenceModel = await trainSequence(
      tf,
      frames,
      config,
      input.options,
      {
        onScaleStart: (s) => scaleStarts.push(s),
        onIteration: (scale, iteration, l) =>
          losses.push({ scale, iteration, losses: l, tensors: tf.memory().numTensors }),
        onScaleDone: (_s, _m, stats) => {
          scaleMs.push(stats.ms);
        },
      },
      undefined,
      core,
    );
    try {
      const bytes = serializeSinganModel(model);
      const gpuSample = await sampleSequence(tf, model, { seed: input.sampleSeed }, core);
      const cpuSample = await onBackend('cpu', async () => {
        const m = parseModelFile(tf, bytes);
        try {
          return await sampleSequence(tf, m as SequenceModel, { seed: input.sampleSeed }, core);
        } finally {
          disposeFileModel(m);
        }
      });
      disposeSequenceModel(model);
      return {
        losses,
        scaleStarts,
        scaleMs,
        scales: model.scales.length,
        hasSequencer: model.scales.map((s) => s.seq !== null),
        tensorsBefore,
        tensorsAfterDispose: tf.memory().numTensors,
        samples: {
          shape: [gpuSample[0].height, gpuSample[0].width],
          webgpu: gpuSample.map((f) => Array.from(f.data)),
          cpu: cpuSample.map((f) => Array.from(f.data)),
        },
      };
    } catch (err) {
      disposeSequenceModel(model);
      throw err;
    }
  },
} as const;
