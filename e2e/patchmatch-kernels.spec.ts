import type { Page } from '@playwright/test';
import { expect, test } from './harnessFixture';
import type { RgbImage } from '../src/engine/image/rgbImage';
import { patchArgmin, resolvePatchSearch } from '../src/engine/patches/nearestPatches';
import { patchMatch } from '../src/engine/patches/patchMatch';
import type { PatchMatchOptions } from '../src/engine/patches/patchMatchSchedule';
import { mulberry32, randomImage, sixteenthsImage, structuredImage } from '../src/testing/patchTestHelpers';
import { runHarness as run } from '../scripts/lib/harness';

/**
 * PatchMatch on the GPU (patchmatch_* kernels) against its CPU twin
 * (src/engine/patches/patchMatch.ts) and against the exact CPU search,
 * through the kernel harness page. Images ≤ 64 px so SwiftShader stays quick.
 *
 * How equal the two fields must be. Both run the same hash, candidates and
 * double-buffered passes, so they differ only where float32 rounding does:
 * - Images of sixteenths (patchTestHelpers.sixteenthsImage): every difference,
 *   square and sum in Σ(q−k)² is exact in float32, so D is bit-identical on
 *   any device whatever it fuses or reorders, and distinct sums lie far more
 *   than a sqrt's or division's few-ulp error apart. No comparison can flip:
 *   the nn fields must be equal entry for entry.
 * - Continuous random images: a GPU may fuse d·d + acc into one FMA (WGSL
 *   allows it) and its sqrt and division are allowed a few ulps of error, so
 *   two candidates within ~1e-7 relative may compare the other way, and one
 *   flipped choice then propagates to neighbours in later passes. There we
 *   require ≥ 99% equal entries and mean scores within 1e-4 relative. (On
 *   SwiftShader they come out identical; the tolerance is for real GPUs.)
 */

type JsonImage = { height: number; width: number; data: number[] };
type JsonOptions = Omit<PatchMatchOptions, 'activeQueries' | 'excludedKeys' | 'keyAlphaScale' | 'initialField'> & {
  activeQueries?: number[];
  excludedKeys?: number[];
  keyAlphaScale?: number[];
  initialField?: number[];
};
type GpuResult = { nn: number[]; score: number[]; dispatches: number; peakBytes: number; liveBytesAfter: number };

const json = (img: RgbImage): JsonImage => ({ height: img.height, width: img.width, data: Array.from(img.data) });

function cpuOptions(o: JsonOptions): PatchMatchOptions {
  return {
    ...o,
    activeQueries: o.activeQueries && Uint32Array.from(o.activeQueries),
    excludedKeys: o.excludedKeys && Uint32Array.from(o.excludedKeys),
    keyAlphaScale: o.keyAlphaScale && Float32Array.from(o.keyAlphaScale),
    initialField: o.initialField && Uint32Array.from(o.initialField),
  };
}

async function gpuMatch(
  page: Page,
  q: RgbImage,
  k: RgbImage | undefined,
  opts: JsonOptions,
  fieldOnGpu = false,
): Promise<GpuResult> {
  return run<GpuResult>(page, 'patch_match', { query: json(q), keys: k && json(k), opts, fieldOnGpu });
}

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const mask = (n: number, seed: number, p: number) => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => (r() < p ? 1 : 0));
};
const gridCount = (img: RgbImage, p: number) => (img.height - p + 1) * (img.width - p + 1);

/** Scores compared where the fields agree: same key, same D; only sqrt/division rounding may differ. */
function maxScoreRelDiff(got: GpuResult, want: { nn: Uint32Array; score: Float32Array }): number {
  let worst = 0;
  want.nn.forEach((j, i) => {
    if (got.nn[i] !== j) return;
    const a = got.score[i];
    const b = want.score[i];
    if (a === b) return;
    worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(b), 1e-30));
  });
  return worst;
}

test('GPU PatchMatch equals the CPU twin entry for entry on exactly representable images', async ({
  harness: page,
}) => {
  // Grids not multiples of the 64-thread workgroup, N ≠ M, p = 3, 5, 7, 11, both distances,
  // completeness (both estimates), key scales, exclusions, inactive queries, self-search.
  const cases: { label: string; q: RgbImage; k?: RgbImage; opts: JsonOptions }[] = [];
  {
    const q = sixteenthsImage(37, 45, 1);
    const k = sixteenthsImage(41, 29, 2);
    cases.push({ label: 'p7 l2 plain 37×45 vs 41×29', q, k, opts: { patchSize: 7, alpha: 1e30, seed: 11 } });
  }
  {
    const q = sixteenthsImage(29, 50, 3);
    const k = sixteenthsImage(33, 27, 4);
    cases.push({
      label: 'p3 sq alpha excluded+inactive',
      q,
      k,
      opts: {
        patchSize: 3,
        distance: 'sq',
        alpha: 0.005,
        seed: 12,
        excludedKeys: mask(gridCount(k, 3), 5, 0.3),
        activeQueries: mask(gridCount(q, 3), 6, 0.8),
      },
    });
  }
  {
    const q = sixteenthsImage(40, 36, 7);
    const n = gridCount(q, 7);
    cases.push({
      label: 'p7 self-search, alpha, key scales, reverse estimate',
      q,
      opts: {
        patchSize: 7,
        alpha: 0.01,
        seed: 13,
        iterations: 3,
        colMinEstimate: 'reverse',
        keyAlphaScale: Array.from({ length: n }, (_, j) => (j % 5 === 0 ? 0.25 : 1)),
      },
    });
  }
  {
    const q = sixteenthsImage(40, 35, 8);
    const k = sixteenthsImage(30, 45, 9);
    cases.push({
      label: 'p11 sq plain, 6 rounds',
      q,
      k,
      opts: { patchSize: 11, distance: 'sq', alpha: 1e30, seed: 14, iterations: 6 },
    });
  }
  {
    const q = sixteenthsImage(3, 64, 10);
    const k = sixteenthsImage(64, 3, 11);
    cases.push({
      label: 'p3 single-row grids, 1 allowed key in 3',
      q,
      k,
      opts: { patchSize: 3, seed: 15, excludedKeys: mask(62, 12, 0.67) },
    });
  }
  for (const { label, q, k, opts } of cases) {
    const got = await gpuMatch(page, q, k, opts);
    const want = patchMatch(q, k ?? q, cpuOptions(opts));
    expect(got.nn, label).toEqual(Array.from(want.nn));
    expect(maxScoreRelDiff(got, want), label).toBeLessThan(1e-5);
    got.score.forEach((s, i) => {
      if (want.score[i] === Infinity) expect(s, `${label}: query ${i} has no match`).toBe(Infinity);
    });
    if (opts.excludedKeys)
      for (const j of got.nn) expect(j === 0xffffffff || opts.excludedKeys[j] === 0, label).toBe(true);
    expect(got.liveBytesAfter, `${label}: every buffer released`).toBe(0);
  }
});

test('warm start from a field handed over as a GPU buffer, with entries to redraw', async ({ harness: page }) => {
  const q = sixteenthsImage(30, 31, 20);
  const k = sixteenthsImage(26, 33, 21);
  const p = 5;
  const n = gridCount(q, p);
  const m = gridCount(k, p);
  const excluded = mask(m, 22, 0.2);
  // NO_MATCH, out-of-range and excluded entries must be redrawn; the rest kept (iterations 0) or improved.
  const field = Array.from({ length: n }, (_, i) => (i % 17 === 0 ? 0xffffffff : i % 19 === 0 ? m + i : (i * 31) % m));
  for (const iterations of [0, 2]) {
    const opts: JsonOptions = {
      patchSize: p,
      seed: 23,
      iterations,
      excludedKeys: excluded,
      initialField: field,
      alpha: 0.005,
    };
    const got = await gpuMatch(page, q, k, opts, true);
    const want = patchMatch(q, k, cpuOptions(opts));
    expect(got.nn, `iterations ${iterations}`).toEqual(Array.from(want.nn));
    expect(maxScoreRelDiff(got, want)).toBeLessThan(1e-5);
    if (iterations === 0) {
      field.forEach((f, i) => {
        if (f < m && excluded[f] === 0) expect(got.nn[i]).toBe(f);
        else expect(excluded[got.nn[i]]).toBe(0);
      });
    }
    expect(got.liveBytesAfter).toBe(0);
  }
});

test('GPU and CPU fields agree on continuous images (tolerance for float rounding, see the file comment)', async ({
  harness: page,
}) => {
  const cases: { label: string; q: RgbImage; k: RgbImage; opts: JsonOptions }[] = [
    {
      label: 'random p7 l2 alpha',
      q: randomImage(45, 39, 30),
      k: randomImage(35, 50, 31),
      opts: { patchSize: 7, alpha: 0.005, seed: 1 },
    },
    {
      label: 'structured p3 l2 plain',
      q: structuredImage(48, 48, 32),
      k: structuredImage(44, 52, 33),
      opts: { patchSize: 3, alpha: 1e30, seed: 2 },
    },
  ];
  for (const { label, q, k, opts } of cases) {
    const got = await run<GpuResult>(page, 'patch_match_simple', { query: json(q), keys: json(k), opts });
    const want = patchMatch(q, k, cpuOptions(opts));
    const same = mean(Array.from(want.nn, (j, i) => (got.nn[i] === j ? 1 : 0)));
    const rel = Math.abs(mean(got.score) - mean(want.score)) / mean(want.score);
    console.log(`${label}: ${(100 * same).toFixed(2)}% of nn equal, mean score rel diff ${rel.toExponential(2)}`);
    expect(same, label).toBeGreaterThanOrEqual(0.99);
    expect(rel, label).toBeLessThan(1e-4);
    expect(got.liveBytesAfter, `${label}: every buffer released`).toBe(0);
  }
});

test('GPU PatchMatch gets close to the exact search; self-search finds the identity', async ({ harness: page }) => {
  const q = structuredImage(48, 48, 1);
  const k = structuredImage(48, 48, 2);
  const s = resolvePatchSearch(q, k, { alpha: Infinity });
  const exact = mean(patchArgmin(q, k, new Float32Array(s.keyGrid.count), s).score);
  const pm4 = mean((await gpuMatch(page, q, k, { alpha: 1e30, seed: 7 })).score);
  const pm8 = mean((await gpuMatch(page, q, k, { alpha: 1e30, seed: 7, iterations: 8 })).score);
  console.log(
    `mean D: exact ${exact.toFixed(4)}, PatchMatch 4 rounds ${pm4.toFixed(4)} (×${(pm4 / exact).toFixed(4)}), 8 rounds ${pm8.toFixed(4)} (×${(pm8 / exact).toFixed(4)})`,
  );
  expect(pm4 / exact).toBeLessThan(1.1);
  expect(pm8).toBeLessThan(pm4);
  expect(pm8 / exact).toBeLessThan(1.05);

  for (const p of [3, 7]) {
    const img = structuredImage(48, 48, 40 + p);
    const self = await gpuMatch(page, img, undefined, { patchSize: p, alpha: 1e30, seed: 3 });
    const rate = mean(self.nn.map((j, i) => (j === i ? 1 : 0)));
    console.log(`self-search p=${p}: identity for ${(100 * rate).toFixed(2)}% of queries`);
    expect(rate, `p=${p}`).toBeGreaterThanOrEqual(0.95);
  }
});
