import { describe, expect, it } from 'vitest';
import { regionEditAfterKey, type RegionEdit } from './RegionMover';

const size = { height: 40, width: 60 };
const none: RegionEdit = { from: null, to: null };

describe('the edit picture from the keyboard', () => {
  it('selects a middle region with Enter, moves its copy with arrows (Shift: 8 px) and the selection with Alt, inside the image', () => {
    const selected = regionEditAfterKey(none, 'Enter', {}, size)!;
    expect(selected).toEqual({ from: { y: 15, x: 23, height: 10, width: 15 }, to: null });
    const right = regionEditAfterKey(selected, 'ArrowRight', { shift: true }, size)!;
    expect(right.to).toEqual({ y: 15, x: 31 });
    expect(regionEditAfterKey(right, 'ArrowUp', {}, size)!.to).toEqual({ y: 14, x: 31 });
    let far = right;
    for (let i = 0; i < 10; i++) far = regionEditAfterKey(far, 'ArrowRight', { shift: true }, size)!;
    expect(far.to).toEqual({ y: 15, x: 45 });
    const moved = regionEditAfterKey(selected, 'ArrowLeft', { alt: true }, size)!;
    expect(moved).toEqual({ from: { y: 15, x: 22, height: 10, width: 15 }, to: null });
  });

  it('resizes with + and −, clears with Escape, and ignores keys it does not use', () => {
    const selected = regionEditAfterKey(none, 'Enter', {}, size)!;
    expect(regionEditAfterKey(selected, '+', {}, size)!.from).toEqual({ y: 15, x: 23, height: 12, width: 17 });
    expect(regionEditAfterKey(selected, '-', {}, size)!.from).toEqual({ y: 15, x: 23, height: 8, width: 13 });
    expect(regionEditAfterKey(selected, 'Escape', {}, size)).toEqual(none);
    expect(regionEditAfterKey(none, 'ArrowLeft', {}, size)).toBeNull();
    expect(regionEditAfterKey(selected, 'a', {}, size)).toBeNull();
    expect(regionEditAfterKey(selected, 'Enter', {}, size)).toBeNull();
  });
});
