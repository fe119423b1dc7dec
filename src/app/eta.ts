/** Remaining time from the rate so far; null until there is a rate to extrapolate. */
export function estimateRemainingMs(done: number, total: number, elapsedMs: number): number | null {
  if (done <= 0 || total <= 0 || done > total) return null;
  return (elapsedMs / done) * (total - done);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return '<1 s';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
