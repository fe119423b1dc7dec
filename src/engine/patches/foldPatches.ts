import { CHANNELS, createRgbImage, type RgbImage } from '../image/rgbImage';
import { DEFAULT_PATCH_SIZE, patchGrid } from './patchGrid';
import { formatSize } from '../image/formatSize';
import { lowerMedianIndex, selectKth, type Voting } from './voting';

/**
 * GPNN's patch aggregation: query patch i is replaced by the values patch
 * nn[i] (a position in the values image's patch grid) and every output pixel
 * is the float mean of all replacement patches covering it, or with `vote:
 * 'median'` their lower median per channel (src/engine/patches/voting.ts). CPU reference of
 * shaders/patch_fold.wgsl (gather form: each pixel visits the ≤ p² query
 * patches that cover it, qy then qx ascending, as the kernel does).
 *
 * The mean is taken around the first covering sample, ref + Σ(v − ref)/n,
 * instead of Σv/n: where all covering patches agree (an identity mapping, or
 * converged regions) the result is exactly that value, whereas summing n
 * copies and dividing by n rounds. It is also more accurate when the samples
 * are close, which is the common case.
 */
export interface FoldOptions {
  /** Default 7. */
  readonly patchSize?: number;
  /** Value of pixels that no valid patch covers (same size as the output); default 0. */
  readonly fallback?: RgbImage;
  /** Default 'mean', the paper's; see Voting. */
  readonly vote?: Voting;
}

export function foldPatches(
  values: RgbImage,
  nn: Uint32Array,
  outHeight: number,
  outWidth: number,
  opts: FoldOptions = {},
): RgbImage {
  const p = opts.patchSize ?? DEFAULT_PATCH_SIZE;
  const q = patchGrid(outHeight, outWidth, p, 'output (query) image');
  const k = patchGrid(values.height, values.width, p, 'values image');
  checkFoldInputs(nn, q.count, opts.fallback, outHeight, outWidth);
  const median = opts.vote === 'median';
  const out = createRgbImage(outHeight, outWidth);
  const v = values.data;
  const d = out.data;
  // The median vote's samples of one pixel, per channel (docs/algorithms.md, "Median voting").
  const samples = median ? [new Float32Array(p * p), new Float32Array(p * p), new Float32Array(p * p)] : [];
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      let n = 0;
      let r0 = 0,
        g0 = 0,
        b0 = 0;
      let ar = 0,
        ag = 0,
        ab = 0;
      for (let qy = Math.max(0, y - p + 1); qy <= Math.min(y, q.gridHeight - 1); qy++) {
        for (let qx = Math.max(0, x - p + 1); qx <= Math.min(x, q.gridWidth - 1); qx++) {
          const j = nn[qy * q.gridWidth + qx];
          if (j >= k.count) continue;
          const ky = Math.floor(j / k.gridWidth);
          const kx = j - ky * k.gridWidth;
          const vi = ((ky + y - qy) * values.width + (kx + x - qx)) * CHANNELS;
          if (median) {
            samples[0][n] = v[vi];
            samples[1][n] = v[vi + 1];
            samples[2][n] = v[vi + 2];
          } else {
            if (n === 0) {
              r0 = v[vi];
              g0 = v[vi + 1];
              b0 = v[vi + 2];
            }
            ar = Math.fround(ar + Math.fround(v[vi] - r0));
            ag = Math.fround(ag + Math.fround(v[vi + 1] - g0));
            ab = Math.fround(ab + Math.fround(v[vi + 2] - b0));
          }
          n++;
        }
      }
      const oi = (y * outWidth + x) * CHANNELS;
      if (n === 0) {
        const f = opts.fallback?.data;
        d[oi] = f ? f[oi] : 0;
        d[oi + 1] = f ? f[oi + 1] : 0;
        d[oi + 2] = f ? f[oi + 2] : 0;
      } else if (median) {
        // A pixel where the patches disagree takes one of their values, not a blend of them.
        for (let c = 0; c < CHANNELS; c++) d[oi + c] = selectKth(samples[c], n, lowerMedianIndex(n));
      } else {
        d[oi] = Math.fround(r0 + Math.fround(ar / n));
        d[oi + 1] = Math.fround(g0 + Math.fround(ag / n));
        d[oi + 2] = Math.fround(b0 + Math.fround(ab / n));
      }
    }
  }
  return out;
}

/** Shared with the GPU wrapper so both reject the same inputs with the same words. */
export function checkFoldInputs(
  nn: { readonly length: number } | number,
  queryCount: number,
  fallback: { readonly height: number; readonly width: number } | undefined,
  outHeight: number,
  outWidth: number,
): void {
  const length = typeof nn === 'number' ? nn : nn.length;
  if (length !== queryCount) {
    throw new RangeError(`nn has ${length} entries, expected one per query patch (${queryCount})`);
  }
  if (fallback && (fallback.height !== outHeight || fallback.width !== outWidth)) {
    throw new RangeError(
      `Fallback image is ${formatSize(fallback.width, fallback.height)}, expected the output size ${formatSize(outWidth, outHeight)}`,
    );
  }
}
