/**
 * An animation's metrics computed in Node with the engine's own functions,
 * for animations whose source the worker does not hold: a GIF → GIF model
 * imported from a file carries no training frames (so the worker's
 * gif2gif-generate reports only flicker and the motion angle), and a SinGAN
 * noise walk is measured against the GIF it stands in for. The SIFIDs run on
 * tfjs's CPU backend in Node with the studio's Inception stem weights
 * (public/models/inception-stem), as the metrics' unit tests do.
 *
 * Frames here are 8-bit (what the worker hands back and what a GIF shows);
 * the worker measures its float frames, so figures agree to a few 1e-3.
 */
import { decompressFrames, parseGIF } from 'gifuct-js';
import { flicker } from '../../src/engine/animation/flicker';
import { gifCompositor } from '../../src/engine/gif/composeGifFrames';
import { rgbaToRgb, type RgbImage } from '../../src/engine/image/rgbImage';
import { createInceptionStem, type InceptionStem } from '../../src/engine/metrics/inceptionStem';
import {
  directionAgreement,
  motionDirection,
  type MotionDirection,
} from '../../src/engine/metrics/motion/motionDirection';
import { perFrameSifid, temporalSifid } from '../../src/engine/metrics/motion/temporalSifid';
import { prepareSliceReferences, sliceSifids } from '../../src/engine/metrics/videoScores';
import { STEM_MIN_INPUT_SIZE, stemOutputSize } from '../../src/engine/metrics/stemArchitecture';
import { resizeImageTo } from '../../src/engine/singan/singanPyramid';
import { readStemWeights } from './imageFiles';

export interface AnimationMetrics {
  flicker: number;
  motionAngleDeg: number;
  /** Mean shift per frame, px (dy down, dx right). */
  motion: { dy: number; dx: number; magnitude: number };
  /**
   * Mean phase-correlation peak over consecutive pairs (null: one frame):
   * how much of the frames a single translation explains. A mean motion with
   * a low peak is a chance reading (two unrelated frames still give some
   * shift), not a movement.
   */
  motionPeak: number | null;
  sourceMotionAngleDeg: number | null;
  motionAgreement: number | null;
  temporalSifid: number | null;
  perFrameSifid: number[];
  meanSifid: number | null;
  /**
   * The video benchmark's space-time SIFID (docs/algorithms.md, "Video
   * benchmark"): the mean of the x–t and y–t slice images' SIFIDs against the
   * source's, over the source's frame count (null: fewer frames than the source).
   */
  spaceTimeSifid: number | null;
}

/** Every frame of a GIF file, composed as a viewer sees it, alpha flattened over white as the worker's decoder does. */
export function decodeGifFrames(bytes: Uint8Array): RgbImage[] {
  const gif = parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const frames = decompressFrames(gif, true);
  const { width, height } = gif.lsd;
  const compose = gifCompositor(width, height);
  return frames.map((f) => rgbaToRgb(compose(f), height, width));
}

/** As the worker's sifidService: SIFID needs both sides ≥ the stem's minimum and at least 2 feature positions. */
function sifidDefinedFor(img: { height: number; width: number }): boolean {
  if (img.height < STEM_MIN_INPUT_SIZE || img.width < STEM_MIN_INPUT_SIZE) return false;
  const out = stemOutputSize(img.height, img.width);
  return out.height * out.width >= 2;
}

type Tf = typeof import('@tensorflow/tfjs');
let stem: Promise<{ tf: Tf; stem: InceptionStem }> | null = null;

/** tfjs (CPU backend) and the stem, loaded once per process. */
function nodeStem() {
  stem ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    // PROD silences tfjs's "install tfjs-node" banner (the CPU backend is enough for a few small SIFIDs).
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    return { tf, stem: createInceptionStem(tf, readStemWeights()) };
  })();
  return stem;
}

/** The mean phase-correlation peak over an animation's consecutive pairs; null without a pair. */
export function meanPeak(motion: MotionDirection): number | null {
  return motion.perPair.length ? motion.perPair.reduce((sum, p) => sum + p.peak, 0) / motion.perPair.length : null;
}

/**
 * The same figures the worker's gif2gif-generate reports, for `fake` against
 * the source `real` (null: only flicker and the motion angle). Real frames
 * of another size are resized to the generated size, as the worker does.
 */
export async function animationMetrics(
  fake: readonly RgbImage[],
  real: readonly RgbImage[] | null,
): Promise<AnimationMetrics> {
  const motion = motionDirection(fake);
  const base = {
    flicker: flicker(fake),
    motionAngleDeg: motion.angleDeg,
    motion: { dy: motion.dy, dx: motion.dx, magnitude: motion.magnitude },
    motionPeak: meanPeak(motion),
  };
  const none = {
    sourceMotionAngleDeg: null,
    motionAgreement: null,
    temporalSifid: null,
    perFrameSifid: [],
    meanSifid: null,
    spaceTimeSifid: null,
  };
  if (!real || real.length < 2) return { ...base, ...none };
  const { height: h, width: w } = fake[0];
  const sized = real.map((f) => (f.height === h && f.width === w ? f : resizeImageTo(f, h, w)));
  const source = motionDirection(sized);
  const compared = { sourceMotionAngleDeg: source.angleDeg, motionAgreement: directionAgreement(motion, source) };
  if (!sifidDefinedFor(sized[0])) return { ...base, ...none, ...compared };
  const { tf, stem: s } = await nodeStem();
  const perFrame = await perFrameSifid(tf, s, sized, fake);
  return {
    ...base,
    ...compared,
    temporalSifid: fake.length >= 2 ? await temporalSifid(tf, s, sized, fake) : null,
    perFrameSifid: perFrame,
    meanSifid: perFrame.reduce((a, b) => a + b, 0) / perFrame.length,
    spaceTimeSifid:
      fake.length >= sized.length
        ? (await sliceSifids(s, await prepareSliceReferences(s, sized), fake.slice(0, sized.length))).spaceTimeSifid
        : null,
  };
}
