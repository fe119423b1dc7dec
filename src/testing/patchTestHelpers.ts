import { CHANNELS, createRgbImage, type RgbImage } from '../engine/image/rgbImage';
import {
  patchDistanceFn,
  patchScore,
  resolvePatchSearch,
  type PatchSearchOptions,
  type PatchSearchResult,
} from '../engine/patches/nearestPatches';
import { NO_MATCH } from '../engine/patches/patchGrid';
import { mulberry32 } from '../engine/random/prng';

export { mulberry32 };

/**
 * Test-only helpers for the patch search, shared by the Vitest suites and the
 * browser spec (e2e/patch-kernels.spec.ts). No Node or DOM dependencies.
 */

export function randomImage(height: number, width: number, seed: number): RgbImage {
  const r = mulberry32(seed);
  return createRgbImage(
    height,
    width,
    Float32Array.from({ length: height * width * CHANNELS }, () => r()),
  );
}

/**
 * Values k/16 for k in [0, levels): every difference, square and sum of a
 * patch distance is exact in float32, so equal distances are bit-equal on
 * every device and tie-breaking can be checked index for index.
 */
export function sixteenthsImage(height: number, width: number, seed: number, levels = 4): RgbImage {
  const r = mulberry32(seed);
  return createRgbImage(
    height,
    width,
    Float32Array.from({ length: height * width * CHANNELS }, () => Math.floor(r() * levels) / 16),
  );
}

/** An image that repeats with the given period along x, so many key patches are exact duplicates. */
export function periodicImage(height: number, width: number, period: number, seed: number): RgbImage {
  const tile = sixteenthsImage(height, period, seed, 16);
  const out = createRgbImage(height, width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < CHANNELS; c++) {
        out.data[(y * width + x) * CHANNELS + c] = tile.data[(y * period + (x % period)) * CHANNELS + c];
      }
    }
  }
  return out;
}

/**
 * The search done the obvious way: explicit patch vectors (own im2col, not
 * the offset tables of nearestPatches.ts) and the whole N×M distance matrix.
 * Same float32 arithmetic, so it must agree with the two-pass reference
 * exactly. Only for tiny inputs.
 */
export function nearestPatchesBruteForce(
  query: RgbImage,
  keys: RgbImage,
  opts: PatchSearchOptions = {},
): PatchSearchResult & { colMin: Float32Array } {
  const s = resolvePatchSearch(query, keys, opts);
  const qv = patchVectors(query, s.queryGrid.patchSize);
  const kv = patchVectors(keys, s.keyGrid.patchSize);
  const n = qv.length;
  const m = kv.length;
  const d = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let e = 0; e < qv[i].length; e++) {
        const diff = Math.fround(qv[i][e] - kv[j][e]);
        acc = Math.fround(acc + Math.fround(diff * diff));
      }
      d[i * m + j] = s.distance === 'l2' ? Math.fround(Math.sqrt(acc)) : acc;
    }
  }
  const isActive = (i: number) => !s.activeQueries || s.activeQueries[i] !== 0;
  const colMin = new Float32Array(m);
  for (let j = 0; j < m; j++) {
    let best = Infinity;
    for (let i = 0; i < n; i++) if (isActive(i)) best = Math.min(best, d[i * m + j]);
    colMin[j] = best;
  }
  const nn = new Uint32Array(n).fill(NO_MATCH);
  const score = new Float32Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    if (!isActive(i)) continue;
    const scores: [number, number][] = [];
    for (let j = 0; j < m; j++) {
      if (s.excludedKeys && s.excludedKeys[j] !== 0) continue;
      scores.push([patchScore(d[i * m + j], colMin[j], s.keyAlphaScale ? s.keyAlphaScale[j] : 1, s), j]);
    }
    if (scores.length === 0) continue;
    scores.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    [score[i], nn[i]] = scores[0];
  }
  return { nn, score, colMin };
}

function patchVectors(img: RgbImage, p: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let y = 0; y + p <= img.height; y++) {
    for (let x = 0; x + p <= img.width; x++) {
      const v = new Float32Array(p * p * CHANNELS);
      let e = 0;
      for (let dy = 0; dy < p; dy++) {
        for (let dx = 0; dx < p; dx++) {
          for (let c = 0; c < CHANNELS; c++) v[e++] = img.data[((y + dy) * img.width + (x + dx)) * CHANNELS + c];
        }
      }
      out.push(v);
    }
  }
  return out;
}

export interface MatchCheck {
  /** Relative slack on scores: a pick whose reference score is within it of the minimum is a valid argmin. */
  readonly relTol?: number;
  /** Inputs built for exact ties: the index itself must equal the reference's. */
  readonly exactIndex?: boolean;
}

/**
 * Compares a search result (e.g. from the GPU) with the CPU reference and
 * returns the problems found (empty = pass). Scores may differ by rounding
 * (fused multiply-adds, GPU sqrt/division), so a different index is accepted
 * when its reference score is within relTol of the reference minimum.
 */
export function matchProblems(
  query: RgbImage,
  keys: RgbImage,
  opts: PatchSearchOptions,
  reference: PatchSearchResult & { colMin: Float32Array },
  got: { nn: ArrayLike<number>; score: ArrayLike<number> },
  check: MatchCheck = {},
): string[] {
  const relTol = check.relTol ?? 1e-5;
  const s = resolvePatchSearch(query, keys, opts);
  const dist = patchDistanceFn(query, keys, s);
  const problems: string[] = [];
  const n = reference.nn.length;
  if (got.nn.length !== n || got.score.length !== n)
    return [`expected ${n} results, got ${got.nn.length} / ${got.score.length}`];
  for (let i = 0; i < n && problems.length < 10; i++) {
    const want = reference.nn[i];
    const j = got.nn[i];
    if (want === NO_MATCH || j === NO_MATCH) {
      if (want !== j) problems.push(`query ${i}: got ${j}, want ${want}`);
      continue;
    }
    if (check.exactIndex && j !== want) {
      problems.push(`query ${i}: got key ${j}, want key ${want} (exact ties)`);
      continue;
    }
    if (!(j < s.keyGrid.count) || (s.excludedKeys && s.excludedKeys[j] !== 0)) {
      problems.push(`query ${i}: got key ${j}, which is out of range or excluded`);
      continue;
    }
    const best = reference.score[i];
    const picked = patchScore(dist(i, j), reference.colMin[j], s.keyAlphaScale ? s.keyAlphaScale[j] : 1, s);
    if (!(picked <= best + relTol * best)) {
      problems.push(`query ${i}: key ${j} scores ${picked} on the CPU, the best (key ${want}) ${best}`);
    }
    if (!(Math.abs(got.score[i] - best) <= relTol * best + 1e-7)) {
      problems.push(`query ${i}: reported score ${got.score[i]}, reference ${best}`);
    }
  }
  return problems;
}

/**
 * matchProblems for searches too large to run the whole CPU reference in a
 * test's time budget: m is checked on every `stride`-th key (against all
 * queries), and the pick of every `stride`-th query against all keys, scored
 * with the m under test (which the first check has just sampled).
 */
export function sampledMatchProblems(
  query: RgbImage,
  keys: RgbImage,
  opts: PatchSearchOptions,
  got: { nn: ArrayLike<number>; score: ArrayLike<number>; colMin: ArrayLike<number> },
  stride: number,
  relTol = 1e-5,
): string[] {
  const s = resolvePatchSearch(query, keys, opts);
  const dist = patchDistanceFn(query, keys, s);
  const n = s.queryGrid.count;
  const m = s.keyGrid.count;
  const isActive = (i: number) => !s.activeQueries || s.activeQueries[i] !== 0;
  const allowed = (j: number) => !s.excludedKeys || s.excludedKeys[j] === 0;
  const problems: string[] = [];
  for (let j = Math.floor(stride / 2); j < m && problems.length < 10; j += stride) {
    let best = Infinity;
    for (let i = 0; i < n; i++) if (isActive(i)) best = Math.min(best, dist(i, j));
    if (!(Math.abs(got.colMin[j] - best) <= relTol * best + 1e-7))
      problems.push(`m[${j}] = ${got.colMin[j]}, reference ${best}`);
  }
  const score = (i: number, j: number) =>
    patchScore(dist(i, j), got.colMin[j], s.keyAlphaScale ? s.keyAlphaScale[j] : 1, s);
  for (let i = 0; i < n && problems.length < 10; i += stride) {
    const j = got.nn[i];
    if (!isActive(i)) {
      if (j !== NO_MATCH) problems.push(`inactive query ${i} got key ${j}`);
      continue;
    }
    let best = Infinity;
    for (let k = 0; k < m; k++) if (allowed(k)) best = Math.min(best, score(i, k));
    if (!(j < m && allowed(j))) {
      problems.push(`query ${i}: got key ${j}, which is out of range or excluded`);
      continue;
    }
    const picked = score(i, j);
    if (!(picked <= best + relTol * best)) problems.push(`query ${i}: key ${j} scores ${picked}, the best ${best}`);
    if (!(Math.abs(got.score[i] - best) <= relTol * best + 1e-7))
      problems.push(`query ${i}: reported score ${got.score[i]}, reference ${best}`);
  }
  return problems;
}

/**
 * Smooth gradients + an oriented texture + a little per-pixel noise: patches
 * are distinct (so the nearest neighbour is meaningful) but coherent (so
 * offsets propagate), the situation PatchMatch is built for.
 */
export function structuredImage(h: number, w: number, seed: number): RgbImage {
  const r = mulberry32(seed);
  const f = Array.from({ length: 12 }, () => r());
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        const gradient = 0.3 * (x / w) * f[c] + 0.3 * (y / h) * f[c + 3];
        const texture = 0.2 * Math.sin(x * (0.4 + f[c + 6]) + y * (0.7 + f[c + 9]) + c) * Math.cos(0.3 * x - 0.5 * y);
        img.data[(y * w + x) * 3 + c] = 0.2 + gradient + texture + 0.05 * r();
      }
    }
  }
  return img;
}
