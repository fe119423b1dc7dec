import { checkFps } from '../animation/animationLimits';
import { formatSize } from '../image/formatSize';

/** Per side: GIF allows 65535, but a 4096² frame is already 16 M palette lookups and a browser tab's worth of memory per frame. */
export const MAX_EXPORT_SIDE = 4096;
/** Frames per export: ~40 s at 25 fps, enough for any animation the studio makes and a bound on the file a tab has to hold. */
export const MAX_EXPORT_FRAMES = 1000;

/** RGBA8 pixels of one frame, row-major (height, width). */
export interface RgbaFrame {
  readonly height: number;
  readonly width: number;
  readonly rgba: Uint8Array | Uint8ClampedArray;
}

/** Throws a RangeError saying what is wrong with frames an exporter was given. */
export function checkExportFrames(frames: readonly RgbaFrame[]): void {
  if (frames.length === 0) throw new RangeError('There are no frames to export.');
  if (frames.length > MAX_EXPORT_FRAMES)
    throw new RangeError(`At most ${MAX_EXPORT_FRAMES} frames can be exported (got ${frames.length}).`);
  const { height, width } = frames[0];
  frames.forEach((f, i) => {
    if (!Number.isInteger(f.height) || !Number.isInteger(f.width) || f.height < 1 || f.width < 1) {
      throw new RangeError(`Frame ${i + 1} has no valid size (${formatSize(f.width, f.height)}).`);
    }
    if (f.height > MAX_EXPORT_SIDE || f.width > MAX_EXPORT_SIDE) {
      throw new RangeError(
        `Frames can be at most ${formatSize(MAX_EXPORT_SIDE, MAX_EXPORT_SIDE)} px (frame ${i + 1} is ${formatSize(f.width, f.height)}).`,
      );
    }
    if (f.height !== height || f.width !== width) {
      throw new RangeError(
        `Every frame must have the same size: frame ${i + 1} is ${formatSize(f.width, f.height)} but frame 1 is ${formatSize(width, height)}.`,
      );
    }
    if (f.rgba.length !== height * width * 4) {
      throw new RangeError(
        `Frame ${i + 1} has ${f.rgba.length} bytes, expected ${height * width * 4} for ${formatSize(width, height)} RGBA.`,
      );
    }
  });
}

export function checkExportFps(fps: number): void {
  const bad = checkFps(fps);
  if (bad) throw new RangeError(bad);
}
