import { describe, expect, it } from 'vitest';
import { patchBaseOffset, patchElementOffsets, patchGrid, patchIndex, patchPosition } from './patchGrid';

describe('patchGrid', () => {
  it('has (H−p+1)×(W−p+1) valid positions, indexed row-major', () => {
    const g = patchGrid(10, 13, 5);
    expect([g.gridHeight, g.gridWidth, g.count, g.elements]).toEqual([6, 9, 54, 75]);
    for (let i = 0; i < g.count; i++) {
      const [y, x] = patchPosition(g, i);
      expect(patchIndex(g, y, x)).toBe(i);
    }
    expect(patchPosition(g, 10)).toEqual([1, 1]);
  });

  it('offsets walk the patch in (dy, dx, channel) order', () => {
    const g = patchGrid(4, 6, 3);
    const off = patchElementOffsets(g);
    expect(Array.from(off.slice(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 18]);
    expect(off[off.length - 1]).toBe((2 * 6 + 2) * 3 + 2);
    expect(patchBaseOffset(g, 5)).toBe((1 * 6 + 1) * 3);
  });

  it('a patch as large as the image gives one patch', () => {
    expect(patchGrid(7, 7, 7).count).toBe(1);
  });

  it('rejects bad patch sizes and images too small, naming the problem', () => {
    expect(() => patchGrid(20, 20, 4)).toThrow(/odd/);
    expect(() => patchGrid(20, 20, 1)).toThrow(/3 to 11/);
    expect(() => patchGrid(20, 20, 13)).toThrow(/3 to 11/);
    expect(() => patchGrid(20, 20, 5.5)).toThrow(/whole number/);
    expect(() => patchGrid(6, 20, 7)).toThrow(/larger than the image \(20×6\)/);
    expect(() => patchGrid(20, 6, 7, 'key image')).toThrow(/key image/);
    expect(() => patchGrid(0, 6, 3)).toThrow(/Invalid image size/);
    const g = patchGrid(5, 5, 3);
    expect(() => patchPosition(g, 9)).toThrow(/outside/);
    expect(() => patchIndex(g, 0, 3)).toThrow(/outside/);
  });
});
