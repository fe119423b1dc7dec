import { axialCoreOps, type AxialCore } from '../attention/axialCore';
import { HeldTensors, withAxialCoreGrad } from '../attention/axialCoreGrad';
import type { RgbImage } from '../image/rgbImage';
import { adamStep, createAdam, disposeAdam, type AdamState } from '../singan/adam';
import { gradientPenalty } from '../singan/gradientPenalty';
import { resizeTensor, tensorToImage } from '../singan/imageTensors';
import { applyBatchStats, type BatchStats, type ForwardMode } from '../singan/layers';
import { gaussianStream, noiseChannels, noiseMap, STREAM, uniformStream } from '../singan/noise';
import { initWeights } from '../singan/paramSpec';
import { previewDue, sameSinganConfig, validateSinganConfig, type SinganConfig } from '../singan/singanConfig';
import { cloneNetTensors, freezeNet } from '../singan/singanModel';
import { discriminatorForward } from '../singan/singanNet';
import { buildRealPyramid, channelsAtScale, singanPyramid, type ScaleShape } from '../singan/singanPyramid';
import type { NetWeights, Tf, tfc } from '../singan/tfTypes';
import { profilePeakBytes, yieldToEventLoop, type SinganLosses } from '../singan/trainSingan';
import { sequenceMotionAt, validateSequence, type SequenceOptions } from './sequenceConfig';
import { chainNets, SequenceChain, type ChainNet, type FrameNoise } from './sequenceChain';
import { cloneSequenceScale, disposeSequenceModel, type SequenceModel, type SequenceScale } from './sequenceModel';
import {
  buildsOnPreviousFrame,
  disposeSequenceState,
  keepSequenceState,
  replaceSequenceState,
  SEQUENCE_START,
  sequenceForward,
  sequencerSpec,
  type SequenceState,
} from './sequenceNet';
import { disposeNet, freshNet, trainableNames, withTensors } from '../singan/trainingNets';
import { formatSize } from '../image/formatSize';

export interface SequenceTrainCallbacks {
  /** Awaited between iterations: pause by not resolving, cancel by rejecting. */
  checkpoint?(): Promise<void>;
  onScaleStart?(scale: number, scales: number, shape: readonly [number, number]): void;
  /** Losses of the last D step and the last G step, each the frame-weighted mean over the chunks. */
  onIteration?(scale: number, iteration: number, losses: SinganLosses): void;
  /** Every frame of a sample (fixed preview noise) and of the reconstruction, at the scale's size. */
  onPreview?(scale: number, iteration: number, sampleFrames: RgbImage[], recFrames: RgbImage[]): void;
  /** After each finished scale, with the model trainSequence goes on filling (do not dispose it). */
  onScaleDone?(scale: number, model: SequenceModel, stats: { ms: number }): Promise<void> | void;
  /** Peak tfjs bytes within the first iteration of each scale (run under tf.profile; only when asked for). */
  onMemory?(scale: number, peakBytes: number): void;
}

/** Streams of our own, beside singan/noise.ts's STREAM (1–9). */
const SEQ_STREAM = { init: 21, prevNoise: 22 } as const;

/** zStars[0] is SinGAN's z* exactly; later frames get their own streams. */
export function sequenceZStar(seed: number, frame: number, height: number, width: number): Float32Array {
  const gauss = frame === 0 ? gaussianStream(seed, STREAM.zStar) : gaussianStream(seed, STREAM.zStar, frame);
  return noiseMap(gauss, height, width, noiseChannels(0));
}

const names = trainableNames;

/** Sums lists of tensors elementwise, owning what it is given. */
class TensorSum {
  private acc: tfc.Tensor[] | null = null;
  constructor(private readonly tf: Tf) {}
  add(ts: tfc.Tensor[]): void {
    if (!this.acc) {
      this.acc = ts;
      return;
    }
    const prev = this.acc;
    this.acc = ts.map((t, i) => this.tf.add(prev[i], t));
    prev.forEach((t) => t.dispose());
    ts.forEach((t) => t.dispose());
  }
  /** The sums (the caller owns them); empty when nothing was added. */
  take(): tfc.Tensor[] {
    const a = this.acc ?? [];
    this.acc = null;
    return a;
  }
  dispose(): void {
    this.take().forEach((t) => t.dispose());
  }
}

interface Ctx {
  readonly tf: Tf;
  readonly config: SinganConfig;
  readonly options: SequenceOptions;
  readonly model: SequenceModel;
  readonly scales: SequenceScale[];
  readonly shapes: readonly ScaleShape[];
  /** reals[t][n]: frame t at scale n (host). */
  readonly reals: readonly RgbImage[][];
  readonly trainCore: AxialCore;
  readonly held: HeldTensors;
  readonly core: AxialCore;
  readonly callbacks: SequenceTrainCallbacks;
}

/**
 * Trains GIF → GIF coarse to fine: SinGAN's scales, losses and
 * hyper-parameters (ALGORITHMS.md §2), with a per-scale sequencer (see
 * sequenceForward) trained together with G. Per iteration: dSteps WGAN-GP
 * steps of the unchanged per-frame patch D, then gSteps steps of G and the
 * sequencer on −D(fake) + recWeight·MSE(reconstruction, real)
 * + driftWeight·drift (sequenceForward: G's residual over the moved previous
 * frame, coarsest scale).
 *
 * Frames go chunk by chunk (options.chunk frames): every step runs the
 * sequence once, chunk after chunk, summing the chunks' gradients (each
 * weighted by its share of the frames, so the sum is the gradient of the
 * loss averaged over all frames) before one Adam step. The recurrent state
 * (and, for one-to-many, the previous output) is carried to the next chunk
 * detached: truncated back-propagation through time. D sees chunk t0..t1 of
 * the real frames and the generated frames of the same time steps, and its
 * penalty interpolates real_t with fake_t. The coarser scales' frames are
 * generated frame by frame as at sampling (SequenceChain), in step with the chunks, so
 * tfjs memory holds one chunk's graph however many frames there are
 * (the reconstruction's upsampled coarser frames are kept on the host).
 */
export async function trainSequence(
  tf: Tf,
  frames: readonly RgbImage[],
  config: SinganConfig,
  options: SequenceOptions,
  callbacks: SequenceTrainCallbacks = {},
  resumeFrom?: SequenceModel,
  core?: AxialCore,
): Promise<SequenceModel> {
  const problem = validateSequence(frames, options) ?? validateSinganConfig(config, frames[0]);
  if (problem) throw new RangeError(problem);
  const [first] = frames;
  const pyramid = singanPyramid(config, first.height, first.width);
  const { shapes } = pyramid;
  if (resumeFrom) {
    if (!sameSinganConfig(resumeFrom.config, config))
      throw new RangeError('Cannot continue training: the model was trained with other settings.');
    const s = resumeFrom.sequence;
    if (s.variant !== options.variant || s.hidden !== options.hidden || s.motion !== options.motion) {
      throw new RangeError(
        `Cannot continue training: the model is a ${s.variant} sequence model with ${s.hidden} hidden channels and a motion range of ${s.motion} px.`,
      );
    }
    if (s.frames !== frames.length)
      throw new RangeError(
        `Cannot continue training: the model was trained on ${s.frames} frames, not ${frames.length}.`,
      );
    if (resumeFrom.imageShape[0] !== first.height || resumeFrom.imageShape[1] !== first.width) {
      throw new RangeError(
        `Cannot continue training: the model was trained on ${formatSize(resumeFrom.imageShape[1], resumeFrom.imageShape[0])} frames, these are ${formatSize(first.width, first.height)}.`,
      );
    }
    if (resumeFrom.scales.length > shapes.length)
      throw new RangeError('Cannot continue training: the model has more scales than its settings give.');
  }
  const [h0, w0] = shapes[0];
  const zFrames = options.variant === 'one-to-many' ? 1 : frames.length;
  const zStars = resumeFrom
    ? resumeFrom.sequence.zStars
    : Array.from({ length: zFrames }, (_, t) => sequenceZStar(config.seed, t, h0, w0));
  const scales: SequenceScale[] = resumeFrom ? resumeFrom.scales.map((s) => cloneSequenceScale(tf, s)) : [];
  const model: SequenceModel = {
    config: { ...config },
    imageShape: [first.height, first.width],
    scaleFactor: pyramid.scaleFactor,
    scaleShapes: shapes,
    zStar: zStars[0],
    scales,
    sequence: {
      variant: options.variant,
      hidden: options.hidden,
      chunk: options.chunk,
      motion: options.motion,
      frames: frames.length,
      zStars,
    },
  };
  const forward = core ?? axialCoreOps(tf);
  const held = new HeldTensors(tf);
  const ctx: Ctx = {
    tf,
    config,
    options,
    model,
    scales,
    shapes,
    reals: frames.map((f) => buildRealPyramid(f, shapes)),
    trainCore: withAxialCoreGrad(tf, forward, held),
    held,
    core: forward,
    callbacks,
  };
  try {
    for (let n = scales.length; n < shapes.length; n++) {
      const started = performance.now();
      await trainScale(ctx, n);
      await callbacks.onScaleDone?.(n, model, { ms: performance.now() - started });
    }
  } catch (err) {
    disposeSequenceModel(model);
    throw err;
  } finally {
    held.release();
  }
  return model;
}

const isMotionHead = (name: string) => name.startsWith('move.');

/** A sequencer for a finer scale, started from the one below: the same weights without the coarsest scale's motion head. */
function withoutMotionHead(net: NetWeights): NetWeights {
  for (const k of Object.keys(net).filter(isMotionHead)) {
    net[k].dispose();
    delete net[k];
  }
  return net;
}

/** The reconstruction's noise: z*_t at the coarsest scale (frame 0 only for one-to-many), zeros above. */
export function sequenceReconstructionNoise(model: Pick<SequenceModel, 'sequence'>): FrameNoise {
  return (scale, frame) => (scale === 0 && frame < model.sequence.zStars.length ? model.sequence.zStars[frame] : null);
}

/**
 * Weight of the drift penalty in G's loss: the reconstruction's. Frames
 * t ≥ 1 at the coarsest scale are G's residual over frame t − 1 moved by
 * the motion head; D judges frames one at a time, so nothing else tells G
 * to leave the moved frame alone, and it redrew it (random samples moved the
 * right way, but consecutive frames were far from translations). Measured
 * at 400 iterations on the 32-px test GIFs (seeds 1–3, scratch runs):
 * noise-lstm on the waterfall, phase-correlation peak 0.37 with the penalty
 * at weight 10 vs 0.30 without, per-frame SIFID 67.7 vs 66.2; one-to-many on
 * the moving object, peak 0.24 vs 0.20, temporal SIFID 142 vs 154, direction
 * agreement 0.81 / 0.93 / 0.00 vs 0.84 / 0.98 / −0.87. At weight 100 the
 * frames got worse (SIFID 85 on the waterfall) and the peak no better.
 * (Lowering the noise amplitude of those frames instead made the peak worse:
 * 0.17.)
 */
export function driftWeight(config: Pick<SinganConfig, 'recWeight'>): number {
  return config.recWeight;
}

/** [1,H,W,3] in [−1, 1] from host RGB in [0, 1]. */
function toSigned(image: RgbImage): Float32Array {
  return image.data.map((v) => 2 * v - 1);
}

async function trainScale(ctx: Ctx, n: number): Promise<void> {
  const { tf, config, options, model, scales, shapes, trainCore, held, core, callbacks } = ctx;
  const { variant } = options;
  const [h, w] = shapes[n];
  const F = ctx.reals.length;
  const channels = channelsAtScale(config, n);
  callbacks.onScaleStart?.(n, shapes.length, shapes[n]);
  const chunks: [number, number][] = [];
  for (let t0 = 0; t0 < F; t0 += options.chunk) chunks.push([t0, Math.min(F, t0 + options.chunk)]);
  const realsAt = ctx.reals.map((r) => toSigned(r[n]));

  /** The coarser scales' frames upsampled to this scale, from an eval-mode chain (null at scale 0: zeros). */
  const lowerChain = (noiseAt: FrameNoise): SequenceChain | null =>
    n === 0 ? null : new SequenceChain(tf, config, variant, chainNets(model, n - 1), shapes, noiseAt, core);
  const upsampledFrame = (chain: SequenceChain): tfc.Tensor4D => {
    const low = chain.next();
    try {
      return resizeTensor(tf, low, h, w);
    } finally {
      low.dispose();
    }
  };
  const stackHost = (t0: number, t1: number, frame: (t: number) => Float32Array | null): tfc.Tensor4D => {
    const size = h * w * 3;
    const data = new Float32Array((t1 - t0) * size);
    for (let t = t0; t < t1; t++) {
      const f = frame(t);
      if (f) data.set(f, (t - t0) * size);
    }
    return tf.tensor4d(data, [t1 - t0, h, w, 3]);
  };
  const chainChunk = (chain: SequenceChain | null, t0: number, t1: number): tfc.Tensor4D => {
    if (!chain) return tf.zeros<tfc.Rank.R4>([t1 - t0, h, w, 3]);
    const parts: tfc.Tensor4D[] = [];
    try {
      for (let t = t0; t < t1; t++) parts.push(upsampledFrame(chain));
      return tf.concat<tfc.Tensor4D>(parts, 0);
    } finally {
      parts.forEach((p) => p.dispose());
    }
  };

  /** A D or G step's inputs for frames t0..t1 − 1: its share of the frames, the coarser frames upsampled (y↑), unit noise and the real frames. */
  const chunkInputs = (
    chain: SequenceChain | null,
    noiseAt: (t: number) => Float32Array | null,
    t0: number,
    t1: number,
  ) => ({
    weight: (t1 - t0) / F,
    prev: chainChunk(chain, t0, t1),
    z: stackHost(t0, t1, noiseAt),
    real: stackHost(t0, t1, (t) => realsAt[t]),
  });

  // Reconstruction path of the coarser scales, upsampled, on the host (fixed for the whole scale).
  const recPrevHost: Float32Array[] = [];
  let amp = 1;
  if (n > 0) {
    const chain = lowerChain(sequenceReconstructionNoise(model))!;
    try {
      let se = 0;
      for (let t = 0; t < F; t++) {
        const up = upsampledFrame(chain);
        try {
          recPrevHost.push(((await up.data()) as Float32Array).slice());
        } finally {
          up.dispose();
        }
        const r = realsAt[t];
        const p = recPrevHost[t];
        for (let i = 0; i < r.length; i++) se += (r[i] - p[i]) ** 2;
      }
      // noiseAmpFactor × RMSE over all frames.
      amp = config.noiseAmpFactor * Math.sqrt(se / (F * h * w * 3));
    } finally {
      chain.dispose();
    }
  }
  const recNoise = sequenceReconstructionNoise(model);
  const reportsDrift = buildsOnPreviousFrame(variant, n === 0);

  let gW: NetWeights | null = null;
  let dW: NetWeights | null = null;
  let sW: NetWeights | null = null;
  let adamG: AdamState | null = null;
  let adamD: AdamState | null = null;
  let adamS: AdamState | null = null;
  try {
    if (n > 0 && scales[n - 1].channels === channels) {
      gW = cloneNetTensors(tf, scales[n - 1].g);
      dW = cloneNetTensors(tf, scales[n - 1].d);
    } else {
      gW = freshNet(tf, 'G', config, channels, n);
      dW = freshNet(tf, 'D', config, channels, n);
    }
    const below = n > 0 ? scales[n - 1].seq : null;
    if (variant !== 'batch') {
      // The sequencer's size does not depend on the scale: start from the one below, as G and D do when they can.
      // The motion head lives at the coarsest scale only (where frame t is built on frame t − 1).
      sW = below
        ? withoutMotionHead(cloneNetTensors(tf, below))
        : initWeights(
            tf,
            sequencerSpec(variant, options.hidden, sequenceMotionAt(options, n)),
            gaussianStream(config.seed, SEQ_STREAM.init, n, 0),
            uniformStream(config.seed, SEQ_STREAM.init, n, 1),
          );
    }
    const gNames = names(gW);
    const dNames = names(dW);
    const sNames = sW ? names(sW) : [];
    adamG = createAdam(tf, gNames, gW);
    adamD = createAdam(tf, dNames, dW);
    adamS = sW ? createAdam(tf, sNames, sW) : null;

    const alphaRng = uniformStream(config.seed, STREAM.gpAlpha, n);
    const collect = (into: BatchStats[]): ForwardMode => ({ training: true, onBatchStats: (s) => into.push(s) });
    /** This iteration's unit noise at scale n for frame t (one-to-many: frame 0 only). */
    const trainNoise = (it: number) => (t: number) =>
      variant === 'one-to-many' && t > 0
        ? null
        : noiseMap(gaussianStream(config.seed, STREAM.trainNoise, n, it, t), h, w, noiseChannels(n));
    /** A fresh sample of the coarser scales per D step (as the public code), reproducible so the G steps can replay the last one. */
    const randomChain = (it: number, j: number) =>
      lowerChain((s, t, [sh, sw]) =>
        noiseMap(gaussianStream(config.seed, SEQ_STREAM.prevNoise, n, it, j, s, t), sh, sw, noiseChannels(s)),
      );

    for (let it = 0; it < config.iterations; it++) {
      await callbacks.checkpoint?.();
      const adam = {
        lr: it >= config.lrDropAt ? config.lr * 0.1 : config.lr,
        beta1: config.beta1,
        beta2: config.beta2,
      };
      const noiseAt = trainNoise(it);
      const iteration = async () => {
        if (!gW || !dW || !adamG || !adamD) throw new Error('trainScale: nets not initialised');
        const dLoss = new TensorSum(tf);
        const gLoss = new TensorSum(tf);
        try {
          for (let j = 0; j < config.dSteps; j++) {
            dLoss.dispose();
            const gradSum = new TensorSum(tf);
            const chain = randomChain(it, j);
            let state: SequenceState = SEQUENCE_START;
            try {
              for (const [t0, t1] of chunks) {
                const { weight, prev, z, real } = chunkInputs(chain, noiseAt, t0, t1);
                try {
                  const gStats: BatchStats[] = [];
                  const [g0, s0, st] = [gW, sW, state];
                  let next: SequenceState = st;
                  const fake = tf.tidy(() => {
                    const r = sequenceForward(
                      tf,
                      config,
                      variant,
                      g0,
                      s0,
                      amp,
                      z,
                      prev,
                      st,
                      collect(gStats),
                      trainCore,
                      n === 0,
                    );
                    next = keepSequenceState(tf, r.state);
                    return r.frames;
                  });
                  state = replaceSequenceState(state, next);
                  gW = applyBatchStats(tf, gW, gStats);
                  const alpha = alphaRng();
                  const dStats: BatchStats[] = [];
                  const parts: tfc.Tensor[] = [];
                  const d0: NetWeights = dW;
                  let grads: tfc.Tensor[];
                  try {
                    grads = tf.tidy(() =>
                      tf.grads((...ts: tfc.Tensor[]) => {
                        const wd = withTensors(d0, dNames, ts);
                        const mode = collect(dStats);
                        const D = (x: tfc.Tensor4D) => discriminatorForward(tf, config, wd, x, mode, trainCore);
                        const dReal = tf.mean(D(real));
                        const dFake = tf.mean(D(fake));
                        const gp = gradientPenalty(tf, D, real, fake, alpha, config.gpWeight);
                        parts.push(...[dReal, dFake, gp].map((t) => tf.keep(tf.mul(t, weight))));
                        return tf.mul(tf.add(tf.sub(dFake, dReal), gp), weight);
                      })(dNames.map((k) => d0[k])),
                    );
                  } finally {
                    fake.dispose();
                    held.release();
                  }
                  dW = applyBatchStats(tf, dW, dStats);
                  gradSum.add(grads);
                  dLoss.add(parts);
                } finally {
                  [prev, z, real].forEach((t) => t.dispose());
                }
                await yieldToEventLoop();
              }
              const sums = gradSum.take();
              try {
                dW = adamStep(tf, dW, Object.fromEntries(dNames.map((k, i) => [k, sums[i]])), adamD, adam);
              } finally {
                sums.forEach((g) => g.dispose());
              }
            } finally {
              gradSum.dispose();
              disposeSequenceState(state);
              chain?.dispose();
            }
          }
          for (let j = 0; j < config.gSteps; j++) {
            gLoss.dispose();
            const gradSum = new TensorSum(tf);
            // The coarser frames of the last D step, replayed (SinGAN's G steps use the last D step's prev).
            const chain = randomChain(it, config.dSteps - 1);
            let state: SequenceState = SEQUENCE_START;
            let recState: SequenceState = SEQUENCE_START;
            try {
              for (const [t0, t1] of chunks) {
                const { weight, prev, z, real } = chunkInputs(chain, noiseAt, t0, t1);
                const recPrev =
                  n === 0 ? tf.zeros<tfc.Rank.R4>([t1 - t0, h, w, 3]) : stackHost(t0, t1, (t) => recPrevHost[t]);
                const recZ = stackHost(t0, t1, (t) => recNoise(n, t, shapes[n]));
                try {
                  const gStats: BatchStats[] = [];
                  const dStats: BatchStats[] = [];
                  const parts: tfc.Tensor[] = [];
                  const [g0, s0, d0, st, rst] = [gW, sW, dW, state, recState];
                  let next: SequenceState = st;
                  let recNext: SequenceState = rst;
                  // tf.grads refuses a weight the loss does not reach: on a chunk of frame 0 alone, one-to-many's sequencer and the motion head.
                  const seqNames =
                    t1 > 1 ? sNames : variant === 'one-to-many' ? [] : sNames.filter((k) => !isMotionHead(k));
                  const xs = [...gNames.map((k) => g0[k]), ...seqNames.map((k) => s0![k])];
                  const grads = tf.tidy(() =>
                    tf.grads((...ts: tfc.Tensor[]) => {
                      const wg = withTensors(g0, gNames, ts.slice(0, gNames.length));
                      const ws = s0 ? withTensors(s0, seqNames, ts.slice(gNames.length)) : null;
                      const gMode = collect(gStats);
                      const fake = sequenceForward(
                        tf,
                        config,
                        variant,
                        wg,
                        ws,
                        amp,
                        z,
                        prev,
                        st,
                        gMode,
                        trainCore,
                        n === 0,
                      );
                      const gAdv = tf.neg(
                        tf.mean(discriminatorForward(tf, config, d0, fake.frames, collect(dStats), trainCore)),
                      );
                      const recOut = sequenceForward(
                        tf,
                        config,
                        variant,
                        wg,
                        ws,
                        amp,
                        recZ,
                        recPrev,
                        rst,
                        gMode,
                        trainCore,
                        n === 0,
                      );
                      const rec = tf.mean(tf.square(tf.sub(recOut.frames, real)));
                      next = keepSequenceState(tf, fake.state);
                      recNext = keepSequenceState(tf, recOut.state);
                      parts.push(tf.keep(tf.mul(gAdv, weight)), tf.keep(tf.mul(rec, weight)));
                      let loss = tf.add(gAdv, tf.mul(rec, config.recWeight));
                      if (fake.drift) loss = tf.add(loss, tf.mul(fake.drift, driftWeight(config)));
                      // Every chunk reports the same parts (TensorSum adds them elementwise): 0 drift for a chunk of frame 0 alone.
                      if (reportsDrift) parts.push(tf.keep(tf.mul(fake.drift ?? tf.scalar(0), weight)));
                      return tf.mul(loss, weight);
                    })(xs),
                  );
                  held.release();
                  state = replaceSequenceState(state, next);
                  recState = replaceSequenceState(recState, recNext);
                  gW = applyBatchStats(tf, gW, gStats);
                  dW = applyBatchStats(tf, dW, dStats);
                  const reached = new Map(seqNames.map((k, i) => [k, grads[gNames.length + i]]));
                  gradSum.add([
                    ...grads.slice(0, gNames.length),
                    ...sNames.map((k) => reached.get(k) ?? tf.zerosLike(s0![k])),
                  ]);
                  gLoss.add(parts);
                } finally {
                  held.release();
                  [prev, z, real, recPrev, recZ].forEach((t) => t.dispose());
                }
                await yieldToEventLoop();
              }
              const sums = gradSum.take();
              try {
                gW = adamStep(tf, gW, Object.fromEntries(gNames.map((k, i) => [k, sums[i]])), adamG, adam);
                if (sW && adamS)
                  sW = adamStep(
                    tf,
                    sW,
                    Object.fromEntries(sNames.map((k, i) => [k, sums[gNames.length + i]])),
                    adamS,
                    adam,
                  );
              } finally {
                sums.forEach((g) => g.dispose());
              }
            } finally {
              gradSum.dispose();
              disposeSequenceState(state);
              disposeSequenceState(recState);
              chain?.dispose();
            }
          }
          const all = [...dLoss.take(), ...gLoss.take()];
          const stacked = tf.tidy(() => tf.stack(all.map((t) => tf.reshape(t, []))));
          all.forEach((t) => t.dispose());
          let v: Float32Array;
          try {
            v = (await stacked.data()) as Float32Array;
          } finally {
            stacked.dispose();
          }
          callbacks.onIteration?.(n, it, {
            dReal: v[0],
            dFake: v[1],
            gp: v[2],
            gAdv: v[3],
            rec: v[4],
            ...(reportsDrift ? { drift: v[5] } : {}),
          });
        } finally {
          held.release();
          dLoss.dispose();
          gLoss.dispose();
        }
      };
      if (it === 0 && callbacks.onMemory) callbacks.onMemory(n, await profilePeakBytes(tf, iteration));
      else await iteration();
      if (callbacks.onPreview && previewDue(it, config)) {
        const nets = [...chainNets(model, n - 1), { g: gW, seq: sW, amp }];
        const gauss = (s: number, t: number, [sh, sw]: ScaleShape) =>
          noiseMap(gaussianStream(config.seed, STREAM.preview, n, s, t), sh, sw, noiseChannels(s));
        const sample = await chainFrames(tf, config, options, nets, shapes, gauss, core, F);
        const rec = await chainFrames(tf, config, options, nets, shapes, recNoise, core, F);
        callbacks.onPreview(n, it, sample, rec);
      }
    }
    const g = await freezeNet(tf, gW);
    gW = null;
    const d = await freezeNet(tf, dW);
    dW = null;
    const seq = sW ? await freezeNet(tf, sW) : null;
    sW = null;
    scales.push({ channels, noiseAmp: amp, g, d, seq });
  } finally {
    disposeNet(gW);
    disposeNet(dW);
    disposeNet(sW);
    if (adamG) disposeAdam(adamG);
    if (adamD) disposeAdam(adamD);
    if (adamS) disposeAdam(adamS);
  }
}

/** `count` frames of a chain as images, one at a time. */
async function chainFrames(
  tf: Tf,
  config: SinganConfig,
  options: SequenceOptions,
  nets: ChainNet[],
  shapes: readonly ScaleShape[],
  noiseAt: FrameNoise,
  core: AxialCore,
  count: number,
): Promise<RgbImage[]> {
  const chain = new SequenceChain(tf, config, options.variant, nets, shapes, noiseAt, core);
  const out: RgbImage[] = [];
  try {
    for (let t = 0; t < count; t++) {
      const x = chain.next();
      try {
        out.push(await tensorToImage(tf, x));
      } finally {
        x.dispose();
      }
    }
  } finally {
    chain.dispose();
  }
  return out;
}
