import { describe, expect, it } from 'vitest';
import {
  nearestPatches,
  patchDistanceFn,
  patchScore,
  resolvePatchSearch,
  type PatchSearchOptions,
} from './nearestPatches';
import { NO_MATCH } from './patchGrid';
import {
  matchProblems,
  mulberry32,
  nearestPatchesBruteForce,
  periodicImage,
  randomImage,
  sampledMatchProblems,
  sixteenthsImage,
} from '../../testing/patchTestHelpers';
import type { RgbImage } from '../image/rgbImage';

function expectSameAsBruteForce(q: RgbImage, k: RgbImage, opts: PatchSearchOptions, label: string) {
  const got = nearestPatches(q, k, opts);
  const want = nearestPatchesBruteForce(q, k, opts);
  expect(Array.from(got.colMin), `${label}: colMin`).toEqual(Array.from(want.colMin));
  expect(Array.from(got.nn), `${label}: nn`).toEqual(Array.from(want.nn));
  expect(Array.from(got.score), `${label}: score`).toEqual(Array.from(want.score));
  return got;
}

function randomMask(n: number, seed: number, pOne: number): Uint32Array {
  const r = mulberry32(seed);
  return Uint32Array.from({ length: n }, () => (r() < pOne ? 1 : 0));
}

/** Per query, the keys attaining the minimal score (ties), from the full score row. */
function minimalKeys(q: RgbImage, k: RgbImage, opts: PatchSearchOptions, colMin: Float32Array, i: number): number[] {
  const s = resolvePatchSearch(q, k, opts);
  const d = patchDistanceFn(q, k, s);
  const scores = Array.from(colMin, (m, j) => patchScore(d(i, j), m, 1, s));
  const best = Math.min(...scores);
  return scores.flatMap((v, j) => (v === best ? [j] : []));
}

describe('nearestPatches (two-pass CPU reference)', () => {
  it('equals the brute-force N×M search on random inputs, N ≠ M, several p, both distances', () => {
    const cases: [number, number, number, number, number, PatchSearchOptions][] = [
      [6, 7, 8, 5, 1, { patchSize: 3 }],
      [9, 9, 7, 11, 2, { patchSize: 5, distance: 'sq' }],
      [7, 7, 9, 8, 3, { patchSize: 7, alpha: 1 }],
      [12, 10, 10, 12, 4, { patchSize: 3, distance: 'sq', alpha: Infinity }],
      [8, 9, 11, 7, 5, { patchSize: 5, alpha: 2e30 }],
      [7, 7, 7, 7, 6, { patchSize: 7 }], // one query, one key
      [11, 11, 12, 13, 7, { patchSize: 11, alpha: 0.3 }],
    ];
    for (const [qh, qw, kh, kw, seed, opts] of cases) {
      expectSameAsBruteForce(
        randomImage(qh, qw, seed),
        randomImage(kh, kw, seed + 100),
        opts,
        `${qh}×${qw} vs ${kh}×${kw} ${JSON.stringify(opts)}`,
      );
    }
  });

  it('applies the per-key alpha scale like the brute force, and it changes the choice', () => {
    const q = randomImage(9, 10, 11);
    const k = randomImage(10, 9, 12);
    const r = mulberry32(13);
    const keyAlphaScale = Float32Array.from({ length: 8 * 7 }, () => 0.01 + 3 * r());
    const scaled = expectSameAsBruteForce(q, k, { patchSize: 3, alpha: 0.5, keyAlphaScale }, 'scaled');
    const plain = nearestPatches(q, k, { patchSize: 3, alpha: 0.5 });
    expect(Array.from(scaled.nn)).not.toEqual(Array.from(plain.nn));
  });

  it('breaks exact ties towards the smallest key index', () => {
    // Two grey levels on a 1/16 grid: many keys at exactly the same distance.
    const q = sixteenthsImage(8, 9, 21, 2);
    const k = sixteenthsImage(9, 8, 22, 2);
    for (const opts of [
      { patchSize: 3, alpha: Infinity, distance: 'sq' },
      { patchSize: 3, alpha: Infinity },
    ] as PatchSearchOptions[]) {
      const got = expectSameAsBruteForce(q, k, opts, 'ties');
      let tied = 0;
      for (let i = 0; i < got.nn.length; i++) {
        const keys = minimalKeys(q, k, opts, got.colMin, i);
        if (keys.length > 1) tied++;
        expect(got.nn[i]).toBe(keys[0]);
      }
      expect(tied, 'the input really has ties').toBeGreaterThan(5);
    }
    // Duplicate keys (a periodic image) tie under the normalised score too.
    const pk = periodicImage(8, 14, 4, 23);
    const got = expectSameAsBruteForce(
      sixteenthsImage(7, 8, 24, 16),
      pk,
      { patchSize: 3, alpha: 0.01 },
      'periodic keys',
    );
    for (const j of got.nn) expect(j % 12, 'first copy of a duplicated key').toBeLessThan(4);
  });

  it('never picks an excluded key, and reports NO_MATCH when all are excluded', () => {
    const q = randomImage(9, 8, 31);
    const k = randomImage(8, 10, 32);
    const excludedKeys = randomMask(6 * 8, 33, 0.6);
    const got = expectSameAsBruteForce(q, k, { patchSize: 3, excludedKeys }, 'excluded');
    for (const j of got.nn) expect(excludedKeys[j]).toBe(0);
    const none = nearestPatches(q, k, { patchSize: 3, excludedKeys: new Uint32Array(48).fill(1) });
    expect(none.nn.every((j) => j === NO_MATCH)).toBe(true);
    expect(none.score.every((v) => v === Infinity)).toBe(true);
  });

  it('leaves inactive queries out of both passes', () => {
    const q = randomImage(10, 9, 41);
    const k = randomImage(9, 9, 42);
    const activeQueries = randomMask(8 * 7, 43, 0.3);
    const got = expectSameAsBruteForce(q, k, { patchSize: 3, alpha: 0.05, activeQueries }, 'inactive');
    activeQueries.forEach((a, i) => {
      if (!a) expect([got.nn[i], got.score[i]]).toEqual([NO_MATCH, Infinity]);
      else expect(got.nn[i]).not.toBe(NO_MATCH);
    });
    // The column minimum ignores inactive queries: it differs from the all-active one.
    const all = nearestPatches(q, k, { patchSize: 3, alpha: 0.05 });
    expect(Array.from(got.colMin)).not.toEqual(Array.from(all.colMin));
    const idle = nearestPatches(q, k, { patchSize: 3, activeQueries: new Uint32Array(56) });
    expect(idle.colMin.every((m) => m === Infinity)).toBe(true);
    expect(idle.nn.every((j) => j === NO_MATCH)).toBe(true);
  });

  it('self-search: every query finds itself (distance exactly 0)', () => {
    const img = randomImage(13, 12, 51);
    for (const patchSize of [3, 5, 7]) {
      for (const opts of [
        { alpha: 0.005 },
        { alpha: 1e-6, distance: 'sq' },
        { alpha: Infinity },
      ] as PatchSearchOptions[]) {
        const got = nearestPatches(img, img, { ...opts, patchSize });
        expect(Array.from(got.nn)).toEqual(Array.from(got.nn, (_, i) => i));
        expect(got.score.every((v) => v === 0)).toBe(true);
        expect(got.colMin.every((v) => v === 0)).toBe(true);
      }
    }
  });

  it('rejects inconsistent options with clear messages', () => {
    const img = randomImage(8, 8, 61);
    expect(() => nearestPatches(img, img, { patchSize: 3, activeQueries: new Uint32Array(5) })).toThrow(
      /activeQueries has 5 entries.*36/,
    );
    expect(() => nearestPatches(img, img, { patchSize: 3, excludedKeys: new Uint32Array(37) })).toThrow(/excludedKeys/);
    expect(() => nearestPatches(img, img, { patchSize: 3, keyAlphaScale: new Float32Array(36) })).toThrow(
      /finite and > 0/,
    );
    expect(() => nearestPatches(img, img, { alpha: 0 })).toThrow(/Alpha/);
    expect(() => nearestPatches(img, img, { alpha: NaN })).toThrow(/Alpha/);
    expect(() => nearestPatches(img, randomImage(5, 9, 1))).toThrow(/larger than the key image/);
    expect(() => nearestPatches(img, img, { patchSize: 6 })).toThrow(/odd/);
    expect(() => nearestPatches(img, img, { distance: 'l1' as 'l2' })).toThrow(/distance/);
  });

  it('the comparison helpers used by the browser tests accept the reference and catch a wrong pick', () => {
    const q = randomImage(12, 11, 71);
    const k = randomImage(10, 12, 72);
    const opts: PatchSearchOptions = { patchSize: 3, alpha: 0.02 };
    const ref = nearestPatches(q, k, opts);
    expect(matchProblems(q, k, opts, ref, ref)).toEqual([]);
    expect(sampledMatchProblems(q, k, opts, ref, 3)).toEqual([]);
    const wrong = { ...ref, nn: ref.nn.slice(), colMin: ref.colMin.slice() };
    wrong.nn[3] = (ref.nn[3] + 1) % ref.colMin.length;
    wrong.colMin[4] *= 1.001;
    expect(matchProblems(q, k, opts, ref, wrong).join()).toMatch(/query 3: key/);
    expect(sampledMatchProblems(q, k, opts, wrong, 1).join()).toMatch(/m\[4\].*query 3: key/);
    const ties = { ...ref, nn: ref.nn.map((j) => j + 1) };
    expect(matchProblems(q, k, opts, ref, ties, { exactIndex: true })).toHaveLength(10);
  });
});
