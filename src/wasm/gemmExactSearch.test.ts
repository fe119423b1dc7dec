import { beforeAll, describe, expect, it } from 'vitest';

import type { RgbImage } from '../engine/image/rgbImage';
import { blockedExactSearch } from '../engine/patches/blockedExactSearch';
import { resolvePatchSearch, type PatchSearchOptions } from '../engine/patches/nearestPatches';
import { mulberry32, periodicImage, randomImage, sixteenthsImage, structuredImage } from '../testing/patchTestHelpers';
import { tf, useBackend } from '../testing/singanTestSupport';
import { gemmExactSearch } from './gemmExactSearch';

function mask(n: number, seed: number, pOne: number): Uint32Array {
  const r = mulberry32(seed);
  return Uint32Array.from({ length: n }, () => (r() < pOne ? 1 : 0));
}

/** Both searches on the same problem: the GEMM one must give the blocked float64 one's answer exactly. */
async function same(q: RgbImage, k: RgbImage, opts: PatchSearchOptions): Promise<void> {
  const s = resolvePatchSearch(q, k, opts);
  const want = await blockedExactSearch(q, k, s);
  const got = await gemmExactSearch(q, k, s);
  expect(Array.from(got.nn)).toEqual(Array.from(want.nn));
  expect(Array.from(got.score)).toEqual(Array.from(want.score));
}

function flat(height: number, width: number, v: number): RgbImage {
  return { height, width, data: new Float32Array(height * width * 3).fill(v) };
}

describe.each(['wasm', 'cpu'] as const)(
  'gemmExactSearch on tfjs %s equals blockedExactSearch bit for bit',
  (backend) => {
    beforeAll(async () => {
      await useBackend(backend);
      expect(tf.getBackend()).toBe(backend);
    });

    it('random inputs: N ≠ M, both distances, completeness and plain nearest neighbour, one patch each side', async () => {
      const cases: [number, number, number, number, PatchSearchOptions][] = [
        [9, 11, 10, 8, { patchSize: 3 }],
        [13, 14, 12, 17, { patchSize: 7, distance: 'sq' }],
        [7, 7, 7, 7, { patchSize: 7 }],
        [30, 31, 29, 33, { patchSize: 5, alpha: 0.05 }],
        [12, 10, 15, 9, { patchSize: 3, alpha: 1e30 }],
        [40, 36, 38, 41, { patchSize: 7 }],
      ];
      for (const [i, [qh, qw, kh, kw, opts]] of cases.entries())
        await same(randomImage(qh, qw, i + 1), randomImage(kh, kw, i + 101), opts);
    });

    it('exact ties and near-ties: quantised, periodic, structured and flat images, self-search', async () => {
      const q = sixteenthsImage(10, 12, 7);
      const k = periodicImage(11, 24, 5, 8);
      for (const opts of [{ patchSize: 3 }, { patchSize: 3, distance: 'sq' as const }, { patchSize: 5, alpha: 1e30 }])
        await same(q, k, opts);
      await same(structuredImage(32, 30, 3), structuredImage(30, 34, 4), { patchSize: 7 });
      const img = randomImage(16, 19, 9);
      await same(img, img, { patchSize: 5, alpha: 1e30 });
      await same(img, img, { patchSize: 7 });
      // Every pair at distance 0: every key is a candidate, the smallest index wins.
      await same(flat(9, 10, 0.4), flat(10, 9, 0.4), { patchSize: 3 });
    });

    it('inactive queries, excluded keys (all of them too) and per-key alpha scales', async () => {
      const q = randomImage(14, 13, 11);
      const k = randomImage(12, 16, 12);
      const n = (14 - 4) * (13 - 4);
      const m = (12 - 4) * (16 - 4);
      const r = mulberry32(13);
      await same(q, k, {
        patchSize: 5,
        activeQueries: mask(n, 14, 0.7),
        excludedKeys: mask(m, 15, 0.4),
        keyAlphaScale: Float32Array.from({ length: m }, () => 0.05 + r()),
        alpha: 0.02,
      });
      await same(q, k, { patchSize: 5, excludedKeys: new Uint32Array(m).fill(1) });
      await same(q, k, { patchSize: 5, activeQueries: new Uint32Array(n) });
    });

    it('several key blocks: minima, bounds and ties carried across block boundaries', async () => {
      // 58² = 3364 queries: 1246 keys per 2²²-float block, so the 3364 keys span three blocks, and the
      // periodic keys repeat every 5 px, so equal best scores sit in different blocks (the first must win).
      const q = sixteenthsImage(60, 60, 31);
      const k = periodicImage(60, 60, 5, 32);
      await same(q, k, { patchSize: 3 });
      await same(q, k, { patchSize: 3, alpha: 1e30, distance: 'sq' });
    });

    it('yields between blocks and leaves no tensors behind', async () => {
      const q = randomImage(70, 70, 21);
      const before = tf.memory().numTensors;
      let pauses = 0;
      await gemmExactSearch(q, q, resolvePatchSearch(q, q, { patchSize: 3 }), async () => void pauses++);
      expect(pauses).toBeGreaterThan(2);
      expect(tf.memory().numTensors).toBe(before);
    });
  },
);
