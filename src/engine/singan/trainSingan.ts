import type { AxialCore } from '../attention/axialCore';
import { HeldTensors, withAxialCoreGrad } from '../attention/axialCoreGrad';
import { axialCoreAuto } from '../attention/fusedAxialCore';
import type { RgbImage } from '../image/rgbImage';
import { adamStep, createAdam, disposeAdam, type AdamState } from './adam';
import { gradientPenalty } from './gradientPenalty';
import { imageToTensor, noiseTensor, resizeTensor, tensorToImage } from './imageTensors';
import { applyBatchStats, EVAL, type BatchStats, type ForwardMode } from './layers';
import { gaussianStream, noiseChannels, noiseMap, STREAM, uniformStream } from './noise';
import { reconstructionNoise, runChain } from './singanChain';
import { previewDue, sameSinganConfig, validateSinganConfig, type SinganConfig } from './singanConfig';
import {
  cloneNetTensors,
  cloneScale,
  disposeSinganModel,
  freezeNet,
  type SinganModel,
  type SinganScale,
} from './singanModel';
import { discriminatorForward, generatorForward } from './singanNet';
import { buildRealPyramid, channelsAtScale, singanPyramid, type ScaleShape } from './singanPyramid';
import type { NetWeights, Tf, tfc } from './tfTypes';
import { disposeNet, freshNet, trainableNames, withTensors } from './trainingNets';
import { formatSize } from '../image/formatSize';

export interface SinganLosses {
  /** mean D(real) of the last D step. */
  dReal: number;
  /** mean D(fake) of the last D step. */
  dFake: number;
  /** Gradient penalty of the last D step, weighted as it enters D's loss. */
  gp: number;
  /** −mean D(G(z)) of the last G step. */
  gAdv: number;
  /** Reconstruction MSE of the last G step, unweighted (G's loss adds recWeight × this). */
  rec: number;
  /** GIF → GIF, coarsest scale, recurrent variants: G's mean squared residual over the moved previous frame (sequenceTrainSteps' driftWeight). */
  drift?: number;
}

export interface SinganTrainCallbacks {
  /** Awaited between iterations: the worker pauses by not resolving and cancels by rejecting (throw signal.reason). */
  checkpoint?(): Promise<void>;
  onScaleStart?(scale: number, scales: number, shape: readonly [number, number]): void;
  onIteration?(scale: number, iteration: number, losses: SinganLosses): void;
  onPreview?(scale: number, iteration: number, sample: RgbImage, reconstruction: RgbImage): void;
  /**
   * After each finished scale, with a model holding every finished scale
   * (persist it here). It is the model trainSingan goes on filling: do not
   * dispose it; if training later fails or is cancelled it is disposed.
   */
  onScaleDone?(scale: number, model: SinganModel, stats: { ms: number }): Promise<void> | void;
  /**
   * Peak tfjs memory (bytes of all live tensors) within the first iteration
   * of each scale. Given only when asked for: it runs that iteration under
   * tf.profile, which records every kernel call and, on a GPU with timestamp
   * queries, submits each one on its own.
   */
  onMemory?(scale: number, peakBytes: number): void;
}

const names = trainableNames;

interface ScaleContext {
  readonly tf: Tf;
  readonly config: SinganConfig;
  readonly model: SinganModel;
  readonly scales: SinganScale[];
  readonly shapes: readonly ScaleShape[];
  readonly reals: readonly RgbImage[];
  /** Differentiable to second order (WGAN-GP), for the nets being trained. */
  readonly trainCore: AxialCore;
  /** What trainCore keeps for its backward; released after every step. */
  readonly held: HeldTensors;
  /** Forward only, for frozen scales. */
  readonly core: AxialCore;
  readonly callbacks: SinganTrainCallbacks;
}

/**
 * Trains SinGAN coarse to fine (docs/algorithms.md, "WGAN-GP and reconstruction loss"; the public code's
 * train_single_scale): per iteration dSteps WGAN-GP steps of D, then gSteps
 * steps of G on −D(fake) + recWeight·MSE(reconstruction, real). Noise comes
 * from the seeded PRNG, so a seed gives the same model on the same backend.
 * With resumeFrom (same config and image size), its finished scales are kept
 * as they are (copied, resumeFrom is not taken over) and training continues
 * at the next scale. `core` is the attention core's forward; the trained nets
 * get its explicit backward (withAxialCoreGrad), which the gradient penalty
 * differentiates again; on a backend with the fused attention kernels
 * (tfjs-wasm) those replace both in the trained nets.
 */
export async function trainSingan(
  tf: Tf,
  image: RgbImage,
  config: SinganConfig,
  callbacks: SinganTrainCallbacks = {},
  resumeFrom?: SinganModel,
  core?: AxialCore,
): Promise<SinganModel> {
  const problem = validateSinganConfig(config, image);
  if (problem) throw new RangeError(problem);
  const pyramid = singanPyramid(config, image.height, image.width);
  const { shapes } = pyramid;
  if (resumeFrom) {
    if (!sameSinganConfig(resumeFrom.config, config))
      throw new RangeError('Cannot continue training: the model was trained with other settings.');
    if (resumeFrom.imageShape[0] !== image.height || resumeFrom.imageShape[1] !== image.width) {
      throw new RangeError(
        `Cannot continue training: the model was trained on a ${formatSize(resumeFrom.imageShape[1], resumeFrom.imageShape[0])} image, this one is ${formatSize(image.width, image.height)}.`,
      );
    }
    if (resumeFrom.scales.length > shapes.length)
      throw new RangeError('Cannot continue training: the model has more scales than its settings give.');
  }
  const [h0, w0] = shapes[0];
  const scales: SinganScale[] = resumeFrom ? resumeFrom.scales.map((s) => cloneScale(tf, s)) : [];
  const model: SinganModel = {
    config: { ...config },
    imageShape: [image.height, image.width],
    scaleFactor: pyramid.scaleFactor,
    scaleShapes: shapes,
    zStar: resumeFrom
      ? resumeFrom.zStar
      : noiseMap(gaussianStream(config.seed, STREAM.zStar), h0, w0, noiseChannels(0)),
    scales,
  };
  // Without a core: the fused kernel where the backend has one (tfjs-wasm), the op chain elsewhere.
  const forward = core ?? axialCoreAuto(tf);
  const held = new HeldTensors(tf);
  const ctx: ScaleContext = {
    tf,
    config,
    model,
    scales,
    shapes,
    reals: buildRealPyramid(image, shapes),
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
    disposeSinganModel(model);
    throw err;
  }
  return model;
}

async function trainScale(ctx: ScaleContext, n: number): Promise<void> {
  const { tf, config, model, scales, shapes, trainCore, held, core, callbacks } = ctx;
  const [h, w] = shapes[n];
  const channels = channelsAtScale(config, n);
  callbacks.onScaleStart?.(n, shapes.length, shapes[n]);

  let gW: NetWeights | null = null;
  let dW: NetWeights | null = null;
  let adamG: AdamState | null = null;
  let adamD: AdamState | null = null;
  const owned: tfc.Tensor[] = [];
  const own = <T extends tfc.Tensor>(t: T): T => (owned.push(t), t);
  try {
    const real = own(imageToTensor(tf, ctx.reals[n]));
    // Reconstruction path: z* at the coarsest scale, zeros above, through the frozen scales.
    const recPrev = own(
      n === 0
        ? tf.zeros<tfc.Rank.R4>([1, h, w, 3])
        : tf.tidy(() =>
            resizeTensor(tf, runChain(tf, model, 0, n - 1, null, shapes, reconstructionNoise(model), core), h, w),
          ),
    );
    let amp = 1;
    if (n > 0) {
      const mse = tf.tidy(() => tf.mean(tf.square(tf.sub(real, recPrev))));
      amp = config.noiseAmpFactor * Math.sqrt((await mse.data())[0]);
      mse.dispose();
    }
    const recNoise = own(n === 0 ? noiseTensor(tf, model.zStar, h, w) : tf.zeros<tfc.Rank.R4>([1, h, w, 3]));

    if (n > 0 && scales[n - 1].channels === channels) {
      // As the public code: start from the scale below when the widths match.
      gW = cloneNetTensors(tf, scales[n - 1].g);
      dW = cloneNetTensors(tf, scales[n - 1].d);
    } else {
      gW = freshNet(tf, 'G', config, channels, n);
      dW = freshNet(tf, 'D', config, channels, n);
    }
    const gNames = names(gW);
    const dNames = names(dW);
    adamG = createAdam(tf, gNames, gW);
    adamD = createAdam(tf, dNames, dW);

    const trainGauss = gaussianStream(config.seed, STREAM.trainNoise, n);
    const alphaRng = uniformStream(config.seed, STREAM.gpAlpha, n);
    const collect = (into: BatchStats[]): ForwardMode => ({ training: true, onBatchStats: (s) => into.push(s) });
    const randomPrev = (): tfc.Tensor4D =>
      n === 0
        ? tf.zeros<tfc.Rank.R4>([1, h, w, 3])
        : tf.tidy(() =>
            resizeTensor(
              tf,
              runChain(
                tf,
                model,
                0,
                n - 1,
                null,
                shapes,
                (s, [sh, sw]) => noiseMap(trainGauss, sh, sw, noiseChannels(s)),
                core,
              ),
              h,
              w,
            ),
          );

    for (let it = 0; it < config.iterations; it++) {
      await callbacks.checkpoint?.();
      const adam = {
        lr: it >= config.lrDropAt ? config.lr * 0.1 : config.lr,
        beta1: config.beta1,
        beta2: config.beta2,
      };
      const iteration = async () => {
        // Narrowing of the outer lets does not reach into this closure; they are set above.
        if (!gW || !dW || !adamG || !adamD) throw new Error('trainScale: nets not initialised');
        // One noise map per iteration, a fresh sample from the scales below per D step (public code).
        const noise = tf.tidy(() =>
          tf.mul<tfc.Tensor4D>(noiseTensor(tf, noiseMap(trainGauss, h, w, noiseChannels(n)), h, w), amp),
        );
        let prev: tfc.Tensor4D | null = null;
        let dParts: tfc.Tensor[] = [];
        let gParts: tfc.Tensor[] = [];
        try {
          for (let j = 0; j < config.dSteps; j++) {
            prev?.dispose();
            prev = randomPrev();
            const gStats: BatchStats[] = [];
            const g0: NetWeights = gW;
            const p0: tfc.Tensor4D = prev;
            const fake = tf.tidy(() => generatorForward(tf, config, g0, noise, p0, collect(gStats), trainCore));
            gW = applyBatchStats(tf, gW, gStats);
            const alpha = alphaRng();
            const dStats: BatchStats[] = [];
            const parts: tfc.Tensor[] = [];
            const d0: NetWeights = dW;
            const grads = tf.tidy(() =>
              tf.grads((...ts: tfc.Tensor[]) => {
                const wd = withTensors(d0, dNames, ts);
                const mode = collect(dStats);
                const D = (x: tfc.Tensor4D) => discriminatorForward(tf, config, wd, x, mode, trainCore);
                const dReal = tf.mean(D(real));
                const dFake = tf.mean(D(fake));
                const gp = gradientPenalty(tf, D, real, fake, alpha, config.gpWeight);
                parts.push(tf.keep(dReal), tf.keep(dFake), tf.keep(gp));
                return tf.add(tf.sub(dFake, dReal), gp);
              })(dNames.map((k) => d0[k])),
            );
            fake.dispose();
            held.release();
            dW = applyBatchStats(tf, dW, dStats);
            dW = adamStep(tf, dW, Object.fromEntries(dNames.map((k, i) => [k, grads[i]])), adamD, adam);
            grads.forEach((g) => g.dispose());
            dParts.forEach((t) => t.dispose());
            dParts = parts;
            await yieldToEventLoop();
          }
          for (let j = 0; j < config.gSteps; j++) {
            const gStats: BatchStats[] = [];
            const dStats: BatchStats[] = [];
            const parts: tfc.Tensor[] = [];
            const g0: NetWeights = gW;
            const d0: NetWeights = dW;
            const p0 = prev!;
            const grads = tf.tidy(() =>
              tf.grads((...ts: tfc.Tensor[]) => {
                const wg = withTensors(g0, gNames, ts);
                const gMode = collect(gStats);
                const fake = generatorForward(tf, config, wg, noise, p0, gMode, trainCore);
                const gAdv = tf.neg(tf.mean(discriminatorForward(tf, config, d0, fake, collect(dStats), trainCore)));
                const recOut = generatorForward(tf, config, wg, recNoise, recPrev, gMode, trainCore);
                const rec = tf.mean(tf.square(tf.sub(recOut, real)));
                parts.push(tf.keep(gAdv), tf.keep(rec));
                return tf.add(gAdv, tf.mul(rec, config.recWeight));
              })(gNames.map((k) => g0[k])),
            );
            held.release();
            gW = applyBatchStats(tf, gW, gStats);
            dW = applyBatchStats(tf, dW, dStats);
            gW = adamStep(tf, gW, Object.fromEntries(gNames.map((k, i) => [k, grads[i]])), adamG, adam);
            grads.forEach((g) => g.dispose());
            gParts.forEach((t) => t.dispose());
            gParts = parts;
            await yieldToEventLoop();
          }
          const stacked = tf.tidy(() => tf.stack([...dParts, ...gParts].map((t) => tf.reshape(t, []))));
          let v: Float32Array;
          try {
            v = (await stacked.data()) as Float32Array;
          } finally {
            stacked.dispose();
          }
          callbacks.onIteration?.(n, it, { dReal: v[0], dFake: v[1], gp: v[2], gAdv: v[3], rec: v[4] });
        } finally {
          held.release();
          noise.dispose();
          prev?.dispose();
          dParts.forEach((t) => t.dispose());
          gParts.forEach((t) => t.dispose());
        }
      };
      if (it === 0 && callbacks.onMemory) callbacks.onMemory(n, await profilePeakBytes(tf, iteration));
      else await iteration();
      if (callbacks.onPreview && previewDue(it, config)) {
        await preview(ctx, n, it, gW, amp, recNoise, recPrev);
      }
    }
    const g = await freezeNet(tf, gW);
    gW = null;
    const d = await freezeNet(tf, dW);
    dW = null;
    scales.push({ channels, noiseAmp: amp, g, d });
  } finally {
    disposeNet(gW);
    disposeNet(dW);
    if (adamG) disposeAdam(adamG);
    if (adamD) disposeAdam(adamD);
    owned.forEach((t) => t.dispose());
  }
}

/**
 * Runs `body` under tf.profile and returns the largest tfjs memory total seen
 * after any kernel. tf.profile leaves profiling switched on when its query
 * throws (no finally in tfjs), so the error is carried past it instead.
 */
export async function profilePeakBytes(tf: Tf, body: () => Promise<void>): Promise<number> {
  let failure: { error: unknown } | null = null;
  const before = tf.memory().numBytes;
  const info = await tf.profile(async () => {
    try {
      await body();
    } catch (error) {
      failure = { error };
    }
  });
  if (failure) throw (failure as { error: unknown }).error;
  // No kernel at all would give Math.max() = -Infinity.
  return Number.isFinite(info.peakBytes) ? Math.max(info.peakBytes, before) : before;
}

/** A sample (the same preview noise every time, so previews show progress) and the reconstruction, with the current G in eval mode. */
async function preview(
  ctx: ScaleContext,
  n: number,
  it: number,
  gW: NetWeights,
  amp: number,
  recNoise: tfc.Tensor4D,
  recPrev: tfc.Tensor4D,
): Promise<void> {
  const { tf, config, model, shapes, core } = ctx;
  const [h, w] = shapes[n];
  const gauss = gaussianStream(config.seed, STREAM.preview, n);
  const draw = (s: number, [sh, sw]: ScaleShape) => noiseMap(gauss, sh, sw, noiseChannels(s));
  const [sample, rec] = tf.tidy(() => {
    const prev =
      n === 0
        ? tf.zeros<tfc.Rank.R4>([1, h, w, 3])
        : resizeTensor(tf, runChain(tf, model, 0, n - 1, null, shapes, draw, core), h, w);
    const z = tf.mul<tfc.Tensor4D>(noiseTensor(tf, draw(n, shapes[n]), h, w), amp);
    return [
      generatorForward(tf, config, gW, z, prev, EVAL, core),
      generatorForward(tf, config, gW, recNoise, recPrev, EVAL, core),
    ];
  });
  try {
    ctx.callbacks.onPreview?.(n, it, await tensorToImage(tf, sample), await tensorToImage(tf, rec));
  } finally {
    sample.dispose();
    rec.dispose();
  }
}

/**
 * One step (a double backward through D) is a long run of synchronous op
 * encoding; between steps the worker must get to answer its heartbeat and
 * read pause/cancel messages, or a loaded machine makes it look hung.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
