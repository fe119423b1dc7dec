/**
 * Largest |a − b| over the largest |b| (at least `floor`): the tolerance
 * measure the CPU-vs-GPU and finite-difference tests share. Gradients span
 * orders of magnitude, so absolute tolerances would not do; `floor` keeps
 * near-zero references from blowing it up.
 */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  if (a.length !== b.length) throw new RangeError(`compared arrays differ in length: ${a.length} vs ${b.length}`);
  let diff = 0;
  let mag = floor;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    mag = Math.max(mag, Math.abs(b[i]));
  }
  return diff / mag;
}
