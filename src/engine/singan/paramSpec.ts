import type { NetWeights, Tf } from './tfTypes';

/**
 * How a parameter starts, following PyTorch SinGAN's weights_init: conv
 * weights N(0, 0.02), BatchNorm γ N(1, 0.02) and β 0; what weights_init does
 * not touch keeps PyTorch's default (conv and Linear: U(±1/√fan_in)).
 */
export type InitKind = 'conv' | 'linear' | 'bnGamma' | 'zeros' | 'ones';

export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: InitKind;
  readonly fanIn?: number;
}

/** Running statistics are state, not trained: Adam never sees them. */
export function isTrainable(name: string): boolean {
  return !name.endsWith('.runningMean') && !name.endsWith('.runningVar');
}

export function specSize(spec: ParamSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

export function initialValues(spec: ParamSpec, gauss: () => number, uniform: () => number): Float32Array {
  const n = specSize(spec);
  const out = new Float32Array(n);
  const bound = 1 / Math.sqrt(spec.fanIn ?? 1);
  for (let i = 0; i < n; i++) {
    switch (spec.init) {
      case 'conv':
        out[i] = 0.02 * gauss();
        break;
      case 'bnGamma':
        out[i] = 1 + 0.02 * gauss();
        break;
      case 'linear':
        out[i] = (2 * uniform() - 1) * bound;
        break;
      case 'ones':
        out[i] = 1;
        break;
      case 'zeros':
        break;
    }
  }
  return out;
}

/** Fresh weights for a spec, reproducible from the two streams. */
export function initWeights(
  tf: Tf,
  specs: readonly ParamSpec[],
  gauss: () => number,
  uniform: () => number,
): NetWeights {
  const w: NetWeights = {};
  for (const s of specs) w[s.name] = tf.tensor(initialValues(s, gauss, uniform), [...s.shape], 'float32');
  return w;
}
