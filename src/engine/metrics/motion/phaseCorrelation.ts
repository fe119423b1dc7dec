// Phase correlation (Kuglin & Hines 1975): the translation between two frames
// from the phase of their cross-power spectrum. A shift of the content by d
// multiplies the spectrum by e^(−2πi·k·d/N); normalising the cross-power
// spectrum to unit magnitude keeps only that phase ramp, whose inverse
// transform is a single sharp peak at d, whatever the content's contrast or
// colour.

import type { RgbImage } from '../../image/rgbImage';
import { assertRgbImage } from '../image';
import { fft2d, nextPowerOfTwo, zeroPad2d } from './fft2';
import { formatSize } from '../../image/formatSize';

/** A translation in pixels between two frames, and how clear it was. */
export interface Shift {
  /** Rows: positive = the content moved down from a to b. */
  readonly dy: number;
  /** Columns: positive = the content moved right from a to b. */
  readonly dx: number;
  /**
   * Height of the whole-pixel correlation peak in [0, 1], a confidence: ≈ 1
   * for identical frames (1 − 1/N², N² padded pixels: the mean carries no
   * phase), lower the less of the frames' structure the shift explains, near
   * 0 when nothing matches; 0 for a constant frame.
   */
  readonly peak: number;
}

export interface PhaseCorrelationOptions {
  /**
   * 'hann' (default) fades both frames to ~0 at their border before the
   * transform; 'none' leaves them as they are, which is exact for content
   * that wraps round (a cyclic shift of a power-of-two-sized frame, at any
   * distance) but lets the frame's border seams pull real footage towards 0.
   */
  readonly window?: 'hann' | 'none';
}

/** Rec. 601 luma of every pixel (row-major height×width); colour carries no extra shift information. */
export function luminance(image: RgbImage): Float64Array {
  const n = image.height * image.width;
  const d = image.data;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.299 * d[i * 3] + 0.587 * d[i * 3 + 1] + 0.114 * d[i * 3 + 2];
  return out;
}

/**
 * Hann window of length n, sampled at pixel centres: sin²(π(i+½)/n). It never
 * reaches exactly 0, so a 1-px-wide image is not wiped out.
 */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.sin((Math.PI * (i + 0.5)) / n) ** 2;
  return w;
}

/** Wraps an index on a cyclic axis of length n into (−n/2, n/2]. */
export function wrapShift(index: number, n: number): number {
  const i = ((index % n) + n) % n;
  return i > n / 2 ? i - n : i;
}

/**
 * Windowed, zero-mean luminance of one frame, placed on the zero-padded grid.
 * The mean is taken with the window's weights, so the windowed signal sums to
 * 0 exactly: otherwise the window's own bump, identical in both frames, would
 * correlate with itself at zero shift and pull every estimate towards 0.
 */
function windowedLuma(image: RgbImage, window: Float64Array, paddedHeight: number, paddedWidth: number): Float64Array {
  const luma = luminance(image);
  let weightSum = 0;
  let weighted = 0;
  for (let i = 0; i < luma.length; i++) {
    weightSum += window[i];
    weighted += window[i] * luma[i];
  }
  const mean = weightSum > 0 ? weighted / weightSum : 0;
  // Rounding leaves ~1e-17 where a frame is flat; that is no structure to lock on to.
  const windowed = luma.map((v, i) => (Math.abs(v - mean) > FLAT ? (v - mean) * window[i] : 0));
  return zeroPad2d(windowed, image.height, image.width, paddedHeight, paddedWidth).data;
}

/** Luminance deviations below this count as none (8-bit steps are 1/255 ≈ 0.004). */
const FLAT = 1e-9;

/**
 * Vertex of the parabola through (−1, left), (0, centre), (1, right), in
 * [−½, ½]; 0 when the three points do not make a peak.
 */
function parabolicOffset(left: number, centre: number, right: number): number {
  const curvature = left - 2 * centre + right;
  if (!(curvature < 0)) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / curvature));
}

/** Sub-pixel steps per pixel of the refinement grid. */
const UPSAMPLE = 8;

/**
 * The inverse-DFT kernel of one axis of length n, evaluated at the 2U+1
 * positions centre + j/U, j = −U…U (U = UPSAMPLE), one row per position:
 * e^(+2πi·f·r/n) with f the signed frequency. The Nyquist frequency (n/2)
 * stands for both +n/2 and −n/2, so it gets the real mean of the two, cos(πr);
 * that keeps the interpolated correlation real, as it is at whole pixels.
 */
function inverseDftRows(n: number, centre: number): { re: Float64Array; im: Float64Array } {
  const rows = 2 * UPSAMPLE + 1;
  const re = new Float64Array(rows * n);
  const im = new Float64Array(rows * n);
  for (let j = 0; j < rows; j++) {
    const r = centre + (j - UPSAMPLE) / UPSAMPLE;
    for (let k = 0; k < n; k++) {
      if (n % 2 === 0 && k === n / 2) {
        re[j * n + k] = Math.cos(Math.PI * r);
      } else {
        const phase = (2 * Math.PI * wrapShift(k, n) * r) / n;
        re[j * n + k] = Math.cos(phase);
        im[j * n + k] = Math.sin(phase);
      }
    }
  }
  return { re, im };
}

/**
 * Sub-pixel location of the correlation peak near the whole-pixel peak
 * (cy, cx), after Guizar-Sicairos et al. (2008): the correlation is the
 * inverse DFT of the whitened cross-power spectrum, so it can be evaluated
 * exactly between pixels. It is evaluated on a 1/U-px grid over ±1 px
 * around the peak (as two small matrix products, not a U-times larger FFT),
 * and the best point of that grid is refined once more by a parabola.
 * A parabola through the whole-pixel samples alone is biased towards whole
 * pixels, because the peak of a whitened spectrum is sinc-shaped, not
 * parabolic (errors up to ~0.3 px on the tests' images, against < 0.1 here).
 */
function refinePeak(
  spectrumRe: Float64Array,
  spectrumIm: Float64Array,
  height: number,
  width: number,
  cy: number,
  cx: number,
): { dy: number; dx: number } {
  const rows = 2 * UPSAMPLE + 1;
  const ky = inverseDftRows(height, cy);
  const kx = inverseDftRows(width, cx);
  // Along x first: partial[y][j] = Σ_x S[y][x]·kx[j][x].
  const partialRe = new Float64Array(height * rows);
  const partialIm = new Float64Array(height * rows);
  for (let y = 0; y < height; y++) {
    for (let j = 0; j < rows; j++) {
      let sumRe = 0;
      let sumIm = 0;
      for (let x = 0; x < width; x++) {
        const sr = spectrumRe[y * width + x];
        const si = spectrumIm[y * width + x];
        const er = kx.re[j * width + x];
        const ei = kx.im[j * width + x];
        sumRe += sr * er - si * ei;
        sumIm += sr * ei + si * er;
      }
      partialRe[y * rows + j] = sumRe;
      partialIm[y * rows + j] = sumIm;
    }
  }
  // Then along y, keeping the real part: grid[i][j] = Re Σ_y ky[i][y]·partial[y][j] / (h·w).
  const grid = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < rows; j++) {
      let sum = 0;
      for (let y = 0; y < height; y++) {
        sum += ky.re[i * height + y] * partialRe[y * rows + j] - ky.im[i * height + y] * partialIm[y * rows + j];
      }
      grid[i * rows + j] = sum / (height * width);
    }
  }
  let best = 0;
  for (let i = 1; i < grid.length; i++) if (grid[i] > grid[best]) best = i;
  const bi = Math.floor(best / rows);
  const bj = best % rows;
  const oi = bi > 0 && bi < rows - 1 ? parabolicOffset(grid[best - rows], grid[best], grid[best + rows]) : 0;
  const oj = bj > 0 && bj < rows - 1 ? parabolicOffset(grid[best - 1], grid[best], grid[best + 1]) : 0;
  return { dy: cy + (bi - UPSAMPLE + oi) / UPSAMPLE, dx: cx + (bj - UPSAMPLE + oj) / UPSAMPLE };
}

/**
 * The translation that maps frame a onto frame b: b(y, x) ≈ a(y − dy, x − dx),
 * so positive dy means the content moved down and positive dx right (image
 * rows grow downwards). Measured on luminance.
 *
 * - By default both frames are multiplied by a 2-D Hann window first. The DFT
 *   treats a frame as one tile of a periodic plane: its opposite edges do not
 *   match, and neither do the frame and the zero padding, so the seams are
 *   sharp edges in the same place in both frames. They correlate perfectly at
 *   zero shift and, once the spectrum is whitened (which boosts exactly such
 *   broadband edges), can outvote the real motion. The window fades each
 *   frame to ~0 at its border, so there are no seams. The price: content near
 *   the border counts less, so large shifts, where little windowed content
 *   still overlaps, become unreliable: the tests hold real translations up to
 *   a quarter of the frame per axis, and cyclic shifts (whose wrap-round seam
 *   is an edge the other frame lacks) up to a fifth.
 * - Frames of any size are zero-padded to powers of two for the radix-2 FFT.
 *   The whole-pixel peak is read cyclically on the padded grid and wrapped to
 *   (−N/2, N/2] per axis (N the padded side), then refined to sub-pixel
 *   precision (refinePeak). A cyclic shift of an n-px axis is found as its
 *   wrap into (−n/2, n/2), the translation that covers most of the frame.
 *
 * Constant frames (nothing to lock on to) give { dy: 0, dx: 0, peak: 0 };
 * frames of different sizes throw.
 */
export function phaseCorrelation(a: RgbImage, b: RgbImage, options: PhaseCorrelationOptions = {}): Shift {
  assertRgbImage(a, 'phaseCorrelation: frame a');
  assertRgbImage(b, 'phaseCorrelation: frame b');
  if (a.height !== b.height || a.width !== b.width) {
    throw new RangeError(
      `phaseCorrelation: frames differ in size, ${formatSize(a.width, a.height)} and ${formatSize(b.width, b.height)}`,
    );
  }
  const { height, width } = a;
  const { window: windowKind = 'hann' } = options;
  const paddedHeight = nextPowerOfTwo(height);
  const paddedWidth = nextPowerOfTwo(width);

  const hannY = windowKind === 'hann' ? hannWindow(height) : new Float64Array(height).fill(1);
  const hannX = windowKind === 'hann' ? hannWindow(width) : new Float64Array(width).fill(1);
  const window = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) window[y * width + x] = hannY[y] * hannX[x];
  }

  const aRe = windowedLuma(a, window, paddedHeight, paddedWidth);
  const bRe = windowedLuma(b, window, paddedHeight, paddedWidth);
  const aIm = new Float64Array(aRe.length);
  const bIm = new Float64Array(bRe.length);
  fft2d(aRe, aIm, paddedHeight, paddedWidth);
  fft2d(bRe, bIm, paddedHeight, paddedWidth);

  // Cross-power spectrum B·conj(A) = |A||B|·e^(−2πi·k·d/N): its inverse peaks at +d.
  const n = aRe.length;
  const spectrumRe = new Float64Array(n);
  const spectrumIm = new Float64Array(n);
  let maxMagnitude = 0;
  for (let i = 0; i < n; i++) {
    spectrumRe[i] = bRe[i] * aRe[i] + bIm[i] * aIm[i];
    spectrumIm[i] = bIm[i] * aRe[i] - bRe[i] * aIm[i];
    maxMagnitude = Math.max(maxMagnitude, Math.hypot(spectrumRe[i], spectrumIm[i]));
  }
  if (!(maxMagnitude > 0)) return { dy: 0, dx: 0, peak: 0 };
  // Whitening: unit magnitude everywhere. Frequencies with (numerically) no
  // energy in either frame carry no phase and are left out.
  const floor = maxMagnitude * 1e-10;
  for (let i = 0; i < n; i++) {
    const m = Math.hypot(spectrumRe[i], spectrumIm[i]);
    spectrumRe[i] = m > floor ? spectrumRe[i] / m : 0;
    spectrumIm[i] = m > floor ? spectrumIm[i] / m : 0;
  }

  const correlation = spectrumRe.slice();
  fft2d(correlation, spectrumIm.slice(), paddedHeight, paddedWidth, true);
  let best = 0;
  for (let i = 1; i < n; i++) if (correlation[i] > correlation[best]) best = i;
  const peakY = wrapShift(Math.floor(best / paddedWidth), paddedHeight);
  const peakX = wrapShift(best % paddedWidth, paddedWidth);
  const refined = refinePeak(spectrumRe, spectrumIm, paddedHeight, paddedWidth, peakY, peakX);
  return {
    // A 1-px axis has no shift; its refinement grid is flat and says nothing.
    dy: paddedHeight > 1 ? refined.dy : 0,
    dx: paddedWidth > 1 ? refined.dx : 0,
    peak: Math.max(0, Math.min(1, correlation[best])),
  };
}
