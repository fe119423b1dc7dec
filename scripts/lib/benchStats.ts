/**
 * The benchmark tables' shared arithmetic: means that skip what a run did
 * not measure, and numbers printed with a dash for a missing one.
 */

/** Mean of the finite values (a null, NaN or infinite one was not measured); null when none is. */
export function meanOfFinite(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

/** A number to `digits` places, or '–' where there is none (null, undefined, NaN, infinite). */
export function fixedOrDash(v: number | null | undefined, digits: number): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}
