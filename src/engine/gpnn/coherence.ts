import type { RgbImage } from '../image/rgbImage';

/**
 * How far a synthesised coarse level strays from its source's patches
 * (docs/algorithms.md, "Incoherent coarse layouts"). Brute force over all
 * patch pairs: it runs at one coarse level (shorter side ≤ 2·coarseDim, a
 * few hundred patches), so it costs milliseconds and needs no backend.
 */

function patchesOf(
  img: RgbImage,
  p: number,
): { readonly data: Float32Array; readonly ys: Int32Array; readonly xs: Int32Array } {
  const rows = img.height - p + 1;
  const cols = img.width - p + 1;
  const n = Math.max(0, rows) * Math.max(0, cols);
  const len = p * p * 3;
  const data = new Float32Array(n * len);
  const ys = new Int32Array(n);
  const xs = new Int32Array(n);
  let i = 0;
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < cols; x++, i++) {
      ys[i] = y;
      xs[i] = x;
      let o = i * len;
      for (let dy = 0; dy < p; dy++) {
        const row = ((y + dy) * img.width + x) * 3;
        for (let t = 0; t < p * 3; t++) data[o++] = img.data[row + t];
      }
    }
  return { data, ys, xs };
}

/** RMS distance (per value) from patch i of `a` to its nearest patch of `b`, skipping b's patches `skip` rejects. */
function nearestRms(
  a: Float32Array,
  i: number,
  b: Float32Array,
  count: number,
  len: number,
  skip?: (j: number) => boolean,
): number {
  let best = Infinity;
  const ai = i * len;
  for (let j = 0; j < count; j++) {
    if (skip?.(j)) continue;
    const bj = j * len;
    let d = 0;
    for (let t = 0; t < len && d < best; t++) {
      const u = a[ai + t] - b[bj + t];
      d += u * u;
    }
    if (d < best) best = d;
  }
  return Math.sqrt(best / len);
}

/**
 * How far `out`'s least coherent patches are from the source: the `quantile`
 * of the RMS distances from each of its p×p patches to the nearest patch of
 * `source` (0 for a copy). A high quantile rather than the mean, because a
 * broken layout is broken along a seam (a strip of town above the sky): most
 * patches are the source's, a few percent are nothing like it.
 */
export function patchIncoherence(out: RgbImage, source: RgbImage, p: number, quantile: number): number {
  const q = patchesOf(out, p);
  const k = patchesOf(source, p);
  const len = p * p * 3;
  const nq = q.ys.length;
  const nk = k.ys.length;
  if (nq === 0 || nk === 0) return 0;
  const d = new Float64Array(nq);
  for (let i = 0; i < nq; i++) d[i] = nearestRms(q.data, i, k.data, nk, len);
  d.sort();
  return d[Math.min(nq - 1, Math.floor(quantile * nq))];
}

/**
 * The source's own patch scale: the mean RMS distance from each patch to the
 * nearest patch that does not overlap it. A sample whose patches are this far
 * from every source patch is made of patches the source does not have.
 * Infinity when no two patches are apart (a level under two patches wide).
 */
export function patchSelfScale(source: RgbImage, p: number): number {
  const k = patchesOf(source, p);
  const len = p * p * 3;
  const n = k.ys.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = nearestRms(
      k.data,
      i,
      k.data,
      n,
      len,
      (j) => Math.abs(k.ys[j] - k.ys[i]) < p && Math.abs(k.xs[j] - k.xs[i]) < p,
    );
    if (!Number.isFinite(d)) return Infinity;
    sum += d;
  }
  return n > 0 ? sum / n : Infinity;
}
