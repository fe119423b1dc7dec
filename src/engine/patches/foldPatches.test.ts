import { describe, expect, it } from 'vitest';
import { createRgbImage } from '../image/rgbImage';
import { foldPatches } from './foldPatches';
import { NO_MATCH, patchGrid } from './patchGrid';
import { mulberry32, randomImage } from '../../testing/patchTestHelpers';

/** V[y][x] = [x + 10y, 100 + x + 10y, 200 + x + 10y]: the value names its pixel. */
function namedImage(h: number, w: number) {
  return createRgbImage(
    h,
    w,
    Float32Array.from(
      { length: h * w * 3 },
      (_, i) => 100 * (i % 3) + (Math.floor(i / 3) % w) + 10 * Math.floor(i / 3 / w),
    ),
  );
}

const channel0 = (data: Float32Array) => Array.from(data).filter((_, i) => i % 3 === 0);

describe('foldPatches', () => {
  it('an identity mapping reproduces the values image exactly', () => {
    for (const [h, w, p, seed] of [
      [9, 11, 3, 1],
      [16, 13, 7, 2],
      [11, 12, 11, 3],
    ]) {
      const v = randomImage(h, w, seed);
      const n = patchGrid(h, w, p).count;
      const out = foldPatches(
        v,
        Uint32Array.from({ length: n }, (_, i) => i),
        h,
        w,
        { patchSize: p },
      );
      expect(out.data).toEqual(v.data);
    }
  });

  it('averages the covering patches (hand-computed)', () => {
    // p = 3 on 3×4: query and key grids are 1×2. Query patch 0 takes key 1, query 1 takes key 0.
    const v = namedImage(3, 4);
    const out = foldPatches(v, Uint32Array.of(1, 0), 3, 4, { patchSize: 3 });
    // x=0: only q0 → V col 1. x=1: q0 → col 2, q1 → col 0: mean 1. x=2: q0 → col 3, q1 → col 1: mean 2. x=3: q1 → col 2.
    expect(channel0(out.data)).toEqual([1, 1, 2, 2, 11, 11, 12, 12, 21, 21, 22, 22]);
    expect(out.data[2]).toBe(201);

    // 3×5: three patches cover the middle column, nn = [2, 0, 1]:
    // x=2 ← q0 (key 2) col 4, q1 (key 0) col 1, q2 (key 1) col 1: (4+1+1)/3 = 2.
    const v5 = namedImage(3, 5);
    const out5 = foldPatches(v5, Uint32Array.of(2, 0, 1), 3, 5, { patchSize: 3 });
    // x=0: col 2. x=1: q0 col 3, q1 col 0 → 1.5. x=3: q1 col 2, q2 col 2 → 2. x=4: q2 col 3.
    expect(channel0(out5.data).slice(0, 5)).toEqual([2, 1.5, 2, 2, 3]);

    // The output takes the query's size, V may be larger; uncovered pixels take the fallback.
    const fallback = createRgbImage(4, 4, new Float32Array(48).fill(-1));
    const big = namedImage(5, 6);
    // Query grid 2×2: only q3 (position (1,1)) is valid, it takes key (2,3) = index 2·4+3 = 11.
    const out4 = foldPatches(big, Uint32Array.of(NO_MATCH, NO_MATCH, NO_MATCH, 11), 4, 4, { patchSize: 3, fallback });
    expect(channel0(out4.data)).toEqual([-1, -1, -1, -1, -1, 23, 24, 25, -1, 33, 34, 35, -1, 43, 44, 45]);
    const zero = foldPatches(big, Uint32Array.of(NO_MATCH, NO_MATCH, NO_MATCH, 11), 4, 4, { patchSize: 3 });
    expect(zero.data[0]).toBe(0);
  });

  it('matches a float64 mean on a random mapping', () => {
    const v = randomImage(12, 14, 7);
    const r = mulberry32(8);
    const kg = patchGrid(12, 14, 5);
    const [h, w] = [10, 13];
    const qg = patchGrid(h, w, 5);
    const nn = Uint32Array.from({ length: qg.count }, () => (r() < 0.1 ? NO_MATCH : Math.floor(r() * kg.count)));
    const out = foldPatches(v, nn, h, w, { patchSize: 5 });
    const sum = new Float64Array(h * w * 3);
    const cnt = new Float64Array(h * w);
    nn.forEach((j, i) => {
      if (j === NO_MATCH) return;
      const [qy, qx] = [Math.floor(i / qg.gridWidth), i % qg.gridWidth];
      const [ky, kx] = [Math.floor(j / kg.gridWidth), j % kg.gridWidth];
      for (let dy = 0; dy < 5; dy++) {
        for (let dx = 0; dx < 5; dx++) {
          cnt[(qy + dy) * w + qx + dx]++;
          for (let c = 0; c < 3; c++)
            sum[((qy + dy) * w + qx + dx) * 3 + c] += v.data[((ky + dy) * 14 + kx + dx) * 3 + c];
        }
      }
    });
    for (let i = 0; i < h * w * 3; i++) {
      const n = cnt[Math.floor(i / 3)];
      expect(Math.abs(out.data[i] - (n ? sum[i] / n : 0))).toBeLessThan(1e-6);
    }
  });

  it('the median vote takes the lower median of the covering patches, per channel (hand-computed)', () => {
    // The 3×5 case above, nn = [2, 0, 1]: x=2 ← cols 4, 1, 1 → median 1 (the mean was 2);
    // x=1 ← cols 3, 0 → lower median 0; x=3 ← cols 2, 2 → 2.
    const v5 = namedImage(3, 5);
    const out = foldPatches(v5, Uint32Array.of(2, 0, 1), 3, 5, { patchSize: 3, vote: 'median' });
    expect(channel0(out.data).slice(0, 5)).toEqual([2, 0, 1, 2, 3]);
    expect(out.data[3 * 2 + 2]).toBe(201);
    // Identity: every covering patch agrees, so the values come back exactly; uncovered pixels take the fallback.
    const v = randomImage(11, 12, 4);
    const n = patchGrid(11, 12, 5).count;
    const same = foldPatches(
      v,
      Uint32Array.from({ length: n }, (_, i) => i),
      11,
      12,
      { patchSize: 5, vote: 'median' },
    );
    expect(same.data).toEqual(v.data);
    const fallback = createRgbImage(4, 4, new Float32Array(48).fill(-1));
    const holes = foldPatches(namedImage(5, 6), Uint32Array.of(NO_MATCH, NO_MATCH, NO_MATCH, 11), 4, 4, {
      patchSize: 3,
      fallback,
      vote: 'median',
    });
    expect(channel0(holes.data)).toEqual([-1, -1, -1, -1, -1, 23, 24, 25, -1, 33, 34, 35, -1, 43, 44, 45]);
  });

  it('rejects mismatched inputs', () => {
    const v = randomImage(8, 8, 9);
    expect(() => foldPatches(v, new Uint32Array(3), 8, 8, { patchSize: 3 })).toThrow(/nn has 3 entries.*36/);
    expect(() => foldPatches(v, new Uint32Array(36), 8, 8, { patchSize: 3, fallback: randomImage(8, 9, 1) })).toThrow(
      /Fallback/,
    );
    expect(() => foldPatches(v, new Uint32Array(1), 2, 8, { patchSize: 3 })).toThrow(/larger than the output/);
  });
});
