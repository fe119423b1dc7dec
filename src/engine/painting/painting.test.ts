import { describe, expect, it } from 'vitest';
import { commit, HISTORY_LIMIT, redo, startHistory, undo } from './history';
import { cloneMaskLayers, createMaskLayers, isBlank, labelCounts, paintSegment } from './maskLayers';

describe('mask painting', () => {
  it('a dot covers the pixels whose centres are within the radius', () => {
    const m = createMaskLayers(10, 10);
    // Centre on a pixel corner: radius 1 covers the 4 pixels around it (centres at distance √0.5).
    expect(paintSegment(m, { x: 5, y: 5 }, { x: 5, y: 5 }, 1, { kind: 'label', label: 1 })).toBe(4);
    expect(labelCounts(m).keep).toBe(4);
    // Radius 1.6 around a pixel centre: the 3×3 block (corner distance √2 ≈ 1.41) and nothing more.
    const n = createMaskLayers(10, 10);
    expect(paintSegment(n, { x: 2.5, y: 2.5 }, { x: 2.5, y: 2.5 }, 1.6, { kind: 'label', label: 2 })).toBe(9);
  });

  it('a stroke covers the whole segment, clipped at the borders', () => {
    const m = createMaskLayers(8, 20);
    paintSegment(m, { x: -5, y: 4 }, { x: 30, y: 4 }, 0.6, { kind: 'label', label: 2 });
    for (let x = 0; x < 20; x++) expect(m.labels[3 * 20 + x] + m.labels[4 * 20 + x]).toBeGreaterThan(0);
    expect(labelCounts(m).remove).toBeLessThanOrEqual(40);
  });

  it('colour marks the hole and erase clears label and colour', () => {
    const m = createMaskLayers(6, 6);
    paintSegment(m, { x: 3, y: 3 }, { x: 3, y: 3 }, 1, { kind: 'colour', rgb: [10, 200, 30] });
    expect(labelCounts(m)).toEqual({ keep: 0, remove: 4, painted: 4 });
    expect(Array.from(m.colour.slice((2 * 6 + 2) * 4, (2 * 6 + 2) * 4 + 4))).toEqual([10, 200, 30, 255]);
    paintSegment(m, { x: 3, y: 3 }, { x: 3, y: 3 }, 3, { kind: 'erase' });
    expect(isBlank(m)).toBe(true);
    expect(labelCounts(m).painted).toBe(0);
  });

  it('clones are independent', () => {
    const m = createMaskLayers(4, 4);
    const c = cloneMaskLayers(m);
    paintSegment(c, { x: 2, y: 2 }, { x: 2, y: 2 }, 1, { kind: 'label', label: 1 });
    expect(isBlank(m)).toBe(true);
    expect(isBlank(c)).toBe(false);
  });
});

describe('history', () => {
  it('undoes, redoes, and a new commit clears the redo stack', () => {
    let h = startHistory(0);
    h = commit(h, 1);
    h = commit(h, 2);
    h = undo(h);
    expect(h.present).toBe(1);
    h = redo(h);
    expect(h.present).toBe(2);
    h = undo(undo(h));
    expect(h.present).toBe(0);
    expect(undo(h)).toBe(h);
    h = commit(h, 5);
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
  });

  it('keeps at most the last entries', () => {
    let h = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) h = commit(h, i);
    expect(h.past.length).toBe(HISTORY_LIMIT);
    expect(h.past[0]).toBe(10);
  });
});
