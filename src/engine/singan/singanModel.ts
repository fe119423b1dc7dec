import type { SinganConfig } from './singanConfig';
import type { ScaleShape } from './singanPyramid';
import type { NetWeights, Tf } from './tfTypes';

/** A finished net: live tensors for sampling and host copies of the same values for saving. */
export interface FrozenNet {
  readonly tensors: NetWeights;
  /** Written by the model file without reading the GPU again. */
  readonly values: Readonly<Record<string, Float32Array>>;
}

export interface SinganScale {
  /** Convolution width of both nets at this scale. */
  readonly channels: number;
  /** Noise amplitude: 1 at the coarsest scale, noiseAmpFactor × RMSE above. */
  readonly noiseAmp: number;
  /** Generator, with BatchNorm running statistics (sampling uses eval mode) and attention weights. */
  readonly g: FrozenNet;
  /** Discriminator: only needed to initialise the next scale or to continue training. */
  readonly d: FrozenNet;
}

/**
 * A trained (or partly trained) SinGAN. The training image is not part of
 * it: sampling, super-resolution and injection need only the generators,
 * z* and the shapes.
 */
export interface SinganModel {
  readonly config: SinganConfig;
  /** Height × width of the image it was trained on (before the maxSize limit). */
  readonly imageShape: ScaleShape;
  /** Effective factor between scales (see singanPyramid). */
  readonly scaleFactor: number;
  /** Every planned scale, coarsest first; only the first scales.length are trained. */
  readonly scaleShapes: readonly ScaleShape[];
  /** The fixed reconstruction noise z* of the coarsest scale, HWC with 3 (equal) channels. */
  readonly zStar: Float32Array;
  /** Finished scales, coarsest first. */
  readonly scales: readonly SinganScale[];
}

/** Frees every tensor of the model; its host copies stay readable. */
export function disposeSinganModel(model: SinganModel): void {
  for (const s of model.scales) {
    for (const t of Object.values(s.g.tensors)) t.dispose();
    for (const t of Object.values(s.d.tensors)) t.dispose();
  }
}

/**
 * Takes ownership of `tensors` and reads their values to the host with one
 * asynchronous download (never dataSync, so a worker's event loop stays free).
 */
export async function freezeNet(tf: Tf, tensors: NetWeights): Promise<FrozenNet> {
  const names = Object.keys(tensors);
  const flat = tf.tidy(() => tf.concat(names.map((n) => tf.reshape(tensors[n], [-1]))));
  let all: Float32Array;
  try {
    all = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  const values: Record<string, Float32Array> = {};
  let offset = 0;
  for (const n of names) {
    const size = tensors[n].size;
    values[n] = all.slice(offset, offset + size);
    offset += size;
  }
  return { tensors, values };
}

/** A net's weights as new tensors the caller owns (the frozen net is untouched). */
export function cloneNetTensors(tf: Tf, net: FrozenNet): NetWeights {
  const out: NetWeights = {};
  for (const [n, t] of Object.entries(net.tensors)) out[n] = tf.clone(t);
  return out;
}

/** The scale with its own tensors (host copies are immutable and shared). */
export function cloneScale(tf: Tf, s: SinganScale): SinganScale {
  return {
    channels: s.channels,
    noiseAmp: s.noiseAmp,
    g: { tensors: cloneNetTensors(tf, s.g), values: s.g.values },
    d: { tensors: cloneNetTensors(tf, s.d), values: s.d.values },
  };
}
