import { gaussianDownscale } from '../image/resample';
import { createRgbImage } from '../image/rgbImage';
import { patchGrid } from '../patches/patchGrid';
import { FINE_LEVEL_SIDE } from './gpnnParams';

/**
 * Painted masks live at the source's resolution; GPNN needs them per pyramid
 * level and per key patch. Coverage is downscaled with the pyramid's own
 * Gaussian so a mask lines up with the level image it describes.
 */
export function labelCoverage(
  labels: Uint8Array,
  height: number,
  width: number,
  label: number,
  outH: number,
  outW: number,
): Float32Array {
  const indicator = createRgbImage(height, width);
  for (let i = 0; i < height * width; i++) {
    const v = labels[i] === label ? 1 : 0;
    indicator.data[i * 3] = v;
    indicator.data[i * 3 + 1] = v;
    indicator.data[i * 3 + 2] = v;
  }
  const small = outH === height && outW === width ? indicator : gaussianDownscale(indicator, outH, outW);
  const out = new Float32Array(outH * outW);
  for (let i = 0; i < out.length; i++) out[i] = small.data[i * 3];
  return out;
}

/**
 * The sum of `value` over every ph×pw window of a height×width image, one per
 * window origin ((height − ph + 1) × (width − pw + 1), row-major): a
 * summed-area table, so each window is four lookups whatever its size. The
 * caller has checked that the window fits.
 */
function rectWindowSums(
  height: number,
  width: number,
  ph: number,
  pw: number,
  value: (i: number) => number,
): Float64Array {
  const sat = new Float64Array((height + 1) * (width + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += value(y * width + x);
      sat[(y + 1) * (width + 1) + x + 1] = sat[y * (width + 1) + x + 1] + row;
    }
  }
  const gridHeight = height - ph + 1;
  const gridWidth = width - pw + 1;
  const sums = new Float64Array(gridHeight * gridWidth);
  for (let y = 0; y < gridHeight; y++)
    for (let x = 0; x < gridWidth; x++)
      sums[y * gridWidth + x] =
        sat[(y + ph) * (width + 1) + x + pw] -
        sat[y * (width + 1) + x + pw] -
        sat[(y + ph) * (width + 1) + x] +
        sat[y * (width + 1) + x];
  return sums;
}

/** rectWindowSums over the square patches of a height×width image's patch grid (which checks they fit). */
function windowSums(
  height: number,
  width: number,
  patchSize: number,
  value: (i: number) => number,
): { readonly sums: Float64Array; readonly gridWidth: number } {
  const grid = patchGrid(height, width, patchSize, 'mask level');
  return { sums: rectWindowSums(height, width, patchSize, patchSize, value), gridWidth: grid.gridWidth };
}

/** Per patch of a height×width image's grid: 1 when any pixel of its window has coverage above `threshold`. */
export function patchesTouching(
  coverage: Float32Array,
  height: number,
  width: number,
  patchSize: number,
  threshold: number,
): Uint32Array {
  const { sums } = windowSums(height, width, patchSize, (i) => (coverage[i] > threshold ? 1 : 0));
  return Uint32Array.from(sums, (s) => (s > 0 ? 1 : 0));
}

/**
 * patchesTouching for ph×pw windows (a space-time patch's frame, whose grid
 * the caller has already checked): per window origin, 1 when any pixel of the
 * window has coverage above `threshold`.
 */
export function windowsTouching(
  coverage: Float32Array,
  height: number,
  width: number,
  ph: number,
  pw: number,
  threshold: number,
): Uint32Array {
  return Uint32Array.from(
    rectWindowSums(height, width, ph, pw, (i) => (coverage[i] > threshold ? 1 : 0)),
    (s) => (s > 0 ? 1 : 0),
  );
}

/**
 * Per patch: 1 when the label covers at least `threshold` of its window on
 * average, or its centre pixel at least that much: patches that are mostly,
 * or centred on, the labelled region, and not those that merely touch it.
 */
export function patchesCovered(
  coverage: Float32Array,
  height: number,
  width: number,
  patchSize: number,
  threshold: number,
): Uint32Array {
  const { sums, gridWidth } = windowSums(height, width, patchSize, (i) => coverage[i]);
  const p = patchSize;
  const r = (p - 1) / 2;
  return Uint32Array.from(sums, (sum, i) => {
    const y = Math.floor(i / gridWidth);
    const x = i % gridWidth;
    const centre = coverage[(y + r) * width + x + r];
    return sum / (p * p) >= threshold || centre >= threshold ? 1 : 0;
  });
}

/**
 * Coverage of a level's pixel by the blurred-down hole above which a patch
 * touching it is no key, and which the put-back (pixelsClearOf) keeps clear of.
 */
export const HOLE_TRACE = 0.01;

/**
 * Per pixel of an h×w level: 1 where no trace of the hole (coverage above
 * HOLE_TRACE) lies within `reach` pixels along both axes. The inpaintings put
 * those pixels back to the source after every vote (docs/algorithms.md,
 * "Inpainting"); putBackReach says how far from the hole.
 */
export function pixelsClearOf(coverage: Float32Array, h: number, w: number, reach: number): Uint8Array {
  const clear = new Uint8Array(h * w).fill(1);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (coverage[y * w + x] <= HOLE_TRACE) continue;
      for (let yy = Math.max(0, y - reach); yy <= Math.min(h - 1, y + reach); yy++)
        clear.fill(0, yy * w + Math.max(0, x - reach), yy * w + Math.min(w - 1, x + reach) + 1);
    }
  }
  return clear;
}

/**
 * Copies `source`'s RGB values into `into` wherever `clear` (one frame's
 * pixels, pixelsClearOf) is set, on every frame the arrays hold (a still is
 * one frame): the inpaintings' put-back after every vote.
 */
export function putBackClear(into: Float32Array, source: Float32Array, clear: Uint8Array): void {
  for (let i = 0, p = 0; i < into.length; i += 3, p = p + 1 === clear.length ? 0 : p + 1) {
    if (clear[p] === 0) continue;
    into[i] = source[i];
    into[i + 1] = source[i + 1];
    into[i + 2] = source[i + 2];
  }
}

/**
 * How far around the hole a level is rebuilt with it, in pixels: at a fine
 * level (its shorter side at least FINE_LEVEL_SIDE × the coarsest's) a patch
 * less one, so the fill's texture joins its surroundings (put back right to
 * the hole's edge, the fill met them in a hard line); at a coarse level
 * none, only the hole's blurred trace. There a patch-wide band is most of
 * the picture: rebuilt, it moved the layout round the hole (the Gallery
 * coast's cliff drawn lower), and the fine levels, which put the layout back,
 * kept the hole's fill from the moved one (a pale column of sky).
 */
export function putBackReach(levelSide: number, coarseSide: number, patch: number): number {
  return levelSide >= FINE_LEVEL_SIDE * coarseSide ? patch - 1 : 0;
}

export function countSet(flags: Uint32Array): number {
  let n = 0;
  for (const f of flags) n += f ? 1 : 0;
  return n;
}
