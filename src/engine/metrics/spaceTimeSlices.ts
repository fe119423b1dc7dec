// Space-time slices of a video as images SIFID can read (docs/algorithms.md,
// "Video benchmark"). A video cut along time at row y is an x–t slice
// (time down, x across): whatever moves sideways draws a slanted line in it,
// whatever stands still a vertical one; cut at column x it is a y–t slice,
// the same for vertical motion. A slice is only as tall as the video is long
// (8 or 13 frames here), shorter than the 19 px the Inception stem needs, so
// all slices of one video are laid into one image: the x–t slices stacked
// down, the y–t slices side by side. Every other slice runs backwards in time
// (serpentine), so the seam between two slices joins the same frame's
// neighbouring rows (or columns) instead of the last frame to the first:
// every pair of adjacent rows in the image is either one pixel apart in
// time or one pixel apart in space, never a jump that the input and every
// sample would share only by construction.

import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { formatSize } from '../image/formatSize';
import { assertRgbImage } from './image';

function checkFrames(frames: readonly RgbImage[], what: string): { height: number; width: number } {
  if (frames.length === 0) throw new RangeError(`${what}: no frames`);
  const { height, width } = frames[0];
  frames.forEach((f, t) => {
    assertRgbImage(f, `${what} frame ${t}`);
    if (f.height !== height || f.width !== width) {
      throw new RangeError(
        `${what}: frame ${t} is ${formatSize(f.width, f.height)}, frame 0 is ${formatSize(width, height)}`,
      );
    }
  });
  return { height, width };
}

/** The frame whose line lands at step s of slice k: forwards in even slices, backwards in odd ones. */
const serpentine = (k: number, s: number, frames: number) => (k % 2 === 0 ? s : frames - 1 - s);

/**
 * Every x–t slice, stacked: an image of (height·T) rows × width, whose row
 * y·T + s is row y of frame s (slices with odd y: frame T − 1 − s).
 */
export function xtSliceImage(frames: readonly RgbImage[]): RgbImage {
  const { height, width } = checkFrames(frames, 'xtSliceImage');
  const T = frames.length;
  const out = createRgbImage(height * T, width);
  const rowLength = width * 3;
  for (let y = 0; y < height; y++) {
    for (let s = 0; s < T; s++) {
      const f = frames[serpentine(y, s, T)];
      out.data.set(f.data.subarray(y * rowLength, (y + 1) * rowLength), (y * T + s) * rowLength);
    }
  }
  return out;
}

/**
 * Every y–t slice, side by side: an image of height rows × (width·T), whose
 * column x·T + s is column x of frame s (slices with odd x: frame T − 1 − s).
 */
export function ytSliceImage(frames: readonly RgbImage[]): RgbImage {
  const { height, width } = checkFrames(frames, 'ytSliceImage');
  const T = frames.length;
  const out = createRgbImage(height, width * T);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let s = 0; s < T; s++) {
        const src = frames[serpentine(x, s, T)].data;
        const i = (y * width + x) * 3;
        const o = (y * width * T + x * T + s) * 3;
        out.data[o] = src[i];
        out.data[o + 1] = src[i + 1];
        out.data[o + 2] = src[i + 2];
      }
    }
  }
  return out;
}
