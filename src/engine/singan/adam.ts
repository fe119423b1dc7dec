import type { NetWeights, Tf, tfc } from './tfTypes';

/** Adam's moments for the trainable tensors of one net. */
export interface AdamState {
  step: number;
  m: NetWeights;
  v: NetWeights;
}

export interface AdamParams {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  /** PyTorch's default (tfjs's Adam would use the backend epsilon, 1e-7). */
  readonly epsilon?: number;
}

export function createAdam(tf: Tf, names: readonly string[], w: NetWeights): AdamState {
  const m: NetWeights = {};
  const v: NetWeights = {};
  for (const n of names) {
    m[n] = tf.zerosLike(w[n]);
    v[n] = tf.zerosLike(w[n]);
  }
  return { step: 0, m, v };
}

export function disposeAdam(state: AdamState): void {
  for (const t of Object.values(state.m)) t.dispose();
  for (const t of Object.values(state.v)) t.dispose();
}

/**
 * One Adam step as torch.optim.Adam computes it, on plain tensors (no tf
 * variables, so nothing is registered globally). Returns new weights; the
 * replaced weights and moments are disposed, the gradients are not.
 */
export function adamStep(tf: Tf, w: NetWeights, grads: NetWeights, state: AdamState, p: AdamParams): NetWeights {
  state.step += 1;
  const t = state.step;
  const eps = p.epsilon ?? 1e-8;
  const bc1 = 1 - p.beta1 ** t;
  const sqrtBc2 = Math.sqrt(1 - p.beta2 ** t);
  const out = { ...w };
  for (const name of Object.keys(grads)) {
    const g = grads[name];
    const [m, v, next] = tf.tidy((): [tfc.Tensor, tfc.Tensor, tfc.Tensor] => {
      const m1 = tf.add(tf.mul(state.m[name], p.beta1), tf.mul(g, 1 - p.beta1));
      const v1 = tf.add(tf.mul(state.v[name], p.beta2), tf.mul(tf.square(g), 1 - p.beta2));
      const denom = tf.add(tf.div(tf.sqrt(v1), sqrtBc2), eps);
      return [m1, v1, tf.sub(w[name], tf.mul(tf.div(m1, denom), p.lr / bc1))];
    });
    state.m[name].dispose();
    state.v[name].dispose();
    w[name].dispose();
    state.m[name] = m;
    state.v[name] = v;
    out[name] = next;
  }
  return out;
}
