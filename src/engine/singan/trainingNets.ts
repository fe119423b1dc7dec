import { gaussianStream, STREAM, uniformStream } from './noise';
import { initWeights, isTrainable } from './paramSpec';
import type { SinganConfig } from './singanConfig';
import { netSpec, type NetKind } from './singanNet';
import type { NetWeights, Tf, tfc } from './tfTypes';

/**
 * The nets a training step works on, shared by SinGAN's training and GIF →
 * GIF's (src/engine/gif2gif/trainSequence.ts), so both start a scale's G and
 * D from the same streams and differentiate the same weights.
 */

/** The weights a step differentiates (BatchNorm running statistics are not). */
export const trainableNames = (w: NetWeights): string[] => Object.keys(w).filter(isTrainable);

/** The net with `keys` replaced by `ts` (tf.grads hands its inputs back as new tensors). */
export function withTensors(w: NetWeights, keys: readonly string[], ts: readonly tfc.Tensor[]): NetWeights {
  const out = { ...w };
  keys.forEach((k, i) => (out[k] = ts[i]));
  return out;
}

export function disposeNet(w: NetWeights | null): void {
  if (w) for (const t of Object.values(w)) t.dispose();
}

/** A scale's freshly initialised G or D, from the seed's init streams. */
export function freshNet(tf: Tf, kind: NetKind, config: SinganConfig, channels: number, scale: number): NetWeights {
  const k = kind === 'G' ? 0 : 2;
  return initWeights(
    tf,
    netSpec(kind, config, channels),
    gaussianStream(config.seed, STREAM.init, scale, k),
    uniformStream(config.seed, STREAM.init, scale, k + 1),
  );
}
