import { describe, expect, it } from 'vitest';
import { estimateRemainingMs, formatDuration } from './eta';

describe('ETA', () => {
  it('extrapolates the rate so far', () => {
    expect(estimateRemainingMs(2, 10, 1000)).toBe(4000);
    expect(estimateRemainingMs(10, 10, 1000)).toBe(0);
  });
  it('has no estimate before the first unit finishes', () => {
    expect(estimateRemainingMs(0, 10, 1000)).toBeNull();
    expect(estimateRemainingMs(1, 0, 1000)).toBeNull();
  });
  it('formats durations for people', () => {
    expect(formatDuration(300)).toBe('<1 s');
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
  });
});
