import { cloneNetTensors, type FrozenNet, type SinganModel, type SinganScale } from '../singan/singanModel';
import type { Tf } from '../singan/tfTypes';
import type { SequenceVariant } from './sequenceConfig';

export interface SequenceScale extends SinganScale {
  /** The scale's sequencer (ConvLSTM `lstm.*` and 1×1 output conv `out.*`); null for 'batch'. */
  readonly seq: FrozenNet | null;
}

export interface SequenceInfo {
  readonly variant: SequenceVariant;
  readonly hidden: number;
  readonly chunk: number;
  /** The coarsest scale's motion radius (SequenceOptions.motion); 0 in files written before it existed. */
  readonly motion: number;
  /** Frames it was trained on (the default length of samples). */
  readonly frames: number;
  /**
   * Per-frame reconstruction noise at the coarsest scale (HWC, 3 equal
   * channels); zStars[0] === zStar. One per frame, except 'one-to-many',
   * whose only noise is frame 0's.
   */
  readonly zStars: readonly Float32Array[];
}

/** A trained (or partly trained) GIF → GIF model: SinGAN's scales, each with its sequencer. */
export interface SequenceModel extends Omit<SinganModel, 'scales'> {
  readonly scales: readonly SequenceScale[];
  readonly sequence: SequenceInfo;
}

export function disposeSequenceModel(model: SequenceModel): void {
  for (const s of model.scales) {
    for (const net of [s.g, s.d, s.seq]) if (net) for (const t of Object.values(net.tensors)) t.dispose();
  }
}

/** The scale with its own tensors (host copies are immutable and shared). */
export function cloneSequenceScale(tf: Tf, s: SequenceScale): SequenceScale {
  return {
    channels: s.channels,
    noiseAmp: s.noiseAmp,
    g: { tensors: cloneNetTensors(tf, s.g), values: s.g.values },
    d: { tensors: cloneNetTensors(tf, s.d), values: s.d.values },
    seq: s.seq ? { tensors: cloneNetTensors(tf, s.seq), values: s.seq.values } : null,
  };
}

/** The model with its own tensors. */
export function cloneSequenceModel(tf: Tf, model: SequenceModel): SequenceModel {
  return { ...model, scales: model.scales.map((s) => cloneSequenceScale(tf, s)) };
}
