import { axialCoreOps, type AxialCore } from '../attention/axialCore';
import { HeldTensors, withAxialCoreGrad } from '../attention/axialCoreGrad';
import type { RgbImage } from '../image/rgbImage';
import { createAdam, disposeAdam, type AdamState } from '../singan/adam';
import { tensorToImage } from '../singan/imageTensors';
import { gaussianStream, noiseChannels, noiseMap, STREAM, uniformStream } from '../singan/noise';
import { initWeights } from '../singan/paramSpec';
import { previewDue, sameSinganConfig, validateSinganConfig, type SinganConfig } from '../singan/singanConfig';
import { cloneNetTensors, freezeNet } from '../singan/singanModel';
import { buildRealPyramid, channelsAtScale, singanPyramid, type ScaleShape } from '../singan/singanPyramid';
import type { NetWeights, Tf } from '../singan/tfTypes';
import { profilePeakBytes, type SinganLosses } from '../singan/trainSingan';
import { sequenceMotionAt, validateSequence, type SequenceOptions } from './sequenceConfig';
import { chainNets, SequenceChain, type ChainNet, type FrameNoise } from './sequenceChain';
import { cloneSequenceScale, disposeSequenceModel, type SequenceModel, type SequenceScale } from './sequenceModel';
import { buildsOnPreviousFrame, sequencerSpec } from './sequenceNet';
import { disposeNet, freshNet, trainableNames } from '../singan/trainingNets';
import { formatSize } from '../image/formatSize';
import {
  discriminatorStep,
  generatorStep,
  isMotionHead,
  TensorSum,
  upsampledFrame,
  type ScaleNets,
  type ScaleRun,
} from './sequenceTrainSteps';

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
 * hyper-parameters (docs/algorithms.md, "GIF → GIF overview"), with a per-scale sequencer (see
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

  // Reconstruction path of the coarser scales, upsampled, on the host (fixed for the whole scale).
  const recPrevHost: Float32Array[] = [];
  let amp = 1;
  if (n > 0) {
    const chain = lowerChain(sequenceReconstructionNoise(model))!;
    try {
      let se = 0;
      for (let t = 0; t < F; t++) {
        const up = upsampledFrame(tf, chain, h, w);
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
    const run: ScaleRun = {
      tf,
      config,
      variant,
      n,
      h,
      w,
      shapes,
      chunks,
      realsAt,
      amp,
      recPrevHost,
      recNoise,
      reportsDrift,
      trainCore,
      held,
      alphaRng,
      gNames,
      dNames,
      sNames,
    };
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
        const weights: ScaleNets = { g: gW, d: dW, s: sW };
        const dLoss = new TensorSum(tf);
        const gLoss = new TensorSum(tf);
        try {
          // A cancel or pause is taken between steps, not only between iterations: one iteration
          // of a ConvLSTM over every frame is 6 steps and seconds on a CPU. Weights stay whole between steps.
          for (let j = 0; j < config.dSteps; j++) {
            if (j > 0) await callbacks.checkpoint?.();
            dLoss.dispose();
            await discriminatorStep(run, weights, randomChain(it, j), noiseAt, adam, adamD, dLoss);
          }
          for (let j = 0; j < config.gSteps; j++) {
            await callbacks.checkpoint?.();
            gLoss.dispose();
            // The coarser frames of the last D step, replayed (SinGAN's G steps use the last D step's prev).
            await generatorStep(run, weights, randomChain(it, config.dSteps - 1), noiseAt, adam, adamG, adamS, gLoss);
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
          ({ g: gW, d: dW, s: sW } = weights);
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
        await callbacks.checkpoint?.();
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
