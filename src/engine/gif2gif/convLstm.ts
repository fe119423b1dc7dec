import type { ParamSpec } from '../singan/paramSpec';
import type { NetWeights, Tf, tfc } from '../singan/tfTypes';

/** Gate order along the conv's output channels (PyTorch's nn.LSTM uses i, f, g, o). */
export const LSTM_GATES = ['i', 'f', 'o', 'g'] as const;

export interface ConvLstmState {
  /** Hidden state h, [B, H, W, hidden]. */
  readonly h: tfc.Tensor4D;
  /** Cell state c, [B, H, W, hidden]. */
  readonly c: tfc.Tensor4D;
}

/**
 * A ConvLSTM cell (Shi et al. 2015, without peepholes): one k×k convolution
 * over concat([x, h]) gives 4·hidden gate channels, in the order i, f, o, g
 * (weights `${prefix}.w`, [k, k, inChannels + hidden, 4·hidden]). The biases
 * are one tensor per gate so that each can start as it should with a plain
 * ParamSpec init: zeros, except the forget gate's ones (Jozefowicz et al.
 * 2015, Keras's unit_forget_bias), so the cell starts out remembering.
 * Weights start as PyTorch's default conv init, U(±1/√fan_in).
 */
export function convLstmSpec(prefix: string, inChannels: number, hidden: number, kernel = 3): ParamSpec[] {
  if (!Number.isInteger(kernel) || kernel < 1 || kernel % 2 === 0)
    throw new RangeError(`ConvLSTM kernel must be odd; got ${kernel}.`);
  const fanIn = kernel * kernel * (inChannels + hidden);
  return [
    { name: `${prefix}.w`, shape: [kernel, kernel, inChannels + hidden, 4 * hidden], init: 'linear', fanIn },
    { name: `${prefix}.bi`, shape: [hidden], init: 'zeros' },
    { name: `${prefix}.bf`, shape: [hidden], init: 'ones' },
    { name: `${prefix}.bo`, shape: [hidden], init: 'zeros' },
    { name: `${prefix}.bg`, shape: [hidden], init: 'zeros' },
  ];
}

/** Hidden size of a ConvLSTM from its weights. */
export function convLstmHidden(w: NetWeights, prefix: string): number {
  return w[`${prefix}.bi`].shape[0];
}

/**
 * One step: gates = conv_same(concat([x, h])) + b;
 * c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'). A null state is zeros.
 * 'same' zero padding keeps the spatial size. Pure tfjs ops (differentiable
 * to first order, which is all the generator side needs: WGAN-GP's second
 * order is taken w.r.t. D only).
 */
export function convLstmStep(
  tf: Tf,
  w: NetWeights,
  prefix: string,
  x: tfc.Tensor4D,
  state: ConvLstmState | null,
): ConvLstmState {
  const hidden = convLstmHidden(w, prefix);
  const [b, height, width] = x.shape;
  const h0 = state ? state.h : tf.zeros<tfc.Rank.R4>([b, height, width, hidden]);
  const gates = tf.add<tfc.Tensor4D>(
    tf.conv2d(tf.concat<tfc.Tensor4D>([x, h0], 3), w[`${prefix}.w`] as tfc.Tensor4D, 1, 'same'),
    tf.concat(LSTM_GATES.map((g) => w[`${prefix}.b${g}`])),
  );
  const [i, f, o, g] = tf.split<tfc.Tensor4D>(gates, 4, 3);
  const ig = tf.mul(tf.sigmoid(i), tf.tanh(g));
  const c = (state ? tf.add(tf.mul(tf.sigmoid(f), state.c), ig) : ig) as tfc.Tensor4D;
  const h = tf.mul<tfc.Tensor4D>(tf.sigmoid(o), tf.tanh(c));
  return { h, c };
}
