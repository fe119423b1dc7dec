/**
 * GIF → GIF: SinGAN over a short frame sequence (docs/algorithms.md, "GIF → GIF
 * overview"), in one of three ways of bringing time in:
 * - 'batch': independent noise per frame, G run on the frames as a batch.
 *   Good frames, no coherent motion (the study's baseline).
 * - 'noise-lstm': a ConvLSTM over per-frame unit noise feeds G (a latent
 *   space of sequences; the study's "ConvLSTM before the head").
 * - 'one-to-many': frame 0 is plain SinGAN; every later frame unrolls from
 *   G's own previous output through a ConvLSTM, with no new noise.
 */
import { formatSize } from '../image/formatSize';
export type SequenceVariant = 'batch' | 'noise-lstm' | 'one-to-many';

export const SEQUENCE_VARIANTS: readonly SequenceVariant[] = ['batch', 'noise-lstm', 'one-to-many'];

export interface SequenceOptions {
  readonly variant: SequenceVariant;
  /** ConvLSTM hidden channels (unused by 'batch'). */
  readonly hidden: number;
  /**
   * Frames per chunk: truncated back-propagation through time (the recurrent
   * state is carried to the next chunk detached) and the batch D sees at
   * once. Memory grows with this, not with the frame count.
   */
  readonly chunk: number;
  /**
   * Largest motion per frame, in pixels at the coarsest scale, that the
   * recurrent variants' motion head can express (shiftMix.ts); 0: none (G's
   * residual alone changes the frame). Unused by 'batch'.
   */
  readonly motion: number;
}

export const DEFAULT_SEQUENCE_OPTIONS: Readonly<SequenceOptions> = {
  variant: 'noise-lstm',
  hidden: 8,
  chunk: 2,
  motion: 3,
};
export const MAX_SEQUENCE_MOTION = 6;

/** The motion radius of scale n's sequencer: the coarsest scale's head only. */
export function sequenceMotionAt(sequence: Pick<SequenceOptions, 'motion'>, n: number): number {
  return n === 0 ? sequence.motion : 0;
}

export const MIN_SEQUENCE_FRAMES = 2;
export const MAX_SEQUENCE_FRAMES = 32;
export const MAX_SEQUENCE_HIDDEN = 256;

/** A user-facing reason these frames and options cannot train, or null. */
export function validateSequence(
  frames: readonly { readonly height: number; readonly width: number }[],
  options: SequenceOptions,
): string | null {
  // Checked through an unknown: on a readonly array type, Array.isArray would narrow the frames to any[].
  const given: unknown = frames;
  if (!Array.isArray(given)) return 'The frames are missing.';
  if (frames.length < MIN_SEQUENCE_FRAMES || frames.length > MAX_SEQUENCE_FRAMES) {
    return `GIF → GIF needs ${MIN_SEQUENCE_FRAMES} to ${MAX_SEQUENCE_FRAMES} frames; got ${frames.length}.`;
  }
  const [first] = frames;
  for (const [i, f] of frames.entries()) {
    if (f.height !== first.height || f.width !== first.width) {
      return `Every frame must have the same size: frame 1 is ${formatSize(first.width, first.height)}, frame ${i + 1} is ${formatSize(f.width, f.height)}.`;
    }
  }
  if (options == null || typeof options !== 'object') return 'Sequence settings are missing.';
  if (!SEQUENCE_VARIANTS.includes(options.variant)) {
    return `Sequence model must be one of ${SEQUENCE_VARIANTS.join(', ')}; got ${String(options.variant)}.`;
  }
  const { hidden, chunk } = options;
  if (typeof hidden !== 'number' || !Number.isInteger(hidden) || hidden < 1 || hidden > MAX_SEQUENCE_HIDDEN) {
    return `ConvLSTM hidden channels must be a whole number from 1 to ${MAX_SEQUENCE_HIDDEN}; got ${String(hidden)}.`;
  }
  if (typeof chunk !== 'number' || !Number.isInteger(chunk) || chunk < 1) {
    return `Frames per chunk must be a whole number ≥ 1; got ${String(chunk)}.`;
  }
  const { motion } = options;
  if (typeof motion !== 'number' || !Number.isInteger(motion) || motion < 0 || motion > MAX_SEQUENCE_MOTION) {
    return `Motion range must be a whole number of pixels from 0 to ${MAX_SEQUENCE_MOTION}; got ${String(motion)}.`;
  }
  return null;
}
