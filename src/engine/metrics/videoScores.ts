// One generated video scored against its input (docs/algorithms.md, "Video
// benchmark"): per-frame SIFID, temporal SIFID, space-time SIFID, mean |Δ|
// and the mean motion, all under one Inception stem, with the input's side
// of every SIFID prepared once and reused for each sample.

import { meanAbsChange } from '../animation/flicker';
import { formatSize } from '../image/formatSize';
import { resizeAntialiased } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';
import type { InceptionStem } from './inceptionStem';
import { directionAgreement, motionDirection, type MotionDirection } from './motion/motionDirection';
import { frameDifferences } from './motion/temporalSifid';
import { prepareSifidReference, sifidToReference, type SifidReference } from './sifid';
import { xtSliceImage, ytSliceImage } from './spaceTimeSlices';

/** The mean motion of a video, as the benchmark records it. */
export interface MotionSummary {
  /** Mean shift per frame, px: dy down, dx right. */
  readonly dy: number;
  readonly dx: number;
  readonly magnitude: number;
  readonly angleDeg: number;
  /** Mean phase-correlation peak over consecutive pairs (null: one frame): how much one translation explains. */
  readonly peak: number | null;
}

export function summarizeMotion(m: MotionDirection): MotionSummary {
  const peak = m.perPair.length ? m.perPair.reduce((sum, p) => sum + p.peak, 0) / m.perPair.length : null;
  return { dy: m.dy, dx: m.dx, magnitude: m.magnitude, angleDeg: m.angleDeg, peak };
}

/** The input's x–t and y–t slice images (spaceTimeSlices.ts), prepared for the space-time SIFID. */
export interface SliceReferences {
  readonly xt: SifidReference;
  readonly yt: SifidReference;
}

export async function prepareSliceReferences(
  stem: InceptionStem,
  frames: readonly RgbImage[],
): Promise<SliceReferences> {
  return {
    xt: await prepareSifidReference(stem, xtSliceImage(frames)),
    yt: await prepareSifidReference(stem, ytSliceImage(frames)),
  };
}

/** The space-time SIFID: the x–t and y–t slices' SIFIDs of `frames` (as many as the input's) against the input's, and their mean. */
export async function sliceSifids(
  stem: InceptionStem,
  reference: SliceReferences,
  frames: readonly RgbImage[],
): Promise<{ xtSifid: number; ytSifid: number; spaceTimeSifid: number }> {
  const xtSifid = await sifidToReference(stem, reference.xt, xtSliceImage(frames));
  const ytSifid = await sifidToReference(stem, reference.yt, ytSliceImage(frames));
  return { xtSifid, ytSifid, spaceTimeSifid: (xtSifid + ytSifid) / 2 };
}

/** The input's side of every score, computed once. */
export interface VideoReference extends SliceReferences {
  readonly frames: readonly RgbImage[];
  readonly height: number;
  readonly width: number;
  readonly frameRefs: readonly SifidReference[];
  readonly differenceRefs: readonly SifidReference[];
  readonly motion: MotionDirection;
}

export interface VideoScores {
  /** SIFID of sample frame t against input frame t mod T, averaged over the sample's frames. */
  readonly perFrameSifid: number;
  /** The worst (highest) of those per-frame SIFIDs. */
  readonly perFrameSifidWorst: number;
  /** SIFID of sample difference t against input difference t mod (T − 1), averaged (temporalSifid.ts's definition). */
  readonly temporalSifid: number;
  /** SIFID of the sample's x–t slice image against the input's (spaceTimeSlices.ts). */
  readonly xtSifid: number;
  /** The same for the y–t slice images. */
  readonly ytSifid: number;
  /** The mean of xtSifid and ytSifid. */
  readonly spaceTimeSifid: number;
  /** Mean |Δ| of sample frame t to input frame t mod T, over frames (0: a copy). */
  readonly meanAbsDiff: number;
  readonly motion: MotionSummary;
  /** Cosine between the sample's mean motion and the input's (directionAgreement). */
  readonly motionAgreement: number;
}

function checkSize(frames: readonly RgbImage[], height: number, width: number, what: string): void {
  frames.forEach((f, t) => {
    if (f.height !== height || f.width !== width) {
      throw new RangeError(
        `${what} frame ${t} is ${formatSize(f.width, f.height)}, expected ${formatSize(width, height)}`,
      );
    }
  });
}

/** Frames resized (resizeAntialiased) to height×width where they differ; frames already that size are kept. */
export function fitFrames(frames: readonly RgbImage[], height: number, width: number): RgbImage[] {
  return frames.map((f) => (f.height === height && f.width === width ? f : resizeAntialiased(f, height, width)));
}

/** The input's SIFID statistics (frames, frame differences, both slice images) and motion. */
export async function prepareVideoReference(stem: InceptionStem, frames: readonly RgbImage[]): Promise<VideoReference> {
  if (frames.length < 2) throw new RangeError(`A video reference needs at least 2 frames, got ${frames.length}`);
  const { height, width } = frames[0];
  checkSize(frames, height, width, 'Input');
  const prepare = async (images: readonly RgbImage[]) => {
    const refs: SifidReference[] = [];
    for (const image of images) refs.push(await prepareSifidReference(stem, image));
    return refs;
  };
  return {
    frames,
    height,
    width,
    frameRefs: await prepare(frames),
    differenceRefs: await prepare(frameDifferences(frames)),
    ...(await prepareSliceReferences(stem, frames)),
    motion: motionDirection(frames),
  };
}

/**
 * Every score of `sample` (at least 2 frames, the reference's frame size:
 * fit them first with fitFrames) against the input. Longer samples than the
 * input pair cyclically for the per-frame measures and are cut to the
 * input's frame count for the slice images, whose statistics would otherwise
 * mix in a different number of seams.
 */
export async function scoreVideo(
  stem: InceptionStem,
  reference: VideoReference,
  sample: readonly RgbImage[],
): Promise<VideoScores> {
  if (sample.length < 2) throw new RangeError(`A scored video needs at least 2 frames, got ${sample.length}`);
  checkSize(sample, reference.height, reference.width, 'Sample');
  const T = reference.frames.length;
  const perFrame: number[] = [];
  let absDiff = 0;
  for (const [t, f] of sample.entries()) {
    perFrame.push(await sifidToReference(stem, reference.frameRefs[t % T], f));
    absDiff += meanAbsChange(f, reference.frames[t % T]);
  }
  let temporal = 0;
  const differences = frameDifferences(sample);
  for (const [t, d] of differences.entries()) {
    temporal += await sifidToReference(stem, reference.differenceRefs[t % (T - 1)], d);
  }
  const slices = await sliceSifids(stem, reference, sample.slice(0, T));
  const motion = motionDirection(sample);
  return {
    perFrameSifid: perFrame.reduce((a, b) => a + b, 0) / perFrame.length,
    perFrameSifidWorst: Math.max(...perFrame),
    temporalSifid: temporal / differences.length,
    ...slices,
    meanAbsDiff: absDiff / sample.length,
    motion: summarizeMotion(motion),
    motionAgreement: directionAgreement(motion, reference.motion),
  };
}
