/**
 * The space-time engine's video: float RGB in [0, 1], stored (frame, height,
 * width, channel) row-major, so frame t is the contiguous slice of one
 * RgbImage (docs/algorithms.md, "Image representation") and a whole video
 * converts to and from the studio's frames without reordering. Shapes are
 * written [frames, height, width], time first, height before width, as every
 * image shape in the engine is.
 */
import { formatSize } from '../image/formatSize';
import { CHANNELS, createRgbImage, type RgbImage } from '../image/rgbImage';

export interface Video {
  readonly frames: number;
  readonly height: number;
  readonly width: number;
  readonly data: Float32Array;
}

export type VideoShape = readonly [frames: number, height: number, width: number];

export function describeVideoShape([t, h, w]: VideoShape): string {
  return `${t} frame${t === 1 ? '' : 's'} of ${formatSize(w, h)}`;
}

export function createVideo(frames: number, height: number, width: number, data?: Float32Array): Video {
  for (const [v, what] of [
    [frames, 'frame count'],
    [height, 'height'],
    [width, 'width'],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`Invalid video ${what} ${v}`);
  }
  const length = frames * height * width * CHANNELS;
  if (data && data.length !== length) {
    throw new RangeError(
      `Video data has ${data.length} values, expected ${length} for ${describeVideoShape([frames, height, width])} RGB`,
    );
  }
  return { frames, height, width, data: data ?? new Float32Array(length) };
}

export function videoShape(v: Video): VideoShape {
  return [v.frames, v.height, v.width];
}

/** Values in one frame. */
export function frameLength(v: { readonly height: number; readonly width: number }): number {
  return v.height * v.width * CHANNELS;
}

/**
 * Frame t as an RgbImage over the video's own memory (no copy): writing to
 * it writes the video. Use `videoToFrames` for frames that outlive the video.
 */
export function frameView(v: Video, t: number): RgbImage {
  if (!Number.isInteger(t) || t < 0 || t >= v.frames) throw new RangeError(`Frame ${t} outside 0…${v.frames - 1}`);
  const n = frameLength(v);
  return createRgbImage(v.height, v.width, v.data.subarray(t * n, (t + 1) * n));
}

/** The studio's decoded frames (all the same size) as one video; the pixels are copied. */
export function videoFromFrames(frames: readonly RgbImage[]): Video {
  if (frames.length === 0) throw new RangeError('A video needs at least one frame');
  const { height, width } = frames[0];
  const bad = frames.findIndex((f) => f.height !== height || f.width !== width);
  if (bad >= 0) {
    throw new RangeError(
      `Frame ${bad} is ${formatSize(frames[bad].width, frames[bad].height)}, frame 0 is ${formatSize(width, height)}`,
    );
  }
  const v = createVideo(frames.length, height, width);
  const n = frameLength(v);
  frames.forEach((f, t) => v.data.set(f.data, t * n));
  return v;
}

/** Each frame as its own RgbImage (copies, safe to keep or transfer). */
export function videoToFrames(v: Video): RgbImage[] {
  const n = frameLength(v);
  return Array.from({ length: v.frames }, (_, t) =>
    createRgbImage(v.height, v.width, v.data.slice(t * n, (t + 1) * n)),
  );
}

export function cloneVideo(v: Video): Video {
  return createVideo(v.frames, v.height, v.width, v.data.slice());
}

/** Mean absolute difference per value between two videos of the same shape (docs/algorithms.md, "Mean |Δ| to the source"). */
export function meanAbsVideoDifference(a: Video, b: Video): number {
  if (a.frames !== b.frames || a.height !== b.height || a.width !== b.width) {
    throw new RangeError(
      `Videos differ in shape: ${describeVideoShape(videoShape(a))} and ${describeVideoShape(videoShape(b))}`,
    );
  }
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i] - b.data[i]);
  return s / a.data.length;
}
