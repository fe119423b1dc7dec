import { CHANNELS, createRgbImage, type RgbImage } from './rgbImage';
import { formatSize } from './formatSize';

/** Columns of white between frames: the eye must see where one frame ends. */
export const FILM_STRIP_GAP = 2;

/**
 * Frames of one size side by side, left to right, with a white gap between
 * them: how a training preview shows a whole sequence in one image.
 */
export function filmStrip(frames: readonly RgbImage[], gap = FILM_STRIP_GAP): RgbImage {
  if (frames.length === 0) throw new RangeError('A film strip needs at least one frame.');
  const { height, width } = frames[0];
  for (const f of frames) {
    if (f.height !== height || f.width !== width)
      throw new RangeError(`Frames differ in size: ${formatSize(width, height)} and ${formatSize(f.width, f.height)}.`);
  }
  const out = createRgbImage(height, frames.length * width + (frames.length - 1) * gap);
  out.data.fill(1);
  const row = width * CHANNELS;
  for (const [i, f] of frames.entries()) {
    const x0 = i * (width + gap) * CHANNELS;
    for (let y = 0; y < height; y++)
      out.data.set(f.data.subarray(y * row, (y + 1) * row), y * out.width * CHANNELS + x0);
  }
  return out;
}
