import type { AxialCore } from '../attention/axialCore';
import { noiseTensor, resizeTensor } from '../singan/imageTensors';
import { EVAL, type ForwardMode } from '../singan/layers';
import type { SinganConfig } from '../singan/singanConfig';
import type { ScaleShape } from '../singan/singanPyramid';
import type { NetWeights, Tf, tfc } from '../singan/tfTypes';
import type { SequenceVariant } from './sequenceConfig';
import type { SequenceModel } from './sequenceModel';
import {
  keepSequenceState,
  replaceSequenceState,
  disposeSequenceState,
  runsFramesSingly,
  SEQUENCE_START,
  sequenceForward,
  type SequenceState,
} from './sequenceNet';

/** One scale as the chain runs it (frozen, or the one being trained, in eval mode). */
export interface ChainNet {
  readonly g: NetWeights;
  readonly seq: NetWeights | null;
  readonly amp: number;
}

/** Unit noise for (scale, frame), HWC with 3 channels, or null for none (zeros). */
export type FrameNoise = (scale: number, frame: number, shape: ScaleShape) => Float32Array | null;

export function chainNets(model: SequenceModel, upTo = model.scales.length - 1): ChainNet[] {
  return model.scales.slice(0, upTo + 1).map((s) => ({ g: s.g.tensors, seq: s.seq?.tensors ?? null, amp: s.noiseAmp }));
}

/** BatchNorm on each frame's own statistics, without touching the running ones. */
const FRAME_STATISTICS: ForwardMode = { training: true };

/**
 * How BatchNorm normalises scale `scale` when the chain generates. Where
 * training runs G one frame at a time (runsFramesSingly: one-to-many at
 * every scale, noise-lstm at the coarsest) BatchNorm only ever saw one
 * frame's statistics, and its running averages blend two regimes: frame 0,
 * drawn from noise on a blank canvas, and the frames built on the frame
 * before. Normalising with that blend is not what training did, so those
 * scales use each frame's own statistics, as in training; the rest (batches
 * of frames in training, like SinGAN's) use the running ones. Measured on
 * the moving-object test GIF (one-to-many, 300 iterations, the same model
 * sampled both ways): with the running statistics frame 0 came out as noise
 * and 8-frame samples washed out to sky by frame 6; with each frame's own,
 * frame 0 drew the scene and all 8 frames kept the valley.
 */
export function generationBatchNorm(variant: SequenceVariant, scale: number): ForwardMode {
  return runsFramesSingly(variant, scale === 0) ? FRAME_STATISTICS : EVAL;
}

/**
 * Generates a sequence frame by frame through scales 0..nets.length−1,
 * BatchNorm as generationBatchNorm says (never across frames), carrying
 * each scale's sequencer state. Memory holds one frame per scale and the
 * states, however long the sequence: sampling can go on past the training
 * length (the recurrence continues).
 */
export class SequenceChain {
  private states: SequenceState[];
  private t = 0;

  constructor(
    private readonly tf: Tf,
    private readonly config: Pick<SinganConfig, 'layers' | 'kernel' | 'attention' | 'feedForward'>,
    private readonly variant: SequenceVariant,
    private readonly nets: readonly ChainNet[],
    private readonly shapes: readonly ScaleShape[],
    private readonly noiseAt: FrameNoise,
    private readonly core: AxialCore,
  ) {
    if (nets.length === 0) throw new RangeError('A sequence chain needs at least one scale.');
    this.states = nets.map(() => SEQUENCE_START);
  }

  /** Index of the frame the next call returns. */
  get frame(): number {
    return this.t;
  }

  /** The next frame at the last scale, [1, H, W, 3] in [−1, 1]; the caller owns it. */
  next(): tfc.Tensor4D {
    const { tf } = this;
    const t = this.t;
    let cur: tfc.Tensor4D | null = null;
    try {
      for (let s = 0; s < this.nets.length; s++) {
        const net = this.nets[s];
        const [h, w] = this.shapes[s];
        // One-to-many draws noise for frame 0 only.
        const data = this.variant !== 'one-to-many' || t === 0 ? this.noiseAt(s, t, this.shapes[s]) : null;
        const below: tfc.Tensor4D | null = cur;
        const state = this.states[s];
        let nextState: SequenceState = state;
        const out: tfc.Tensor4D = tf.tidy(() => {
          const prev = below ? resizeTensor(tf, below, h, w) : tf.zeros<tfc.Rank.R4>([1, h, w, 3]);
          const z = data ? noiseTensor(tf, data, h, w) : tf.zeros<tfc.Rank.R4>([1, h, w, 3]);
          const r = sequenceForward(
            tf,
            this.config,
            this.variant,
            net.g,
            net.seq,
            net.amp,
            z,
            prev,
            state,
            generationBatchNorm(this.variant, s),
            this.core,
            s === 0,
          );
          nextState = keepSequenceState(tf, r.state);
          return r.frames;
        });
        this.states[s] = replaceSequenceState(state, nextState);
        below?.dispose();
        cur = out;
      }
    } catch (err) {
      cur?.dispose();
      throw err;
    }
    this.t++;
    return cur as unknown as tfc.Tensor4D;
  }

  dispose(): void {
    for (const s of this.states) disposeSequenceState(s);
    this.states = this.nets.map(() => SEQUENCE_START);
  }
}
