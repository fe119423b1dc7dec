import type { RgbImage } from '../image/rgbImage';
import { pack, type Packed } from '../patches/blockedExactSearch';
import { patchGrid, patchPosition, type PatchGrid } from '../patches/patchGrid';

/**
 * How far a synthesised coarse level strays from its source's patches
 * (docs/algorithms.md, "Incoherent coarse layouts"). Brute force over all
 * patch pairs: it runs at one coarse level (shorter side ≤ 2·coarseDim, a
 * few hundred patches), so it costs milliseconds and needs no backend. The
 * patches are the engine's grid (patchGrid) packed into rows as the exact
 * search packs them (pack), so patch j of the rows is grid patch j.
 */

/** Every p×p patch of `img` as packed rows, or null when no patch fits. */
function patchRows(img: RgbImage, p: number): { readonly grid: PatchGrid; readonly rows: Packed } | null {
  if (img.height < p || img.width < p) return null;
  const grid = patchGrid(img.height, img.width, p);
  return { grid, rows: pack(img, grid, () => true, 1) };
}

/**
 * RMS distance (per value) from row i of `a` to its nearest row of `b`,
 * skipping b's rows `skip` rejects. Σ(u − v)² in float64, stopped as soon as
 * it passes the best so far: neither the search's float32 form
 * (patchSquaredDistance) nor its float64 |q|² + |k|² − 2q·k form
 * (pairSquaredDistance) rounds the same, and the thresholds were measured
 * with this one.
 */
function nearestRms(a: Packed, i: number, b: Packed, len: number, skip?: (j: number) => boolean): number {
  let best = Infinity;
  const ai = i * len;
  for (let j = 0; j < b.count; j++) {
    if (skip?.(j)) continue;
    const bj = j * len;
    let d = 0;
    for (let t = 0; t < len && d < best; t++) {
      const u = a.rows[ai + t] - b.rows[bj + t];
      d += u * u;
    }
    if (d < best) best = d;
  }
  return Math.sqrt(best / len);
}

/** The `quantile` of the RMS distances from each p×p patch of `from` to the nearest patch of `to`. */
function nearestQuantile(from: RgbImage, to: RgbImage, p: number, quantile: number): number {
  const q = patchRows(from, p);
  const k = patchRows(to, p);
  if (!q || !k) return 0;
  const nq = q.grid.count;
  const d = new Float64Array(nq);
  for (let i = 0; i < nq; i++) d[i] = nearestRms(q.rows, i, k.rows, q.grid.elements);
  d.sort();
  return d[Math.min(nq - 1, Math.floor(quantile * nq))];
}

/**
 * How far `out`'s least coherent patches are from the source: the `quantile`
 * of the RMS distances from each of its p×p patches to the nearest patch of
 * `source` (0 for a copy). A high quantile rather than the mean, because a
 * broken layout is broken along a seam (a strip of town above the sky): most
 * patches are the source's, a few percent are nothing like it.
 */
export function patchIncoherence(out: RgbImage, source: RgbImage, p: number, quantile: number): number {
  return nearestQuantile(out, source, p, quantile);
}

/**
 * The other half of bidirectional similarity: how much of the source `out`
 * leaves out, as the `quantile` of the RMS distances from each source patch
 * to the nearest patch of `out` (0 for a copy). A layout can be coherent and
 * still wrong in proportion: a landscape sample without its sky is made of
 * the source's own trees and path, but the source's sky patches (a tenth of
 * them) are nowhere in it.
 */
export function patchIncompleteness(out: RgbImage, source: RgbImage, p: number, quantile: number): number {
  return nearestQuantile(source, out, p, quantile);
}

/**
 * The source's own patch scale: the mean RMS distance from each patch to the
 * nearest patch that does not overlap it. A sample whose patches are this far
 * from every source patch is made of patches the source does not have.
 * Infinity when no two patches are apart (a level under two patches wide).
 */
export function patchSelfScale(source: RgbImage, p: number): number {
  const k = patchRows(source, p);
  if (!k) return Infinity;
  const n = k.grid.count;
  const at = Array.from({ length: n }, (_, i) => patchPosition(k.grid, i));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const [yi, xi] = at[i];
    const d = nearestRms(
      k.rows,
      i,
      k.rows,
      k.grid.elements,
      (j) => Math.abs(at[j][0] - yi) < p && Math.abs(at[j][1] - xi) < p,
    );
    if (!Number.isFinite(d)) return Infinity;
    sum += d;
  }
  return sum / n;
}
