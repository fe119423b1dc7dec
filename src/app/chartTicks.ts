/**
 * Tick positions for an axis that counts things (scales, iterations): whole
 * numbers only, spaced 1, 2, 5, 10, 20, 50… apart, the smallest such step at
 * least the one the chart would pick for its width (`suggested`), so a short
 * range gets no "L7.5" or "iteration 1.5" between its whole values.
 */
export function integerTicks(min: number, max: number, suggested: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const step = integerStep(suggested);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) ticks.push(t === 0 ? 0 : t);
  return ticks;
}

/** The smallest of 1, 2, 5, 10, 20, 50… that is at least `suggested`. */
export function integerStep(suggested: number): number {
  if (!(suggested > 1)) return 1;
  let decade = 10 ** Math.floor(Math.log10(suggested));
  for (;;) {
    for (const m of [1, 2, 5]) if (m * decade >= suggested - 1e-9) return m * decade;
    decade *= 10;
  }
}
