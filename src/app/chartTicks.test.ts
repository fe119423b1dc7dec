import { describe, expect, it } from 'vitest';
import { integerStep, integerTicks } from './chartTicks';

describe('integerTicks', () => {
  it('puts ticks on whole numbers only when the chart would space them by halves', () => {
    // Scales -8 … 0 (coarse to fine) on a chart wanting a tick every 0.5.
    expect(integerTicks(-8, 0, 0.5)).toEqual([-8, -7, -6, -5, -4, -3, -2, -1, 0]);
    // One iteration point: uPlot pads the range around it.
    expect(integerTicks(0.5, 1.5, 0.2)).toEqual([1]);
    expect(integerTicks(-7.5, -6.5, 0.25)).toEqual([-7]);
  });

  it('steps 1, 2, 5, 10, 20, 50… when the range is long', () => {
    expect(integerTicks(0, 300, 37)).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(integerTicks(3, 21, 3)).toEqual([5, 10, 15, 20]);
    expect(integerStep(0.1)).toBe(1);
    expect(integerStep(1)).toBe(1);
    expect(integerStep(1.5)).toBe(2);
    expect(integerStep(7)).toBe(10);
    expect(integerStep(120)).toBe(200);
  });

  it('gives no ticks for an empty or invalid range', () => {
    expect(integerTicks(2, 1, 1)).toEqual([]);
    expect(integerTicks(Number.NaN, 1, 1)).toEqual([]);
  });
});
