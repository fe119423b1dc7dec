import type { Page } from '@playwright/test';
import { expect, test } from './harnessFixture';
import type { RgbImage } from '../src/engine/image/rgbImage';
import { foldPatches } from '../src/engine/patches/foldPatches';
import { nearestPatches, type PatchSearchOptions } from '../src/engine/patches/nearestPatches';
import { NO_MATCH, patchGrid } from '../src/engine/patches/patchGrid';
import {
  matchProblems,
  mulberry32,
  sampledMatchProblems,
  periodicImage,
  randomImage,
  sixteenthsImage,
} from '../src/testing/patchTestHelpers';
import type { JsonPatchSearchOptions } from '../src/harness/kernels/patchKernels';
import { maxAbsDiff } from './support';
import { runHarness as run } from '../scripts/lib/harness';

/**
 * The GPNN patch kernels (patch_colmin, patch_argmin, patch_fold) against their
 * TypeScript CPU references, through the kernel harness page. SwiftShader runs
 * WebGPU on the CPU here, so images stay ≤ 64 px.
 */
type JsonImage = { height: number; width: number; data: number[] };
type NearestOut = {
  nn: number[];
  score: number[];
  colMin: number[];
  dispatches: [number, number];
  peakBytes: number;
  liveBytesAfter: number;
};

const json = (img: RgbImage): JsonImage => ({ height: img.height, width: img.width, data: Array.from(img.data) });

function jsonOpts(o: PatchSearchOptions & { maxMacsPerDispatch?: number }): JsonPatchSearchOptions {
  return {
    ...o,
    activeQueries: o.activeQueries && Array.from(o.activeQueries),
    excludedKeys: o.excludedKeys && Array.from(o.excludedKeys),
    keyAlphaScale: o.keyAlphaScale && Array.from(o.keyAlphaScale),
  };
}

function mask(n: number, seed: number, pOne: number): Uint32Array {
  const r = mulberry32(seed);
  return Uint32Array.from({ length: n }, () => (r() < pOne ? 1 : 0));
}

/** GPU search vs the CPU reference: near-optimal picks (or exact indices), scores and m within 1e-5. */
async function checkSearch(
  page: Page,
  label: string,
  q: RgbImage,
  k: RgbImage | undefined,
  opts: PatchSearchOptions & { maxMacsPerDispatch?: number },
  exactIndex = false,
): Promise<NearestOut> {
  const got = await run<NearestOut>(page, 'patch_nearest', {
    query: json(q),
    keys: k && json(k),
    opts: jsonOpts(opts),
  });
  const want = nearestPatches(q, k ?? q, opts);
  expect(matchProblems(q, k ?? q, opts, want, got, { exactIndex }), label).toEqual([]);
  expect(got.colMin.length, label).toBe(want.colMin.length);
  want.colMin.forEach((m, j) => {
    if (m === Infinity) expect(got.colMin[j], `${label}: m[${j}]`).toBe(Infinity);
    else expect(Math.abs(got.colMin[j] - m), `${label}: m[${j}]`).toBeLessThanOrEqual(1e-5 * m + 1e-7);
  });
  expect(got.liveBytesAfter, `${label}: every buffer released`).toBe(0);
  return got;
}

// One page (one GPU device) for the whole file: SwiftShader compiles each pipeline in seconds,
// and the kernel cache is per device.
test.describe.configure({ mode: 'serial' });

test('patch search matches the CPU reference: N ≠ M, p = 3/5/7/11, l2 and sq, 1-query and 1-key grids', async ({
  harness: page,
}) => {
  const cases: [number, number, number, number, PatchSearchOptions][] = [
    [9, 10, 12, 8, { patchSize: 3 }],
    [20, 17, 15, 23, { patchSize: 5, distance: 'sq', alpha: 1 }],
    [30, 25, 22, 33, { patchSize: 7, alpha: Infinity }],
    [31, 29, 27, 35, { patchSize: 7, alpha: 0.005, distance: 'sq' }],
    [7, 7, 20, 18, { patchSize: 7, alpha: 0.01 }], // one query
    [19, 21, 7, 7, { patchSize: 7 }], // one key
    [16, 16, 18, 15, { patchSize: 11, alpha: 0.3 }],
  ];
  let seed = 1;
  for (const [qh, qw, kh, kw, opts] of cases) {
    await checkSearch(
      page,
      `${qh}×${qw} vs ${kh}×${kw} ${JSON.stringify(opts)}`,
      randomImage(qh, qw, seed++),
      randomImage(kh, kw, seed++),
      opts,
    );
  }
});

test('split into many dispatches, with excluded keys, inactive queries and per-key alpha scales', async ({
  harness: page,
}) => {
  const q = randomImage(40, 37, 101);
  const k = randomImage(33, 41, 102);
  const n = patchGrid(40, 37, 3).count;
  const m = patchGrid(33, 41, 3).count;
  const r = mulberry32(103);
  const opts = {
    patchSize: 3,
    alpha: 0.05,
    activeQueries: mask(n, 104, 0.7),
    excludedKeys: mask(m, 105, 0.5),
    keyAlphaScale: Float32Array.from({ length: m }, () => 0.1 + 2 * r()),
  };
  // A one-tile work cap: every 64-patch tile of the streamed side is its own dispatch.
  const split = await checkSearch(page, 'split', q, k, { ...opts, maxMacsPerDispatch: 1 });
  expect(split.dispatches).toEqual([Math.ceil(n / 64), Math.ceil(m / 64)]);
  const whole = await checkSearch(page, 'whole', q, k, opts);
  expect(whole.dispatches).toEqual([1, 1]);
  expect(split.nn, 'the split is invisible').toEqual(whole.nn);
  expect(split.score).toEqual(whole.score);
  split.nn.forEach((j, i) => {
    if (!opts.activeQueries[i]) expect(j).toBe(NO_MATCH);
    else expect(opts.excludedKeys[j]).toBe(0);
  });

  // Nothing allowed, or nobody asking: every query reports NO_MATCH.
  const [sq, sk] = [randomImage(12, 11, 106), randomImage(10, 13, 107)];
  const none = await checkSearch(page, 'all excluded', sq, sk, {
    patchSize: 3,
    excludedKeys: new Uint32Array(8 * 11).fill(1),
  });
  expect(none.nn.every((j) => j === NO_MATCH)).toBe(true);
  const idle = await checkSearch(page, 'none active', sq, sk, { patchSize: 5, activeQueries: new Uint32Array(8 * 7) });
  expect(idle.nn.every((j) => j === NO_MATCH)).toBe(true);
  expect(idle.colMin.every((v) => v === Infinity)).toBe(true);
});

test('exact ties resolve to the smallest key index on the GPU', async ({ harness: page }) => {
  // Two levels on a 1/16 grid: distances are exact in float32, so ties are real on every device.
  const q = sixteenthsImage(21, 19, 201, 2);
  const k = sixteenthsImage(17, 23, 202, 2);
  for (const opts of [
    { patchSize: 3, alpha: Infinity, distance: 'sq' },
    { patchSize: 3, alpha: Infinity },
    { patchSize: 3, alpha: 1e30, distance: 'sq', maxMacsPerDispatch: 1 },
  ] as PatchSearchOptions[]) {
    await checkSearch(page, `ties ${JSON.stringify(opts)}`, q, k, opts, true);
  }
  // With the completeness normaliser, duplicated keys (period 4 along x) score bit-identically:
  // the pick must be the first copy, whatever the dispatch split.
  const pk = periodicImage(12, 70, 4, 203);
  for (const maxMacsPerDispatch of [undefined, 1]) {
    const got = await checkSearch(page, 'duplicated keys', sixteenthsImage(14, 15, 204, 16), pk, {
      patchSize: 3,
      alpha: 0.01,
      maxMacsPerDispatch,
    });
    for (const j of got.nn) expect(j % 68, 'first copy of a duplicated key').toBeLessThan(4);
  }
});

test('self-search finds every patch itself; a 64×64 search keeps GPU memory O(N+M)', async ({ harness: page }) => {
  const img = randomImage(24, 20, 301);
  for (const opts of [
    { patchSize: 7, alpha: 0.005 },
    { patchSize: 5, alpha: 1e-4, distance: 'sq' },
  ] as PatchSearchOptions[]) {
    const got = await run<NearestOut>(page, 'patch_nearest', { query: json(img), opts: jsonOpts(opts) });
    expect(got.nn).toEqual(got.nn.map((_, i) => i));
    expect(got.score.every((s) => s === 0)).toBe(true);
  }

  // 3,364 × 3,364 patches: 10–15 s for the whole CPU reference here, so it checks every 7th key's m and
  // every 7th query's pick (the full comparison runs on the 1,330 × 1,209 case above).
  const q = randomImage(64, 64, 302);
  const k = randomImage(64, 64, 303);
  const opts: PatchSearchOptions = { patchSize: 7, alpha: 0.005, activeQueries: mask(3364, 304, 0.9) };
  const got = await run<NearestOut>(page, 'patch_nearest', { query: json(q), keys: json(k), opts: jsonOpts(opts) });
  expect(sampledMatchProblems(q, k, opts, got, 7)).toEqual([]);
  expect(got.liveBytesAfter).toBe(0);
  const n = patchGrid(64, 64, 7).count;
  expect(n).toBe(3364);
  // The N×M float matrix would be 45 MB; the search holds images, m, nn and scores (~150 KB).
  console.log(`64×64 search (N = M = ${n}): peak GPU bytes ${got.peakBytes}, N·M·4 = ${n * n * 4}`);
  expect(got.peakBytes).toBeLessThan((n * n * 4) / 100);
});

test('fold matches the CPU fold, mean and median; identity mappings give V back exactly, also straight from the GPU search', async ({
  harness: page,
}) => {
  type FoldOut = { image: JsonImage; liveBytesAfter: number };
  const v = randomImage(23, 27, 401);
  const r = mulberry32(402);
  // The median cases include 11×11 patches (121 votes, the kernel's most) and values with repeats (ties).
  const ties = randomImage(23, 27, 404);
  ties.data.forEach((x, i) => (ties.data[i] = Math.round(x * 4) / 4));
  for (const [h, w, p, withFallback, vote, values] of [
    [20, 31, 5, true, 'mean', v],
    [17, 15, 3, false, 'mean', v],
    [23, 27, 7, true, 'mean', v],
    [20, 31, 5, true, 'median', v],
    [17, 15, 3, false, 'median', ties],
    [23, 27, 7, true, 'median', ties],
    [22, 25, 11, false, 'median', v],
  ] as const) {
    const qg = patchGrid(h, w, p);
    const kg = patchGrid(23, 27, p);
    const nn = Uint32Array.from({ length: qg.count }, () => (r() < 0.2 ? NO_MATCH : Math.floor(r() * kg.count)));
    const fallback = withFallback ? randomImage(h, w, 403) : undefined;
    const got = await run<FoldOut>(page, 'patch_fold', {
      values: json(values),
      nn: Array.from(nn),
      outHeight: h,
      outWidth: w,
      patchSize: p,
      fallback: fallback && json(fallback),
      vote,
    });
    const want = foldPatches(values, nn, h, w, { patchSize: p, fallback, vote });
    expect([got.image.height, got.image.width]).toEqual([h, w]);
    // The median is one of the voted values, so the twins agree exactly.
    if (vote === 'median') expect(got.image.data, `${h}×${w} p=${p} median`).toEqual(Array.from(want.data));
    else expect(maxAbsDiff(got.image.data, want.data), `${h}×${w} p=${p}`).toBeLessThan(1e-6);
    expect(got.liveBytesAfter).toBe(0);
  }

  const identity = Array.from({ length: patchGrid(23, 27, 7).count }, (_, i) => i);
  const same = await run<FoldOut>(page, 'patch_fold', {
    values: json(v),
    nn: identity,
    outHeight: 23,
    outWidth: 27,
    patchSize: 7,
  });
  expect(same.image.data).toEqual(Array.from(v.data));

  const chained = await run<FoldOut>(page, 'patch_search_fold', {
    query: json(v),
    keys: json(v),
    values: json(v),
    opts: { patchSize: 5, alpha: 0.005 },
  });
  expect(chained.image.data).toEqual(Array.from(v.data));
  expect(chained.liveBytesAfter).toBe(0);
});

test('the convenience search cleans up, and bad inputs fail with clear errors', async ({ harness: page }) => {
  const q = randomImage(12, 14, 501);
  const k = randomImage(13, 11, 502);
  const got = await run<{ nn: number[]; score: number[]; liveBytesAfter: number }>(page, 'patch_nearest_simple', {
    query: json(q),
    keys: json(k),
    opts: { patchSize: 5, distance: 'sq' },
  });
  const want = nearestPatches(q, k, { patchSize: 5, distance: 'sq' });
  expect(matchProblems(q, k, { patchSize: 5, distance: 'sq' }, want, got)).toEqual([]);
  expect(got.liveBytesAfter).toBe(0);
  await expect(run(page, 'patch_nearest', { query: json(q), keys: json(k), opts: { patchSize: 13 } })).rejects.toThrow(
    /3 to 11/,
  );
  await expect(
    run(page, 'patch_nearest', { query: json(randomImage(6, 20, 1)), opts: { patchSize: 7 } }),
  ).rejects.toThrow(/larger than the query image/);
});
