import type { NetWeights, Tf, tfc } from './tfTypes';

/*
 * Layers that WGAN-GP can differentiate twice in tfjs 4.22. tfjs saves a
 * kernel's *outputs* for its backward as clones recorded on the tape before
 * the kernel itself, so a second backward never reaches the kernel through
 * them: every op whose gradient reads its own output (Exp, Tanh, Sigmoid,
 * Softmax, Elu, Max…) gets a silently wrong second derivative, or "Cannot
 * compute gradient" when that was the only path. Ops whose gradients read
 * only their inputs (Mean, Sub, Square, Sqrt, Rsqrt, Div, Mul, Add, Sum, Abs)
 * and conv2d's input-gradient → filter term are right to second order
 * (secondOrder.test.ts checks each against finite differences), so D is built
 * from those alone; its attention gets an explicit backward (axialCoreGrad).
 */

export const LEAKY_SLOPE = 0.2;
export const BN_EPSILON = 1e-5;
/** PyTorch's BatchNorm momentum: running = (1 − m)·running + m·batch. */
export const BN_MOMENTUM = 0.1;

/**
 * LeakyReLU(0.2) as 0.6·x + 0.4·|x|: tf.leakyRelu's gradient uses Greater,
 * which has no gradient, so it cannot be differentiated twice.
 */
export function leakyRelu(tf: Tf, x: tfc.Tensor): tfc.Tensor {
  const a = (1 + LEAKY_SLOPE) / 2;
  const b = (1 - LEAKY_SLOPE) / 2;
  return tf.add(tf.mul(x, a), tf.mul(tf.abs(x), b));
}

/** Per-channel statistics of one training-mode BatchNorm call (biased variance over `count` values). */
export interface BatchStats {
  readonly prefix: string;
  readonly mean: tfc.Tensor1D;
  readonly variance: tfc.Tensor1D;
  readonly count: number;
}

export interface ForwardMode {
  /** Training: BatchNorm uses the batch's statistics; otherwise the running ones. */
  readonly training: boolean;
  /**
   * Receives each BatchNorm's batch statistics (kept, owned by the receiver)
   * so running statistics can be updated after the step, as PyTorch does on
   * every training-mode forward.
   */
  readonly onBatchStats?: (stats: BatchStats) => void;
}

export const EVAL: ForwardMode = { training: false };

/**
 * BatchNorm2d over a batch-1 NHWC map: statistics over H and W per channel,
 * composed of mean/sub/square/sqrt/div so its second derivatives are right
 * (tf.batchNorm's own gradient crashes under double backward without scale
 * and offset, or with keepDims statistics).
 */
export function batchNorm(tf: Tf, x: tfc.Tensor4D, w: NetWeights, prefix: string, mode: ForwardMode): tfc.Tensor4D {
  const gamma = w[`${prefix}.gamma`];
  const beta = w[`${prefix}.beta`];
  let centred: tfc.Tensor;
  let variance: tfc.Tensor;
  if (mode.training) {
    const mean = tf.mean(x, [0, 1, 2], true);
    centred = tf.sub(x, mean);
    variance = tf.mean(tf.square(centred), [0, 1, 2], true);
    if (mode.onBatchStats) {
      const c = x.shape[3];
      mode.onBatchStats({
        prefix,
        mean: tf.keep<tfc.Tensor1D>(tf.reshape(mean, [c])),
        variance: tf.keep<tfc.Tensor1D>(tf.reshape(variance, [c])),
        count: x.shape[0] * x.shape[1] * x.shape[2],
      });
    }
  } else {
    centred = tf.sub(x, w[`${prefix}.runningMean`]);
    variance = w[`${prefix}.runningVar`];
  }
  // γ/√(σ²+ε) on the per-channel vector, so the full-size map sees one multiply and one add.
  const scale = tf.div(gamma, tf.sqrt(tf.add(variance, BN_EPSILON)));
  return tf.add<tfc.Tensor4D>(tf.mul(centred, scale), beta);
}

/** Stride-1 'valid' convolution with bias. */
export function conv(tf: Tf, x: tfc.Tensor4D, w: NetWeights, prefix: string): tfc.Tensor4D {
  const y = tf.conv2d(x, w[`${prefix}.w`] as tfc.Tensor4D, 1, 'valid');
  return tf.add<tfc.Tensor4D>(y, w[`${prefix}.b`]);
}

/** SinGAN's ConvBlock: conv → BatchNorm → LeakyReLU(0.2). */
export function convBlock(tf: Tf, x: tfc.Tensor4D, w: NetWeights, prefix: string, mode: ForwardMode): tfc.Tensor4D {
  return leakyRelu(tf, batchNorm(tf, conv(tf, x, w, `${prefix}.conv`), w, `${prefix}.bn`, mode)) as tfc.Tensor4D;
}

/**
 * Running statistics after the given batch statistics, applied in call order
 * (PyTorch: momentum 0.1, unbiased variance). Returns a new weights object;
 * the replaced running tensors and the statistics are disposed.
 */
export function applyBatchStats(tf: Tf, w: NetWeights, stats: readonly BatchStats[]): NetWeights {
  const out = { ...w };
  for (const s of stats) {
    const meanKey = `${s.prefix}.runningMean`;
    const varKey = `${s.prefix}.runningVar`;
    const unbiased = s.count > 1 ? s.count / (s.count - 1) : 1;
    const [m, v] = tf.tidy((): [tfc.Tensor, tfc.Tensor] => [
      tf.add(tf.mul(out[meanKey], 1 - BN_MOMENTUM), tf.mul(s.mean, BN_MOMENTUM)),
      tf.add(tf.mul(out[varKey], 1 - BN_MOMENTUM), tf.mul(s.variance, BN_MOMENTUM * unbiased)),
    ]);
    out[meanKey].dispose();
    out[varKey].dispose();
    out[meanKey] = m;
    out[varKey] = v;
    s.mean.dispose();
    s.variance.dispose();
  }
  return out;
}
