import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random/prng';
import { lowerMedianIndex, selectKth } from './voting';

describe('selectKth', () => {
  it('agrees with sorting on random arrays with repeats, in both float widths', () => {
    const rng = mulberry32(9);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rng() * 60);
      const a = Float64Array.from({ length: n }, () => Math.floor(rng() * 8) / 8);
      const sorted = Array.from(a).sort((x, y) => x - y);
      const k = Math.floor(rng() * n);
      expect(selectKth(a.slice(), n, k)).toBe(sorted[k]);
      expect(selectKth(Float32Array.from(a), n, k)).toBe(sorted[k]);
    }
  });

  it('takes the lower median of an even count, so the vote is one of the voted values', () => {
    expect(lowerMedianIndex(49)).toBe(24);
    expect(lowerMedianIndex(4)).toBe(1);
    expect(selectKth(Float32Array.from([0.9, 0.1, 0.5, 0.3]), 4, lowerMedianIndex(4))).toBe(Math.fround(0.3));
  });
});
