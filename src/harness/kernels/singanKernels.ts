import * as tf from '@tensorflow/tfjs-core';
// The harness bundles tfjs-core without '@tensorflow/tfjs', which is what registers the gradients.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { AxialCore } from '../../engine/attention/axialCore';
import { HeldTensors, withAxialCoreGrad } from '../../engine/attention/axialCoreGrad';
import { gaussianStream, uniformStream } from '../../engine/singan/noise';
import { gradientPenalty } from '../../engine/singan/gradientPenalty';
import type { ForwardMode } from '../../engine/singan/layers';
import { initialValues, isTrainable } from '../../engine/singan/paramSpec';
import { sampleSingan } from '../../engine/singan/sampleSingan';
import { SINGAN_PRESETS, type AttentionPlacement, type SinganConfig } from '../../engine/singan/singanConfig';
import { disposeSinganModel, type SinganModel } from '../../engine/singan/singanModel';
import { parseSinganModel, serializeSinganModel } from '../../engine/singan/singanModelFile';
import { discriminatorForward, generatorForward, netSpec, type NetKind } from '../../engine/singan/singanNet';
import { trainSingan, type SinganLosses } from '../../engine/singan/trainSingan';
import type { NetWeights } from '../../engine/singan/tfTypes';
import type { GpuContext } from '../../gpu/gpuContext';
import { axialCoreFor } from '../../gpu/kernels/axialAttention';
import { toImage, type JsonImage } from './json';
import { BACKENDS, onBackend, read, type BackendName } from './tfBackends';

/**
 * The SinGAN engine on tfjs-WebGPU against the same engine on tfjs's CPU
 * backend, in one page: the nets get identical host values on both backends,
 * so any difference is the backends' arithmetic (and WGSL attention against
 * the tfjs-op core). For e2e/singan-engine.spec.ts.
 */

/**
 * Counts dispatches of the WGSL attention kernel by the label ComputeKernel
 * gives its compute passes: proof that the WebGPU path really ran the shader
 * rather than falling back to tfjs ops.
 */
async function countingWgslPasses<T>(f: () => Promise<T>): Promise<{ result: T; wgslPasses: number }> {
  const proto = GPUCommandEncoder.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the original method, called below with its own `this`
  const original = proto.beginComputePass;
  let wgslPasses = 0;
  proto.beginComputePass = function (this: GPUCommandEncoder, descriptor?: GPUComputePassDescriptor) {
    if (descriptor?.label?.startsWith('axial_attention')) wgslPasses++;
    return original.call(this, descriptor);
  };
  try {
    return { result: await f(), wgslPasses };
  } finally {
    proto.beginComputePass = original;
  }
}

/** Calls of the core, per backend, so a placement that should attend can't silently skip attention. */
function countingCore(core: AxialCore, counts: { calls: number }): AxialCore {
  return (q, k, v, axis) => {
    counts.calls++;
    return core(q, k, v, axis);
  };
}

export interface JsonNetProblem {
  attention: AttentionPlacement;
  feedForward: boolean;
  channels: number;
  /** G's output size (D's input size). */
  height: number;
  width: number;
  seed: number;
  layers?: number;
  kernel?: number;
}

const netConfig = (p: JsonNetProblem) => ({
  layers: p.layers ?? 5,
  kernel: p.kernel ?? 3,
  attention: p.attention,
  feedForward: p.feedForward,
});

/**
 * Host values of a net, from the engine's own init with a fixed seed, then
 * moved off the init's degenerate points: the init's γ = 0 makes every
 * attention and feed-forward block the identity (nothing of WGSL vs ops would
 * be compared), zero/one running statistics make eval-mode BatchNorm a no-op,
 * and N(0, 0.02) convolutions leave eval-mode activations too small to
 * exercise LeakyReLU's two branches.
 */
function perturbedNet(kind: NetKind, p: JsonNetProblem): Record<string, Float32Array> {
  const k = kind === 'G' ? 0 : 1;
  const gauss = gaussianStream(p.seed, 41, k);
  const uniform = uniformStream(p.seed, 42, k);
  const out: Record<string, Float32Array> = {};
  for (const spec of netSpec(kind, netConfig(p), p.channels)) {
    const v = initialValues(spec, gauss, uniform);
    if (spec.init === 'conv') v.forEach((x, i) => (v[i] = 10 * x));
    if (spec.name.endsWith('attn.gamma') || spec.name.endsWith('ff.gamma')) v[0] = 0.5 + 0.25 * uniform();
    if (spec.name.endsWith('.runningMean')) v.forEach((_, i) => (v[i] = 0.2 * gauss()));
    if (spec.name.endsWith('.runningVar')) v.forEach((_, i) => (v[i] = 0.5 + uniform()));
    out[spec.name] = v;
  }
  return out;
}

function toTensors(values: Record<string, Float32Array>, kind: NetKind, p: JsonNetProblem): NetWeights {
  const w: NetWeights = {};
  for (const spec of netSpec(kind, netConfig(p), p.channels))
    w[spec.name] = tf.tensor(values[spec.name], [...spec.shape], 'float32');
  return w;
}

function uniformMap(seed: number, h: number, w: number, c: number): Float32Array {
  const r = uniformStream(seed, 43, h, w, c);
  return Float32Array.from({ length: h * w * c }, () => 2 * r() - 1);
}

function gaussianMap(seed: number, h: number, w: number, c: number, amp: number): Float32Array {
  const g = gaussianStream(seed, 44, h, w, c);
  return Float32Array.from({ length: h * w * c }, () => amp * g());
}

/**
 * D's last additive bias: a constant added to ΣD vanishes from ∇ₓΣD, so the
 * penalty has no path to it and tf.grads refuses it (its gradient is 0).
 */
function outputOffsets(cfg: ReturnType<typeof netConfig>): string[] {
  if (!cfg.attention.includes('tail')) return ['tail.conv.b'];
  return cfg.feedForward ? ['tail.ff.b2'] : ['tail.attn.rows.bo', 'tail.attn.cols.bo'];
}

const TRAIN: ForwardMode = { training: true };
const EVAL: ForwardMode = { training: false };

export interface NetOutputs {
  gEval: number[];
  gTrain: number[];
  dEval: number[];
  dTrain: number[];
  dShape: number[];
  /** Attention core calls (2 axes per attention site per forward). */
  coreCalls: number;
  wgslPasses: number;
}

export interface JsonGpGrads {
  gp: number;
  grads: Record<string, number[]>;
  coreCalls: number;
  wgslPasses: number;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const fullConfig = (overrides: Partial<SinganConfig>): SinganConfig => ({ ...SINGAN_PRESETS.paper, ...overrides });

export interface JsonLossPoint {
  scale: number;
  iteration: number;
  losses: SinganLosses;
  /** Live tfjs tensors right after the iteration: constant within a scale when nothing leaks. */
  tensors: number;
  /** Since the scale started. */
  ms: number;
}

export interface JsonTrainRun {
  losses: JsonLossPoint[];
  scaleStarts: number[];
  scaleMs: number[];
  /** The finished model (every scale). */
  model: string;
  tensorsBefore: number;
  tensorsAfterDispose: number;
  wgslPasses: number;
}

export const singanKernels = {
  /**
   * G and D forward (eval- and train-mode BatchNorm) with the same host
   * weights and inputs on WebGPU (attention: WGSL core via axialCoreFor) and
   * on the CPU backend (the tfjs-op core).
   */
  async singan_forward_backends(_gpu: GpuContext, p: JsonNetProblem) {
    const cfg = netConfig(p);
    const g = perturbedNet('G', p);
    const d = perturbedNet('D', p);
    const { height: h, width: w } = p;
    const noise = gaussianMap(p.seed, h, w, 3, 0.5);
    const prev = uniformMap(p.seed, h, w, 3);
    const image = uniformMap(p.seed + 1, h, w, 3);
    const before = tf.memory().numTensors;
    const out = {} as Record<BackendName, NetOutputs>;
    for (const backend of BACKENDS) {
      out[backend] = await onBackend(backend, async () => {
        const counts = { calls: 0 };
        const core = countingCore(axialCoreFor(tf), counts);
        const { result, wgslPasses } = await countingWgslPasses(async () => {
          const gw = toTensors(g, 'G', p);
          const dw = toTensors(d, 'D', p);
          const z = tf.tensor4d(noise, [1, h, w, 3]);
          const y = tf.tensor4d(prev, [1, h, w, 3]);
          const x = tf.tensor4d(image, [1, h, w, 3]);
          const outs = tf.tidy(() => [
            generatorForward(tf, cfg, gw, z, y, EVAL, core),
            generatorForward(tf, cfg, gw, z, y, TRAIN, core),
            discriminatorForward(tf, cfg, dw, x, EVAL, core),
            discriminatorForward(tf, cfg, dw, x, TRAIN, core),
          ]);
          const [gEval, gTrain, dEval, dTrain] = await Promise.all(outs.map(read));
          const dShape = outs[2].shape;
          return {
            gEval,
            gTrain,
            dEval,
            dTrain,
            dShape,
            keep: [...Object.values(gw), ...Object.values(dw), z, y, x, ...outs],
          };
        });
        const { keep, ...rest } = result;
        tf.dispose(keep);
        return { ...rest, coreCalls: counts.calls, wgslPasses };
      });
    }
    return { ...out, leakedTensors: tf.memory().numTensors - before };
  },

  /**
   * ∂GP/∂(D's trainable weights), GP as trainSingan computes it (train-mode
   * BatchNorm, the core trainSingan builds from axialCoreFor): a second-order
   * gradient through BatchNorm, LeakyReLU and the attention's explicit backward.
   */
  async singan_gp_grads_backends(_gpu: GpuContext, p: JsonNetProblem & { alpha: number; gpWeight: number }) {
    const cfg = netConfig(p);
    const d = perturbedNet('D', p);
    const offsets = outputOffsets(cfg);
    const names = netSpec('D', cfg, p.channels)
      .map((s) => s.name)
      .filter((n) => isTrainable(n) && !offsets.includes(n));
    const { height: h, width: w } = p;
    const real = uniformMap(p.seed + 2, h, w, 3);
    const fake = uniformMap(p.seed + 3, h, w, 3);
    const before = tf.memory().numTensors;
    const out = {} as Record<BackendName, JsonGpGrads>;
    for (const backend of BACKENDS) {
      out[backend] = await onBackend(backend, async () => {
        const counts = { calls: 0 };
        // The core's inputs are held for the backward, as trainSingan holds them, and released with the rest.
        const held = new HeldTensors(tf);
        const core = withAxialCoreGrad(tf, countingCore(axialCoreFor(tf), counts), held);
        const { result, wgslPasses } = await countingWgslPasses(async () => {
          const dw = toTensors(d, 'D', p);
          const r = tf.tensor4d(real, [1, h, w, 3]);
          const f = tf.tensor4d(fake, [1, h, w, 3]);
          const { value, grads } = tf.tidy(() =>
            tf.valueAndGrads((...ts: tf.Tensor[]) => {
              const wd = { ...dw };
              names.forEach((n, i) => (wd[n] = ts[i]));
              return gradientPenalty(
                tf,
                (x) => discriminatorForward(tf, cfg, wd, x, TRAIN, core),
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
        return { ...result, coreCalls: counts.calls, wgslPasses };
      });
    }
    return { ...out, withoutGradient: offsets, leakedTensors: tf.memory().numTensors - before };
  },

  /**
   * A whole trainSingan run on WebGPU (the worker's core), then the model
   * file round trip: the parsed copy sampled on WebGPU and, from the same
   * bytes, on the CPU backend.
   */
  async singan_train_webgpu(
    _gpu: GpuContext,
    input: { image: JsonImage; config: Partial<SinganConfig>; sampleSeed: number },
  ) {
    const config = fullConfig(input.config);
    const image = toImage(input.image);
    const tensorsBefore = tf.memory().numTensors;
    const losses: JsonLossPoint[] = [];
    const scaleStarts: number[] = [];
    const scaleMs: number[] = [];
    let started = 0;
    const core = axialCoreFor(tf);
    const { result, wgslPasses } = await countingWgslPasses(() =>
      trainSingan(
        tf,
        image,
        config,
        {
          onScaleStart: (s) => {
            scaleStarts.push(s);
            started = performance.now();
          },
          onIteration: (scale, iteration, l) =>
            losses.push({
              scale,
              iteration,
              losses: l,
              tensors: tf.memory().numTensors,
              ms: performance.now() - started,
            }),
          onScaleDone: (_s, _m, stats) => {
            scaleMs.push(stats.ms);
          },
        },
        undefined,
        core,
      ),
    );
    const model: SinganModel = result;
    let parsed: SinganModel | null = null;
    try {
      const bytes = serializeSinganModel(model);
      const original = await sampleSingan(tf, model, { seed: input.sampleSeed, core });
      parsed = parseSinganModel(tf, bytes);
      const reparsed = await sampleSingan(tf, parsed, { seed: input.sampleSeed, core });
      const reserialized = serializeSinganModel(parsed);
      const onCpu = await onBackend('cpu', async () => {
        const m = parseSinganModel(tf, bytes);
        try {
          return await sampleSingan(tf, m, { seed: input.sampleSeed, core });
        } finally {
          disposeSinganModel(m);
        }
      });
      disposeSinganModel(model);
      disposeSinganModel(parsed);
      parsed = null;
      const run: JsonTrainRun = {
        losses,
        scaleStarts,
        scaleMs,
        model: toBase64(bytes),
        tensorsBefore,
        tensorsAfterDispose: tf.memory().numTensors,
        wgslPasses,
      };
      return {
        ...run,
        reserializedIdentical: toBase64(reserialized) === run.model,
        samples: {
          shape: [original.height, original.width],
          original: Array.from(original.data),
          parsed: Array.from(reparsed.data),
          cpu: Array.from(onCpu.data),
        },
      };
    } catch (err) {
      disposeSinganModel(model);
      if (parsed) disposeSinganModel(parsed);
      throw err;
    }
  },

  /**
   * Trains scale 0 on WebGPU, stops there (as a cancelled or reloaded job
   * would), then resumes from the parsed file of that one scale; then the
   * same settings once more without the stop.
   */
  async singan_resume_webgpu(_gpu: GpuContext, input: { image: JsonImage; config: Partial<SinganConfig> }) {
    const config = fullConfig(input.config);
    const image = toImage(input.image);
    const core = axialCoreFor(tf);
    const tensorsBefore = tf.memory().numTensors;
    const stop = new Error('stopped after scale 0');
    let oneScale: Uint8Array | null = null;
    try {
      await trainSingan(
        tf,
        image,
        config,
        {
          onScaleDone: (_s, m) => {
            oneScale = serializeSinganModel(m);
            throw stop;
          },
        },
        undefined,
        core,
      );
    } catch (err) {
      if (err !== stop) throw err;
    }
    if (!oneScale) throw new Error('scale 0 never finished');
    const tensorsAfterStop = tf.memory().numTensors;
    const resumeFrom = parseSinganModel(tf, oneScale);
    const scaleStarts: number[] = [];
    const lossScales = new Set<number>();
    let resumed: SinganModel;
    try {
      resumed = await trainSingan(
        tf,
        image,
        config,
        {
          onScaleStart: (s) => scaleStarts.push(s),
          onIteration: (s) => lossScales.add(s),
        },
        resumeFrom,
        core,
      );
    } finally {
      disposeSinganModel(resumeFrom);
    }
    const final = serializeSinganModel(resumed);
    disposeSinganModel(resumed);
    // Every random stream is keyed by (seed, scale), so an uninterrupted run must give the same file.
    const straight = await trainSingan(tf, image, config, {}, undefined, core);
    const straightBytes = serializeSinganModel(straight);
    disposeSinganModel(straight);
    return {
      oneScale: toBase64(oneScale),
      final: toBase64(final),
      straight: toBase64(straightBytes),
      scaleStarts,
      lossScales: [...lossScales],
      tensorsBefore,
      tensorsAfterStop,
      tensorsAfterDispose: tf.memory().numTensors,
    };
  },
} as const;
