import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image/rgbImage';
import {
  nearestPatches,
  patchArgmin,
  patchColumnMin,
  patchDistanceFn,
  patchScore,
  resolvePatchSearch,
  type PatchSearchOptions,
} from './nearestPatches';
import { patchMatch } from './patchMatch';
import { hash32, nextAllowedKeys, patchMatchDraw, PATCHMATCH_PASSES, resolvePatchMatch } from './patchMatchSchedule';
import { PatchMatchState } from './patchMatchState';
import { NO_MATCH } from './patchGrid';
import { mulberry32, randomImage, structuredImage } from '../../testing/patchTestHelpers';

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

/** Plain exact search without the (unused) column-minimum pass. */
function exactPlain(q: RgbImage, k: RgbImage, opts: PatchSearchOptions = {}) {
  const s = resolvePatchSearch(q, k, { ...opts, alpha: Infinity });
  return patchArgmin(q, k, new Float32Array(s.keyGrid.count), s);
}

/** Mean exact completeness score (true m_j) of a field: how the exact search would rate it. */
function exactScoredMean(q: RgbImage, k: RgbImage, nn: Uint32Array, opts: PatchSearchOptions): number {
  const s = resolvePatchSearch(q, k, opts);
  const m = patchColumnMin(q, k, s);
  const dist = patchDistanceFn(q, k, s);
  let sum = 0;
  for (let i = 0; i < nn.length; i++) sum += patchScore(dist(i, nn[i]), m[nn[i]], 1, s);
  return sum / nn.length;
}

describe('hash and draws', () => {
  it('hash32 is lowbias32, checked against a BigInt implementation', () => {
    const ref = (v: bigint) => {
      const M = 0xffffffffn;
      let x = v & M;
      x ^= x >> 16n;
      x = (x * 0x7feb352dn) & M;
      x ^= x >> 15n;
      x = (x * 0x846ca68bn) & M;
      x ^= x >> 16n;
      return Number(x);
    };
    for (const v of [0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 12345, 0xdeadbeef])
      expect(hash32(v)).toBe(ref(BigInt(v)));
    // Pinned: the WGSL twin must reproduce these, and a change here changes every field.
    expect(patchMatchDraw(7, 123, 2, 5)).toBe(4162700304);
    expect(patchMatchDraw(0xdeadbeef, 99999, 0xffffffff, 3)).toBe(2456689071);
  });

  it('draws spread evenly enough over a small range', () => {
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[patchMatchDraw(42, i, 3, 1) % 7]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('next-allowed table wraps around and marks allowed keys as fixed points', () => {
    expect(Array.from(nextAllowedKeys(Uint32Array.from([1, 0, 1, 1, 0, 1])))).toEqual([1, 1, 4, 4, 4, 1]);
    expect(Array.from(nextAllowedKeys(Uint32Array.from([0, 0])))).toEqual([0, 1]);
    expect(Array.from(nextAllowedKeys(Uint32Array.from([1, 1, 1])))).toEqual([NO_MATCH, NO_MATCH, NO_MATCH]);
  });
});

describe('patchMatch', () => {
  it('validates its options', () => {
    const img = randomImage(10, 10, 1);
    expect(() => patchMatch(img, img, { patchSize: 3, iterations: -1 })).toThrow(RangeError);
    expect(() => patchMatch(img, img, { patchSize: 3, iterations: 1.5 })).toThrow(RangeError);
    expect(() => patchMatch(img, img, { patchSize: 3, seed: 0.5 })).toThrow(RangeError);
    expect(() => patchMatch(img, img, { patchSize: 3, initialField: new Uint32Array(3) })).toThrow(/initialField/);
    expect(() => patchMatch(img, img, { patchSize: 4 })).toThrow(/odd/);
    expect(resolvePatchMatch(img, img, { patchSize: 3, seed: -1 }).seed).toBe(0xffffffff);
  });

  it('is deterministic for a seed and changes with it', () => {
    const q = randomImage(20, 23, 1);
    const k = randomImage(17, 25, 2);
    const a = patchMatch(q, k, { patchSize: 5, seed: 9 });
    const b = patchMatch(q, k, { patchSize: 5, seed: 9 });
    expect(Array.from(a.nn)).toEqual(Array.from(b.nn));
    expect(Array.from(a.score)).toEqual(Array.from(b.score));
    const c = patchMatch(q, k, { patchSize: 5, seed: 10, iterations: 0 });
    const d = patchMatch(q, k, { patchSize: 5, seed: 9, iterations: 0 });
    expect(Array.from(c.nn)).not.toEqual(Array.from(d.nn));
  });

  it('plain NN: scores are exactly D to the chosen key, and never worse than the start', () => {
    const q = randomImage(19, 22, 3);
    const k = randomImage(15, 18, 4);
    for (const distance of ['l2', 'sq'] as const) {
      const opts = { patchSize: 3, distance, alpha: 1e30, seed: 5 };
      const s = resolvePatchSearch(q, k, opts);
      const dist = patchDistanceFn(q, k, s);
      const start = patchMatch(q, k, { ...opts, iterations: 0 });
      const got = patchMatch(q, k, opts);
      got.nn.forEach((j, i) => {
        expect(got.score[i]).toBe(dist(i, j));
        expect(start.score[i]).toBe(dist(i, start.nn[i]));
        expect(got.score[i]).toBeLessThanOrEqual(start.score[i]);
      });
    }
  });

  it('each pass keeps the best of the current key and its candidates, per query', () => {
    const q = randomImage(14, 16, 5);
    const k = randomImage(13, 12, 6);
    const r = resolvePatchMatch(q, k, { patchSize: 3, alpha: 1e30, seed: 2 });
    const st = new PatchMatchState(q, k, r);
    st.initialise();
    for (const pass of PATCHMATCH_PASSES) {
      const before = st.dist.slice();
      st.step(0, pass);
      st.dist.forEach((d, i) => {
        expect(d).toBeLessThanOrEqual(before[i]);
        expect(d).toBe(st.distance(i, st.nn[i]));
      });
    }
  });

  it('with completeness, scores are D/(alpha·s + m) with m re-estimated from the returned field', () => {
    const q = randomImage(16, 14, 7);
    const k = randomImage(13, 15, 8);
    const scale = Float32Array.from({ length: 11 * 13 }, (_, j) => (j % 3 === 0 ? 0.5 : 1));
    const opts = { patchSize: 3, alpha: 0.01, keyAlphaScale: scale, seed: 3 };
    const got = patchMatch(q, k, opts);
    const s = resolvePatchSearch(q, k, opts);
    const dist = patchDistanceFn(q, k, s);
    const m = new Float32Array(s.keyGrid.count).fill(Infinity);
    got.nn.forEach((j, i) => (m[j] = Math.min(m[j], dist(i, j))));
    got.nn.forEach((j, i) => {
      const a = Math.fround(s.alpha * scale[j]);
      expect(got.score[i]).toBe(Math.fround(dist(i, j) / Math.fround(a + m[j])));
    });
  });

  it('never picks an excluded key, even when nearly every key is excluded', () => {
    const q = randomImage(18, 18, 9);
    const k = randomImage(16, 20, 10);
    const kc = 14 * 18;
    const rnd = mulberry32(3);
    const some = Uint32Array.from({ length: kc }, () => (rnd() < 0.6 ? 1 : 0));
    const got = patchMatch(q, k, { patchSize: 3, excludedKeys: some, seed: 1 });
    for (const j of got.nn) expect(some[j]).toBe(0);
    // One allowed key: the 8 draws almost always miss it, the scan must find it.
    const one = new Uint32Array(kc).fill(1);
    one[123] = 0;
    const single = patchMatch(q, k, { patchSize: 3, excludedKeys: one, iterations: 2 });
    expect(new Set(single.nn)).toEqual(new Set([123]));
    const all = patchMatch(q, k, { patchSize: 3, excludedKeys: new Uint32Array(kc).fill(1) });
    expect(new Set(all.nn)).toEqual(new Set([NO_MATCH]));
    expect(new Set(all.score)).toEqual(new Set([Infinity]));
  });

  it('inactive queries get no match and do not count in the estimate', () => {
    const q = randomImage(15, 15, 11);
    const k = randomImage(15, 15, 12);
    const active = Uint32Array.from({ length: 13 * 13 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const got = patchMatch(q, k, { patchSize: 3, alpha: 0.005, activeQueries: active });
    got.nn.forEach((j, i) => {
      if (active[i] === 0) {
        expect(j).toBe(NO_MATCH);
        expect(got.score[i]).toBe(Infinity);
      } else {
        expect(j).not.toBe(NO_MATCH);
      }
    });
    const dist = patchDistanceFn(q, k, resolvePatchSearch(q, k, { patchSize: 3 }));
    got.colEstimate.forEach((mj, j) => {
      const from = Array.from(got.nn.keys())
        .filter((i) => got.nn[i] === j)
        .map((i) => dist(i, j));
      expect(mj).toBe(from.length ? Math.min(...from) : Infinity);
    });
  });

  it('warm start: the given field is kept where allowed, redrawn elsewhere', () => {
    const q = randomImage(12, 13, 13);
    const k = randomImage(12, 11, 14);
    const n = 10 * 11;
    const m = 10 * 9;
    const excluded = Uint32Array.from({ length: m }, (_, j) => (j === 5 ? 1 : 0));
    const field = Uint32Array.from({ length: n }, (_, i) =>
      i === 0 ? NO_MATCH : i === 1 ? m + 3 : i === 2 ? 5 : (i * 7) % m,
    );
    const got = patchMatch(q, k, { patchSize: 3, iterations: 0, initialField: field, excludedKeys: excluded });
    const redrawn = [0, 1, 2];
    for (let i = 3; i < n; i++) {
      if (field[i] === 5) redrawn.push(i);
      else expect(got.nn[i]).toBe(field[i]);
    }
    for (const i of redrawn) {
      expect(got.nn[i]).toBeLessThan(m);
      expect(got.nn[i]).not.toBe(5);
    }
  });

  it('warm-started from the exact field, plain PatchMatch returns it unchanged', () => {
    const q = structuredImage(30, 33, 1);
    const k = structuredImage(28, 31, 2);
    const exact = exactPlain(q, k, { patchSize: 5 });
    const got = patchMatch(q, k, { patchSize: 5, alpha: 1e30, initialField: exact.nn });
    expect(Array.from(got.nn)).toEqual(Array.from(exact.nn));
    expect(Array.from(got.score)).toEqual(Array.from(exact.score));
  });

  it('gets close to the exact search on structured 48×48 images; more rounds get closer', () => {
    const q = structuredImage(48, 48, 1);
    const k = structuredImage(48, 48, 2);
    const exact = mean(exactPlain(q, k).score);
    const pm4 = mean(patchMatch(q, k, { alpha: 1e30, seed: 7 }).score);
    const pm8 = mean(patchMatch(q, k, { alpha: 1e30, seed: 7, iterations: 8 }).score);
    // Measured: 1.0176 and 1.0118 of the exact mean.
    expect(pm4 / exact).toBeLessThan(1.1);
    expect(pm8 / exact).toBeLessThan(pm4 / exact);
    expect(pm8 / exact).toBeLessThan(1.05);
  });

  it('self-search finds the identity for nearly every query', () => {
    for (const p of [3, 7, 11]) {
      const img = structuredImage(48, 48, p);
      const got = patchMatch(img, img, { patchSize: p, alpha: 1e30, seed: 1 });
      const rate = mean(Array.from(got.nn, (j, i) => (j === i ? 1 : 0)));
      expect(rate, `p=${p}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('completeness: warm-started assigned estimate and cold reverse estimate stay near the exact score', () => {
    const q = structuredImage(40, 40, 3);
    const k = structuredImage(40, 40, 4);
    const opts = { alpha: 0.005, seed: 7 };
    const exact = nearestPatches(q, k, opts);
    const exactMean = mean(exact.score);
    const warm = patchMatch(q, k, { ...opts, initialField: exact.nn });
    const reverse = patchMatch(q, k, { ...opts, colMinEstimate: 'reverse' });
    const cold = patchMatch(q, k, opts);
    const rel = (nn: Uint32Array) => exactScoredMean(q, k, nn, opts) / exactMean;
    // Measured ×1.008, ×1.017 and ×1.104 of the exact mean (exact scores of each field).
    expect(rel(warm.nn)).toBeLessThan(1.03);
    expect(rel(reverse.nn)).toBeLessThan(1.05);
    // The assigned estimate from a cold start is the weakest (file comment); only bound it loosely.
    expect(rel(cold.nn)).toBeLessThan(1.2);
    expect(new Set(reverse.nn).size).toBeGreaterThan(new Set(cold.nn).size);
  });

  it('handles N ≠ M, p from 3 to 11, and a one-patch key grid', () => {
    for (const [p, qh, qw, kh, kw] of [
      [3, 9, 31, 20, 5],
      [11, 23, 12, 11, 11],
      [7, 7, 40, 30, 9],
      [5, 17, 17, 5, 9],
    ]) {
      const q = randomImage(qh, qw, p);
      const k = randomImage(kh, kw, p + 1);
      const got = patchMatch(q, k, { patchSize: p, seed: 4, iterations: 2 });
      const kc = (kh - p + 1) * (kw - p + 1);
      expect(got.nn.length).toBe((qh - p + 1) * (qw - p + 1));
      for (const j of got.nn) expect(j).toBeLessThan(kc);
      for (const s of got.score) expect(Number.isFinite(s)).toBe(true);
    }
  });

  it('scales linearly: a 120×160 search runs without any N×M structure', () => {
    const q = structuredImage(120, 160, 5);
    const k = structuredImage(120, 160, 6);
    // ~17.5k × 17.5k patches: an N×M score matrix would be 1.2 GB of floats, and
    // the exact search minutes of work. Speed itself is measured by `npm run bench`.
    const got = patchMatch(q, k, { alpha: 0.005, seed: 1 });
    expect(got.nn.length).toBe(114 * 154);
    expect(got.score.length).toBe(114 * 154);
  });
});
