import type { AxialCore } from '../attention/axialCore';
import type { HeldTensors } from '../attention/axialCoreGrad';
import { adamStep, type AdamParams, type AdamState } from '../singan/adam';
import { gradientPenalty } from '../singan/gradientPenalty';
import { resizeTensor } from '../singan/imageTensors';
import { applyBatchStats, type BatchStats, type ForwardMode } from '../singan/layers';
import type { SinganConfig } from '../singan/singanConfig';
import { discriminatorForward } from '../singan/singanNet';
import type { ScaleShape } from '../singan/singanPyramid';
import type { NetWeights, Tf, tfc } from '../singan/tfTypes';
import { yieldToEventLoop } from '../singan/trainSingan';
import { withTensors } from '../singan/trainingNets';
import type { SequenceVariant } from './sequenceConfig';
import type { FrameNoise, SequenceChain } from './sequenceChain';
import {
  disposeSequenceState,
  keepSequenceState,
  replaceSequenceState,
  SEQUENCE_START,
  sequenceForward,
  type SequenceState,
} from './sequenceNet';

/**
 * The D and G steps of one GIF → GIF training iteration at one scale, run
 * chunk by chunk over the frames (trainSequence.ts describes the scheme).
 */

/** Sums lists of tensors elementwise, owning what it is given. */
export class TensorSum {
  private acc: tfc.Tensor[] | null = null;
  constructor(private readonly tf: Tf) {}
  add(ts: tfc.Tensor[]): void {
    if (!this.acc) {
      this.acc = ts;
      return;
    }
    const prev = this.acc;
    this.acc = ts.map((t, i) => this.tf.add(prev[i], t));
    prev.forEach((t) => t.dispose());
    ts.forEach((t) => t.dispose());
  }
  /** The sums (the caller owns them); empty when nothing was added. */
  take(): tfc.Tensor[] {
    const a = this.acc ?? [];
    this.acc = null;
    return a;
  }
  dispose(): void {
    this.take().forEach((t) => t.dispose());
  }
}

/** One scale's training as its steps see it: fixed for the whole scale. */
export interface ScaleRun {
  readonly tf: Tf;
  readonly config: SinganConfig;
  readonly variant: SequenceVariant;
  /** The scale, its size, and its shapes from the coarsest. */
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly shapes: readonly ScaleShape[];
  /** [t0, t1) of every chunk of frames. */
  readonly chunks: readonly (readonly [number, number])[];
  /** The real frames at this scale, in [−1, 1] (host). */
  readonly realsAt: readonly Float32Array[];
  readonly amp: number;
  /** The reconstruction's coarser frames, upsampled to this scale (host; empty at scale 0). */
  readonly recPrevHost: readonly Float32Array[];
  readonly recNoise: FrameNoise;
  /** Whether the losses report G's drift (the coarsest scale of the recurrent variants). */
  readonly reportsDrift: boolean;
  readonly trainCore: AxialCore;
  readonly held: HeldTensors;
  /** The gradient penalty's interpolation weights, one per D chunk. */
  readonly alphaRng: () => number;
  readonly gNames: string[];
  readonly dNames: string[];
  readonly sNames: string[];
}

/** The weights being trained at one scale; the steps replace them as batch statistics and Adam update them. */
export interface ScaleNets {
  g: NetWeights;
  d: NetWeights;
  s: NetWeights | null;
}

export const isMotionHead = (name: string) => name.startsWith('move.');

/**
 * Weight of the drift penalty in G's loss: the reconstruction's. Frames
 * t ≥ 1 at the coarsest scale are G's residual over frame t − 1 moved by
 * the motion head; D judges frames one at a time, so nothing else tells G
 * to leave the moved frame alone, and it redrew it (random samples moved the
 * right way, but consecutive frames were far from translations). Measured
 * at 400 iterations on the 32-px test GIFs (seeds 1–3, scratch runs):
 * noise-lstm on the waterfall, phase-correlation peak 0.37 with the penalty
 * at weight 10 vs 0.30 without, per-frame SIFID 67.7 vs 66.2; one-to-many on
 * the moving object, peak 0.24 vs 0.20, temporal SIFID 142 vs 154, direction
 * agreement 0.81 / 0.93 / 0.00 vs 0.84 / 0.98 / −0.87. At weight 100 the
 * frames got worse (SIFID 85 on the waterfall) and the peak no better.
 * (Lowering the noise amplitude of those frames instead made the peak worse:
 * 0.17.)
 */
export function driftWeight(config: Pick<SinganConfig, 'recWeight'>): number {
  return config.recWeight;
}

const collect = (into: BatchStats[]): ForwardMode => ({ training: true, onBatchStats: (s) => into.push(s) });

/** The chain's next frame, upsampled to h × w. */
export function upsampledFrame(tf: Tf, chain: SequenceChain, h: number, w: number): tfc.Tensor4D {
  const low = chain.next();
  try {
    return resizeTensor(tf, low, h, w);
  } finally {
    low.dispose();
  }
}

/** Frames t0..t1 − 1 of host data as one batch; a frame without data is zeros. */
function stackHost(
  { tf, h, w }: ScaleRun,
  t0: number,
  t1: number,
  frame: (t: number) => Float32Array | null,
): tfc.Tensor4D {
  const size = h * w * 3;
  const data = new Float32Array((t1 - t0) * size);
  for (let t = t0; t < t1; t++) {
    const f = frame(t);
    if (f) data.set(f, (t - t0) * size);
  }
  return tf.tensor4d(data, [t1 - t0, h, w, 3]);
}

/** The chain's next t1 − t0 frames, upsampled, as one batch (zeros without a chain: scale 0). */
function chainChunk({ tf, h, w }: ScaleRun, chain: SequenceChain | null, t0: number, t1: number): tfc.Tensor4D {
  if (!chain) return tf.zeros<tfc.Rank.R4>([t1 - t0, h, w, 3]);
  const parts: tfc.Tensor4D[] = [];
  try {
    for (let t = t0; t < t1; t++) parts.push(upsampledFrame(tf, chain, h, w));
    return tf.concat<tfc.Tensor4D>(parts, 0);
  } finally {
    parts.forEach((p) => p.dispose());
  }
}

/** A D or G step's inputs for frames t0..t1 − 1: its share of the frames, the coarser frames upsampled (y↑), unit noise and the real frames. */
function chunkInputs(
  run: ScaleRun,
  chain: SequenceChain | null,
  noiseAt: (t: number) => Float32Array | null,
  t0: number,
  t1: number,
) {
  return {
    weight: (t1 - t0) / run.realsAt.length,
    prev: chainChunk(run, chain, t0, t1),
    z: stackHost(run, t0, t1, noiseAt),
    real: stackHost(run, t0, t1, (t) => run.realsAt[t]),
  };
}

/**
 * One WGAN-GP step of D over every chunk: the chunks' gradients summed, then
 * one Adam step. `chain` makes the coarser frames (this step disposes it);
 * `dLoss` receives the frame-weighted loss parts.
 */
export async function discriminatorStep(
  run: ScaleRun,
  nets: ScaleNets,
  chain: SequenceChain | null,
  noiseAt: (t: number) => Float32Array | null,
  adam: AdamParams,
  adamD: AdamState,
  dLoss: TensorSum,
): Promise<void> {
  const { tf, config, variant, n, chunks, amp, trainCore, held, alphaRng, dNames } = run;
  const gradSum = new TensorSum(tf);
  let state: SequenceState = SEQUENCE_START;
  try {
    for (const [t0, t1] of chunks) {
      const { weight, prev, z, real } = chunkInputs(run, chain, noiseAt, t0, t1);
      try {
        const gStats: BatchStats[] = [];
        const [g0, s0, st] = [nets.g, nets.s, state];
        let next: SequenceState = st;
        const fake = tf.tidy(() => {
          const r = sequenceForward(tf, config, variant, g0, s0, amp, z, prev, st, collect(gStats), trainCore, n === 0);
          next = keepSequenceState(tf, r.state);
          return r.frames;
        });
        state = replaceSequenceState(state, next);
        nets.g = applyBatchStats(tf, nets.g, gStats);
        const alpha = alphaRng();
        const dStats: BatchStats[] = [];
        const parts: tfc.Tensor[] = [];
        const d0: NetWeights = nets.d;
        let grads: tfc.Tensor[];
        try {
          grads = tf.tidy(() =>
            tf.grads((...ts: tfc.Tensor[]) => {
              const wd = withTensors(d0, dNames, ts);
              const mode = collect(dStats);
              const D = (x: tfc.Tensor4D) => discriminatorForward(tf, config, wd, x, mode, trainCore);
              const dReal = tf.mean(D(real));
              const dFake = tf.mean(D(fake));
              const gp = gradientPenalty(tf, D, real, fake, alpha, config.gpWeight);
              parts.push(...[dReal, dFake, gp].map((t) => tf.keep(tf.mul(t, weight))));
              return tf.mul(tf.add(tf.sub(dFake, dReal), gp), weight);
            })(dNames.map((k) => d0[k])),
          );
        } finally {
          fake.dispose();
          held.release();
        }
        nets.d = applyBatchStats(tf, nets.d, dStats);
        gradSum.add(grads);
        dLoss.add(parts);
      } finally {
        [prev, z, real].forEach((t) => t.dispose());
      }
      await yieldToEventLoop();
    }
    const sums = gradSum.take();
    try {
      nets.d = adamStep(tf, nets.d, Object.fromEntries(dNames.map((k, i) => [k, sums[i]])), adamD, adam);
    } finally {
      sums.forEach((g) => g.dispose());
    }
  } finally {
    gradSum.dispose();
    disposeSequenceState(state);
    chain?.dispose();
  }
}

/**
 * One step of G and the sequencer over every chunk: adversarial loss,
 * reconstruction and drift, the chunks' gradients summed, then one Adam step
 * each. `chain` replays the last D step's coarser frames (this step disposes
 * it); `gLoss` receives the frame-weighted loss parts.
 */
export async function generatorStep(
  run: ScaleRun,
  nets: ScaleNets,
  chain: SequenceChain | null,
  noiseAt: (t: number) => Float32Array | null,
  adam: AdamParams,
  adamG: AdamState,
  adamS: AdamState | null,
  gLoss: TensorSum,
): Promise<void> {
  const { tf, config, variant, n, h, w, shapes, chunks, amp, recNoise, reportsDrift, trainCore, held } = run;
  const { gNames, sNames, recPrevHost } = run;
  const gradSum = new TensorSum(tf);
  let state: SequenceState = SEQUENCE_START;
  let recState: SequenceState = SEQUENCE_START;
  try {
    for (const [t0, t1] of chunks) {
      const { weight, prev, z, real } = chunkInputs(run, chain, noiseAt, t0, t1);
      const recPrev =
        n === 0 ? tf.zeros<tfc.Rank.R4>([t1 - t0, h, w, 3]) : stackHost(run, t0, t1, (t) => recPrevHost[t]);
      const recZ = stackHost(run, t0, t1, (t) => recNoise(n, t, shapes[n]));
      try {
        const gStats: BatchStats[] = [];
        const dStats: BatchStats[] = [];
        const parts: tfc.Tensor[] = [];
        const [g0, s0, d0, st, rst] = [nets.g, nets.s, nets.d, state, recState];
        let next: SequenceState = st;
        let recNext: SequenceState = rst;
        // tf.grads refuses a weight the loss does not reach: on a chunk of frame 0 alone, one-to-many's sequencer and the motion head.
        const seqNames = t1 > 1 ? sNames : variant === 'one-to-many' ? [] : sNames.filter((k) => !isMotionHead(k));
        const xs = [...gNames.map((k) => g0[k]), ...seqNames.map((k) => s0![k])];
        const grads = tf.tidy(() =>
          tf.grads((...ts: tfc.Tensor[]) => {
            const wg = withTensors(g0, gNames, ts.slice(0, gNames.length));
            const ws = s0 ? withTensors(s0, seqNames, ts.slice(gNames.length)) : null;
            const gMode = collect(gStats);
            const fake = sequenceForward(tf, config, variant, wg, ws, amp, z, prev, st, gMode, trainCore, n === 0);
            const gAdv = tf.neg(tf.mean(discriminatorForward(tf, config, d0, fake.frames, collect(dStats), trainCore)));
            const recOut = sequenceForward(
              tf,
              config,
              variant,
              wg,
              ws,
              amp,
              recZ,
              recPrev,
              rst,
              gMode,
              trainCore,
              n === 0,
            );
            const rec = tf.mean(tf.square(tf.sub(recOut.frames, real)));
            next = keepSequenceState(tf, fake.state);
            recNext = keepSequenceState(tf, recOut.state);
            parts.push(tf.keep(tf.mul(gAdv, weight)), tf.keep(tf.mul(rec, weight)));
            let loss = tf.add(gAdv, tf.mul(rec, config.recWeight));
            if (fake.drift) loss = tf.add(loss, tf.mul(fake.drift, driftWeight(config)));
            // Every chunk reports the same parts (TensorSum adds them elementwise): 0 drift for a chunk of frame 0 alone.
            if (reportsDrift) parts.push(tf.keep(tf.mul(fake.drift ?? tf.scalar(0), weight)));
            return tf.mul(loss, weight);
          })(xs),
        );
        held.release();
        state = replaceSequenceState(state, next);
        recState = replaceSequenceState(recState, recNext);
        nets.g = applyBatchStats(tf, nets.g, gStats);
        nets.d = applyBatchStats(tf, nets.d, dStats);
        const reached = new Map(seqNames.map((k, i) => [k, grads[gNames.length + i]]));
        gradSum.add([...grads.slice(0, gNames.length), ...sNames.map((k) => reached.get(k) ?? tf.zerosLike(s0![k]))]);
        gLoss.add(parts);
      } finally {
        held.release();
        [prev, z, real, recPrev, recZ].forEach((t) => t.dispose());
      }
      await yieldToEventLoop();
    }
    const sums = gradSum.take();
    try {
      nets.g = adamStep(tf, nets.g, Object.fromEntries(gNames.map((k, i) => [k, sums[i]])), adamG, adam);
      if (nets.s && adamS)
        nets.s = adamStep(
          tf,
          nets.s,
          Object.fromEntries(sNames.map((k, i) => [k, sums[gNames.length + i]])),
          adamS,
          adam,
        );
    } finally {
      sums.forEach((g) => g.dispose());
    }
  } finally {
    gradSum.dispose();
    disposeSequenceState(state);
    disposeSequenceState(recState);
    chain?.dispose();
  }
}
