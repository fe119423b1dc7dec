import type { AttentionAxis, AxialCore } from '../attention/axialCore';
import { leakyRelu } from './layers';
import type { ParamSpec } from './paramSpec';
import type { NetWeights, Tf, tfc } from './tfTypes';

const AXES: readonly AttentionAxis[] = ['rows', 'cols'];

/**
 * Parameters of one axial attention block on C channels (and its optional
 * feed-forward block). Projections are Linear-style (PyTorch's default
 * U(±1/√fan_in)) rather than SinGAN's N(0, 0.02): with γ = 0 the block starts
 * as the identity either way, and 0.02-scale projections would leave the
 * attention output, hence γ's gradient, vanishingly small.
 */
export function attentionSpecs(prefix: string, c: number, feedForward: boolean): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (const axis of AXES) {
    for (const m of ['wq', 'wk', 'wv', 'wo'])
      specs.push({ name: `${prefix}.attn.${axis}.${m}`, shape: [c, c], init: 'linear', fanIn: c });
    specs.push({ name: `${prefix}.attn.${axis}.bo`, shape: [c], init: 'linear', fanIn: c });
  }
  specs.push({ name: `${prefix}.attn.gamma`, shape: [], init: 'zeros' });
  if (feedForward) {
    specs.push(
      { name: `${prefix}.ff.w1`, shape: [c, 2 * c], init: 'linear', fanIn: c },
      { name: `${prefix}.ff.b1`, shape: [2 * c], init: 'linear', fanIn: c },
      { name: `${prefix}.ff.w2`, shape: [2 * c, c], init: 'linear', fanIn: 2 * c },
      { name: `${prefix}.ff.b2`, shape: [c], init: 'linear', fanIn: 2 * c },
      { name: `${prefix}.ff.gamma`, shape: [], init: 'zeros' },
    );
  }
  return specs;
}

/** x·W on the channel axis of an NHWC map, as [N·H·W, C] matrices. */
function project(tf: Tf, x2: tfc.Tensor2D, w: tfc.Tensor): tfc.Tensor2D {
  return tf.matMul(x2, w);
}

/**
 * The core on every image of a batch. The core's contract is one [H, W, C]
 * image (the WGSL kernel's too), and an axis must never run across images,
 * so a batch (GIF → GIF's frames) is attended image by image; a single image
 * goes straight through, as it always has.
 */
function coreOverBatch(
  tf: Tf,
  core: AxialCore,
  q: tfc.Tensor4D,
  k: tfc.Tensor4D,
  v: tfc.Tensor4D,
  axis: AttentionAxis,
): tfc.Tensor4D {
  const [n, h, wd, c] = q.shape;
  const image = (t: tfc.Tensor4D, i: number) =>
    tf.reshape<tfc.Rank.R3>(n === 1 ? t : tf.slice(t, [i, 0, 0, 0], [1, h, wd, c]), [h, wd, c]);
  const out: tfc.Tensor3D[] = [];
  for (let i = 0; i < n; i++) out.push(core(image(q, i), image(k, i), image(v, i), axis));
  return (n === 1 ? tf.reshape(out[0], [1, h, wd, c]) : tf.stack(out)) as tfc.Tensor4D;
}

/**
 * y = x + γ·Σ_axis (Wo·core_axis(Wq·x, Wk·x, Wv·x) + bo), rows then columns,
 * each axis with its own projections (docs/algorithms.md, "Axial attention"); every image of a
 * batch attends within itself.
 */
export function axialAttentionBlock(
  tf: Tf,
  x: tfc.Tensor4D,
  w: NetWeights,
  prefix: string,
  core: AxialCore,
): tfc.Tensor4D {
  const [n, h, wd, c] = x.shape;
  const x2 = tf.reshape<tfc.Rank.R2>(x, [n * h * wd, c]);
  const p = `${prefix}.attn`;
  const map = (t: tfc.Tensor2D) => tf.reshape<tfc.Rank.R4>(t, [n, h, wd, c]);
  let out: tfc.Tensor2D | null = null;
  for (const axis of AXES) {
    const q = map(project(tf, x2, w[`${p}.${axis}.wq`]));
    const k = map(project(tf, x2, w[`${p}.${axis}.wk`]));
    const v = map(project(tf, x2, w[`${p}.${axis}.wv`]));
    const attended = tf.reshape<tfc.Rank.R2>(coreOverBatch(tf, core, q, k, v, axis), [n * h * wd, c]);
    const o = tf.add<tfc.Tensor2D>(project(tf, attended, w[`${p}.${axis}.wo`]), w[`${p}.${axis}.bo`]);
    out = out ? tf.add<tfc.Tensor2D>(out, o) : o;
  }
  return tf.add<tfc.Tensor4D>(x, tf.mul(map(out!), w[`${p}.gamma`]));
}

/** y = x + γ_ff·(W2·LeakyReLU(W1·x + b1) + b2), hidden width 2C, per position. */
export function feedForwardBlock(tf: Tf, x: tfc.Tensor4D, w: NetWeights, prefix: string): tfc.Tensor4D {
  const [n, h, wd, c] = x.shape;
  const p = `${prefix}.ff`;
  const x2 = tf.reshape<tfc.Rank.R2>(x, [n * h * wd, c]);
  const hidden = leakyRelu(tf, tf.add(project(tf, x2, w[`${p}.w1`]), w[`${p}.b1`])) as tfc.Tensor2D;
  const y = tf.add(project(tf, hidden, w[`${p}.w2`]), w[`${p}.b2`]);
  return tf.add<tfc.Tensor4D>(x, tf.mul(tf.reshape(y, [n, h, wd, c]), w[`${p}.gamma`]));
}

/** The attention block, then the feed-forward block when the weights have one. */
export function attentionSite(tf: Tf, x: tfc.Tensor4D, w: NetWeights, prefix: string, core: AxialCore): tfc.Tensor4D {
  const y = axialAttentionBlock(tf, x, w, prefix, core);
  return `${prefix}.ff.w1` in w ? feedForwardBlock(tf, y, w, prefix) : y;
}
