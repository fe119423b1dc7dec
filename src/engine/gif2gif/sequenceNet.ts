import type { AxialCore } from '../attention/axialCore';
import type { ForwardMode } from '../singan/layers';
import type { ParamSpec } from '../singan/paramSpec';
import type { SinganConfig } from '../singan/singanConfig';
import { generatorForward } from '../singan/singanNet';
import type { NetWeights, Tf, tfc } from '../singan/tfTypes';
import { convLstmSpec, convLstmStep, type ConvLstmState } from './convLstm';
import type { SequenceVariant } from './sequenceConfig';
import { mixShifts, shiftCount } from './shiftMix';

/** What a scale's sequencer carries from one frame to the next (and, detached, from one chunk to the next). */
export interface SequenceState {
  /** Index of the next frame in the sequence. */
  readonly t: number;
  readonly lstm: ConvLstmState | null;
  /** 'one-to-many': G's output for frame t − 1 at this scale, [1, H, W, 3]. */
  readonly prevOut: tfc.Tensor4D | null;
}

/** Before the first frame. */
export const SEQUENCE_START: SequenceState = { t: 0, lstm: null, prevOut: null };

/** RGB in, RGB out: the sequencer acts on noise maps or images. */
const IMAGE_CHANNELS = 3;

/**
 * The sequencer's parameters at one scale: a ConvLSTM `lstm.*` over 3-channel
 * maps (unit noise or G's previous output) and a 1×1 conv `out.*` from its
 * hidden state back to 3 channels. None for 'batch'.
 */
export function sequencerSpec(variant: SequenceVariant, hidden: number, motionRadius = 0, kernel = 3): ParamSpec[] {
  if (variant === 'batch') return [];
  const K = shiftCount(motionRadius);
  return [
    ...convLstmSpec('lstm', IMAGE_CHANNELS, hidden, kernel),
    { name: 'out.w', shape: [1, 1, hidden, IMAGE_CHANNELS], init: 'linear', fanIn: hidden },
    { name: 'out.b', shape: [IMAGE_CHANNELS], init: 'linear', fanIn: hidden },
    // The coarsest scale's motion head (see shiftMix.ts): zeros, so training starts from the prior alone.
    ...(motionRadius > 0
      ? [
          { name: 'move.w', shape: [1, 1, hidden, K], init: 'zeros' as const },
          { name: 'move.b', shape: [K], init: 'zeros' as const },
        ]
      : []),
  ];
}

function outConv(tf: Tf, seq: NetWeights, h: tfc.Tensor4D): tfc.Tensor4D {
  return tf.add<tfc.Tensor4D>(tf.conv2d(h, seq['out.w'] as tfc.Tensor4D, 1, 'valid'), seq['out.b']);
}

/**
 * The motion logits' gain: Adam moves a parameter by about lr per step
 * whatever its gradient's size, so at SinGAN's lr (5e-4) a plain logit would
 * need thousands of steps to pick another shift; ×MOVE_GAIN it takes tens.
 */
export const MOVE_GAIN = 50;
/** The identity shift's logit before training: mostly "stay", so an untrained head does not blur the frame. */
export const MOVE_PRIOR = 5;

/** Per-pixel shift logits from the hidden state (the prior favours the identity). */
function moveLogits(tf: Tf, seq: NetWeights, h: tfc.Tensor4D): tfc.Tensor4D {
  const K = seq['move.b'].shape[0];
  const prior = new Float32Array(K);
  prior[(K - 1) / 2] = MOVE_PRIOR;
  const raw = tf.add(tf.conv2d(h, seq['move.w'] as tfc.Tensor4D, 1, 'valid'), seq['move.b']);
  return tf.add<tfc.Tensor4D>(tf.mul(raw, MOVE_GAIN), tf.tensor1d(prior));
}

/** Frame t − 1 moved by the head's shifts where the scale has one (the coarsest), else as it is. */
function moved(tf: Tf, seq: NetWeights, before: tfc.Tensor4D, h: tfc.Tensor4D): tfc.Tensor4D {
  return seq['move.w'] ? mixShifts(tf, before, moveLogits(tf, seq, h)) : before;
}

/**
 * Whether sequenceForward runs G on one frame at a time at this scale (so
 * G's BatchNorm sees single frames there): one-to-many always (each frame
 * needs the previous output), noise-lstm at the coarsest scale (each frame
 * is built on the one before), never 'batch'.
 */
export function runsFramesSingly(variant: SequenceVariant, coarsest: boolean): boolean {
  return variant === 'one-to-many' || (variant === 'noise-lstm' && coarsest);
}

/**
 * Whether sequenceForward builds frames t ≥ 1 at this scale on frame t − 1
 * (moved), so that its `drift` is defined there: both recurrent variants at
 * the coarsest scale.
 */
export function buildsOnPreviousFrame(variant: SequenceVariant, coarsest: boolean): boolean {
  return variant !== 'batch' && coarsest;
}

const frameOf = (tf: Tf, x: tfc.Tensor4D, i: number): tfc.Tensor4D => tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]);

/**
 * A chunk of T consecutive frames at one scale, from the carried state.
 * `noise` is unit noise [T, H, W, 3] (unscaled; 'one-to-many' reads only
 * frame 0's, at t = 0), `prev` the coarser scales' output upsampled, y↑,
 * [T, H, W, 3]; `amp` the scale's noise amplitude. G's input for frame t is
 * pad(s_t + y↑_t) with
 * - batch: s_t = amp·z_t; G runs on the chunk as one batch.
 * - noise-lstm: (h_t, c_t) = ConvLSTM(z_t, state_{t−1}), s_t = amp·(z_t + out(h_t)).
 *   The residual z_t makes the untrained sequencer plain SinGAN (the same
 *   diversity from the first iteration); out(h_t) adds what is correlated in
 *   time. At the coarsest scale frame t ≥ 1 is a change of frame t − 1, as
 *   for one-to-many below (out_t = out_{t−1} + tanh(net(pad(s_t + out_{t−1})))):
 *   without it every frame's layout comes from its own fresh noise and the
 *   sequence flickers instead of moving. G runs on the chunk as one batch
 *   at finer scales, frame by frame at the coarsest.
 * - one-to-many: s_0 = amp·z_0 (frame 0 exactly as SinGAN); for t ≥ 1
 *   (h_t, c_t) = ConvLSTM(out_{t−1}, state), s_t = amp·out(h_t): no new
 *   noise, and scaled by amp so the sequencer's signal enters G at the
 *   magnitude noise does at that scale (|h| < 1). At the coarsest scale
 *   (`coarsest`), where SinGAN's y↑ is zero, frame t ≥ 1 takes the previous
 *   frame in its place: out_t = out_{t−1} + tanh(net(pad(s_t + out_{t−1}))),
 *   so G learns the change from one frame to the next (a motion, which a
 *   few convolutions can express for any content) instead of redrawing each
 *   frame from a 3-channel code; finer scales refine y↑_t as for stills.
 *   G runs frame by frame (each frame needs the previous output).
 * Motion (both recurrent variants, coarsest scale, when the sequencer has a
 * motion head `move.*`): out_{t−1} above is first moved by a per-pixel mix of
 * small shifts whose logits come from h_t (shiftMix.ts), so G's residual only
 * draws what the move does not explain; the head is what learns the source's
 * direction and speed.
 * `drift` is the mean square of G's residual over the frames built on their
 * predecessor (coarsest scale, t ≥ 1), per frame of the chunk: how much G
 * redrew beyond the move (training penalises it; see trainSequence). Null
 * where no frame of the chunk is built that way.
 * BatchNorm follows `mode` (training: statistics of the chunk's batch, or of
 * the single frame for one-to-many). Returns new tensors (frames distinct
 * from the state's); intermediates are not freed: call it inside tf.tidy or
 * tf.grads, keeping the state (keepSequenceState) to carry it on.
 */
export function sequenceForward(
  tf: Tf,
  config: Pick<SinganConfig, 'layers' | 'kernel' | 'attention' | 'feedForward'>,
  variant: SequenceVariant,
  g: NetWeights,
  seq: NetWeights | null,
  amp: number,
  noise: tfc.Tensor4D,
  prev: tfc.Tensor4D,
  state: SequenceState,
  mode: ForwardMode,
  core: AxialCore,
  coarsest = false,
): { frames: tfc.Tensor4D; state: SequenceState; drift: tfc.Scalar | null } {
  const T = noise.shape[0];
  const drifts: tfc.Scalar[] = [];
  const addDrift = (out: tfc.Tensor4D, base: tfc.Tensor4D) =>
    drifts.push(tf.mean<tfc.Scalar>(tf.square(tf.sub(out, base))));
  const driftOf = () =>
    drifts.length === 0 ? null : tf.div<tfc.Scalar>(drifts.length === 1 ? drifts[0] : tf.addN(drifts), T);
  if (prev.shape[0] !== T) throw new RangeError(`sequenceForward: ${T} noise maps for ${prev.shape[0]} frames.`);
  if (variant === 'batch') {
    const frames = generatorForward(tf, config, g, tf.mul<tfc.Tensor4D>(noise, amp), prev, mode, core);
    return { frames, state: { t: state.t + T, lstm: null, prevOut: null }, drift: null };
  }
  if (!seq) throw new RangeError(`The '${variant}' sequence model needs the scale's sequencer weights.`);
  let lstm = state.lstm;
  if (variant === 'noise-lstm') {
    const inputs: tfc.Tensor4D[] = [];
    const hs: tfc.Tensor4D[] = [];
    for (let i = 0; i < T; i++) {
      const z = frameOf(tf, noise, i);
      lstm = convLstmStep(tf, seq, 'lstm', z, lstm);
      hs.push(lstm.h);
      inputs.push(tf.mul<tfc.Tensor4D>(tf.add(z, outConv(tf, seq, lstm.h)), amp));
    }
    if (!runsFramesSingly(variant, coarsest)) {
      const s = T === 1 ? inputs[0] : tf.concat<tfc.Tensor4D>(inputs, 0);
      return {
        frames: generatorForward(tf, config, g, s, prev, mode, core),
        state: { t: state.t + T, lstm, prevOut: null },
        drift: null,
      };
    }
    // Coarsest scale: each frame is a change of the one before, driven by its noise (see above).
    let prevOut = state.prevOut;
    const outs: tfc.Tensor4D[] = [];
    for (let i = 0; i < T; i++) {
      const base = state.t + i > 0 ? moved(tf, seq, prevOut!, hs[i]) : frameOf(tf, prev, i);
      prevOut = generatorForward(tf, config, g, inputs[i], base, mode, core);
      if (state.t + i > 0) addDrift(prevOut, base);
      outs.push(prevOut);
    }
    const frames = T === 1 ? tf.clone<tfc.Tensor4D>(outs[0]) : tf.concat<tfc.Tensor4D>(outs, 0);
    return { frames, state: { t: state.t + T, lstm, prevOut }, drift: driftOf() };
  }
  let prevOut = state.prevOut;
  const outs: tfc.Tensor4D[] = [];
  for (let i = 0; i < T; i++) {
    const t = state.t + i;
    let s: tfc.Tensor4D;
    if (t === 0) {
      s = tf.mul<tfc.Tensor4D>(frameOf(tf, noise, i), amp);
    } else {
      if (!prevOut) throw new RangeError('sequenceForward: one-to-many needs the previous frame after frame 0.');
      lstm = convLstmStep(tf, seq, 'lstm', prevOut, lstm);
      s = tf.mul<tfc.Tensor4D>(outConv(tf, seq, lstm.h), amp);
    }
    const onPrevious = buildsOnPreviousFrame(variant, coarsest) && t > 0;
    const base = onPrevious ? moved(tf, seq, prevOut!, lstm!.h) : frameOf(tf, prev, i);
    prevOut = generatorForward(tf, config, g, s, base, mode, core);
    if (onPrevious) addDrift(prevOut, base);
    outs.push(prevOut);
  }
  // clone for T = 1: the frames must not be the state's tensor (they are freed separately).
  const frames = T === 1 ? tf.clone<tfc.Tensor4D>(outs[0]) : tf.concat<tfc.Tensor4D>(outs, 0);
  return { frames, state: { t: state.t + T, lstm, prevOut }, drift: driftOf() };
}

export function sequenceStateTensors(s: SequenceState): tfc.Tensor[] {
  const out: tfc.Tensor[] = [];
  if (s.lstm) out.push(s.lstm.h, s.lstm.c);
  if (s.prevOut) out.push(s.prevOut);
  return out;
}

/** tf.keep on the state's tensors (inside tidy or grads), so it outlives the step, detached from its graph. */
export function keepSequenceState(tf: Tf, s: SequenceState): SequenceState {
  for (const t of sequenceStateTensors(s)) tf.keep(t);
  return s;
}

/** Frees the old state's tensors that the new one does not reuse. */
export function replaceSequenceState(old: SequenceState, next: SequenceState): SequenceState {
  const keep = new Set(sequenceStateTensors(next));
  for (const t of sequenceStateTensors(old)) if (!keep.has(t)) t.dispose();
  return next;
}

export function disposeSequenceState(s: SequenceState): void {
  for (const t of sequenceStateTensors(s)) t.dispose();
}
