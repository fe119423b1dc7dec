import { describe, expect, it } from 'vitest';
import { blockedExactSearch } from './blockedExactSearch';
import { nearestPatches, resolvePatchSearch, type PatchSearchOptions } from './nearestPatches';
import { NO_MATCH } from './patchGrid';
import { matchProblems, mulberry32, periodicImage, randomImage, sixteenthsImage } from '../../testing/patchTestHelpers';
import type { RgbImage } from '../image/rgbImage';

async function problems(q: RgbImage, k: RgbImage, opts: PatchSearchOptions, exactIndex = false): Promise<string[]> {
  const got = await blockedExactSearch(q, k, resolvePatchSearch(q, k, opts));
  return matchProblems(q, k, opts, nearestPatches(q, k, opts), got, { exactIndex, relTol: 1e-5 });
}

function mask(n: number, seed: number, pOne: number): Uint32Array {
  const r = mulberry32(seed);
  return Uint32Array.from({ length: n }, () => (r() < pOne ? 1 : 0));
}

describe("blockedExactSearch (the CPU backend's fast exact search)", () => {
  it('agrees with the two-pass reference on random inputs: N ≠ M, sizes that leave partial tiles and blocks, p, both distances', async () => {
    const cases: [number, number, number, number, number, PatchSearchOptions][] = [
      [9, 11, 10, 8, 1, { patchSize: 3 }],
      [13, 14, 12, 17, 2, { patchSize: 7, distance: 'sq' }],
      [7, 7, 7, 7, 3, { patchSize: 7 }], // one patch each side
      [30, 31, 29, 33, 4, { patchSize: 5, alpha: 0.05 }], // > one key block of 256
      [12, 10, 15, 9, 5, { patchSize: 3, alpha: 1e30 }], // plain nearest neighbour
    ];
    for (const [qh, qw, kh, kw, seed, opts] of cases) {
      const label = `${qh}×${qw} vs ${kh}×${kw} ${JSON.stringify(opts)}`;
      expect(await problems(randomImage(qh, qw, seed), randomImage(kh, kw, seed + 100), opts), label).toEqual([]);
    }
  });

  it('breaks exact ties towards the smallest key index, like the reference', async () => {
    const q = sixteenthsImage(10, 12, 7);
    const k = periodicImage(11, 24, 5, 8);
    for (const opts of [{ patchSize: 3 }, { patchSize: 3, distance: 'sq' as const }, { patchSize: 5, alpha: 1e30 }]) {
      expect(await problems(q, k, opts, true), JSON.stringify(opts)).toEqual([]);
    }
  });

  it('self-search finds every patch itself (distance exactly 0 in float64)', async () => {
    const img = randomImage(16, 19, 9);
    const s = resolvePatchSearch(img, img, { patchSize: 5, alpha: 1e30 });
    const { nn, score } = await blockedExactSearch(img, img, s);
    expect(Array.from(nn)).toEqual(Array.from(nn, (_, i) => i));
    expect(Array.from(score).every((v) => v === 0)).toBe(true);
  });

  it('honours inactive queries, excluded keys and per-key alpha scales, as the reference', async () => {
    const q = randomImage(14, 13, 11);
    const k = randomImage(12, 16, 12);
    const n = (14 - 4) * (13 - 4);
    const m = (12 - 4) * (16 - 4);
    const r = mulberry32(13);
    const opts: PatchSearchOptions = {
      patchSize: 5,
      activeQueries: mask(n, 14, 0.7),
      excludedKeys: mask(m, 15, 0.4),
      keyAlphaScale: Float32Array.from({ length: m }, () => 0.05 + r()),
      alpha: 0.02,
    };
    expect(await problems(q, k, opts)).toEqual([]);
    const got = await blockedExactSearch(q, k, resolvePatchSearch(q, k, opts));
    got.nn.forEach((j, i) => {
      if (opts.activeQueries![i] === 0) expect(j).toBe(NO_MATCH);
      else expect(opts.excludedKeys![j]).toBe(0);
    });
    const none = await blockedExactSearch(
      q,
      k,
      resolvePatchSearch(q, k, { patchSize: 5, excludedKeys: new Uint32Array(m).fill(1) }),
    );
    expect(Array.from(none.nn).every((j) => j === NO_MATCH)).toBe(true);
  });

  it('yields to its host between slices of a large search', async () => {
    const q = randomImage(40, 40, 21);
    let pauses = 0;
    await blockedExactSearch(q, q, resolvePatchSearch(q, q, {}), async () => void pauses++);
    expect(pauses).toBeGreaterThan(1);
  });
});
