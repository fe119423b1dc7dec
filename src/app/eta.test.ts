import { describe, expect, it } from 'vitest';
import {
  estimateEta,
  foldProgress,
  formatDuration,
  formatEta,
  runEta,
  workClock,
  type EtaState,
  type ProgressReport,
} from './eta';
import { reviewEta, type TimedReport } from '../testing/etaTestSupport';

const fold = (reports: readonly (ProgressReport & { at: number })[]): EtaState | undefined =>
  reports.reduce<EtaState | undefined>((s, r) => foldProgress(s, r, r.at), undefined);

describe('the run ETA', () => {
  it('says "estimating…" until measured work backs a number, then extrapolates the measured rate', () => {
    const s = fold([
      { at: 0, done: 0, total: 100 },
      { at: 500, done: 5, total: 100 },
    ]);
    expect(estimateEta(s, 500)).toEqual({ kind: 'estimating' });
    const later = fold([
      { at: 0, done: 0, total: 100 },
      { at: 2000, done: 10, total: 100 },
      { at: 4000, done: 20, total: 100 },
    ]);
    const eta = estimateEta(later, 4000);
    expect(eta.kind).toBe('left');
    expect(eta.kind === 'left' && eta.ms).toBeCloseTo(16_000, -2);
  });

  it('shows a prior the measurement confirms after a second', () => {
    const s = fold([
      { at: 0, done: 0, total: 60_000, unitMs: 1 },
      { at: 1200, done: 1000, total: 60_000, unitMs: 1 },
    ]);
    const eta = estimateEta(s, 1200);
    expect(eta.kind).toBe('left');
    expect(eta.kind === 'left' && eta.ms / 59_000).toBeGreaterThan(0.9);
  });

  it('does not count setup before the real total as work', () => {
    // Timing the device for 1.3 s, then the job's real total, then a tiny first step.
    const s = fold([
      { at: 0, done: 0, total: 1 },
      { at: 10, done: 0, total: 1 },
      { at: 1300, done: 0, total: 58_000_000, unitMs: 0.001 },
      { at: 1500, done: 20_000, total: 58_000_000, unitMs: 0.001 },
    ]);
    expect(s?.t0).toBe(1300);
    const eta = estimateEta(s, 1500);
    expect(eta.kind !== 'left' || eta.ms < 3 * 60_000, formatEta(eta)).toBe(true);
  });

  it('shows an estimate by 10 s whatever the evidence, and one by 20% of the work', () => {
    const slow = fold([
      { at: 0, done: 0, total: 100, provisional: true },
      { at: 9000, done: 1, total: 100, provisional: true },
    ]);
    expect(estimateEta(slow, 9500).kind).toBe('estimating');
    expect(estimateEta(slow, 10_000).kind).toBe('left');
    const quick = fold([
      { at: 0, done: 0, total: 100, provisional: true },
      { at: 300, done: 21, total: 100, provisional: true },
    ]);
    expect(estimateEta(quick, 300).kind).toBe('left');
  });

  it('counts down between reports, at most one step ahead, and never shows "<1 s" while work remains', () => {
    const s = fold([
      { at: 0, done: 0, total: 10 },
      { at: 3000, done: 3, total: 10 },
      { at: 6000, done: 6, total: 10 },
    ]);
    const at = (t: number) => {
      const e = estimateEta(s, t);
      return e.kind === 'left' ? e.ms : NaN;
    };
    expect(at(6000)).toBeCloseTo(4000, -2);
    expect(at(7000)).toBeCloseTo(3000, -2);
    // The next report is late: the estimate stops counting and grows, never reaching zero.
    expect(at(12_000)).toBeGreaterThan(at(9000) - 1);
    expect(formatEta({ kind: 'left', ms: 200 })).toBe('about 1 s left');
    expect(formatEta({ kind: 'left', ms: 42_400 })).toBe('about 42 s left');
  });

  it('a display clock behind the reports never turns 13% of a 24 s retarget into "<1 s left"', () => {
    // Reports every 200 ms; the display's clock last ticked 50 ms after the run started (its timer kept being restarted).
    const startedAt = 10_000;
    const reports = Array.from({ length: 17 }, (_, i) => ({ at: i * 200, done: i * 0.0083, total: 1, unitMs: 24_000 }));
    const run = { startedAt, eta: fold(reports) };
    const staleNow = startedAt + 50;
    const last = reports.at(-1)!;
    // What the status bar computed: elapsed ÷ done × remaining on the stale clock.
    const before = ((staleNow - startedAt) / last.done) * (last.total - last.done);
    expect(formatDuration(before)).toBe('<1 s');
    const eta = runEta(run, staleNow);
    expect(eta.kind).toBe('left');
    const real = 24_000 - last.at;
    expect(eta.kind === 'left' && eta.ms / real).toBeGreaterThan(1 / 3);
    expect(eta.kind === 'left' && eta.ms / real).toBeLessThan(3);
  });

  it('leaves pauses out of the clock', () => {
    expect(workClock({ startedAt: 1000, pausedMs: 500 }, 4000)).toBe(2500);
    expect(workClock({ startedAt: 1000, pausedMs: 500, paused: true, pausedAt: 3000 }, 4000)).toBe(1500);
  });

  it('formats durations for people', () => {
    expect(formatDuration(300)).toBe('<1 s');
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_599_000)).toBe('59 min 59 s');
    expect(formatDuration(88_920_000)).toBe('24 h 42 min');
    expect(formatDuration(3_600_000 + 29_000)).toBe('1 h 00 min');
  });
});

/** Reports of a job that makes `n` equal items (frames, samples), each taking `ms(i)` on a paced device, after `setupMs`. */
function itemJob(n: number, ms: (i: number) => number, setupMs = 0): { reports: TimedReport[]; ended: number } {
  const reports: TimedReport[] = [{ at: 0, done: 0, total: n }];
  let t = setupMs;
  for (let i = 0; i < n; i++) {
    t += ms(i);
    reports.push({ at: t, done: i + 1, total: n });
  }
  return { reports, ended: t + 50 };
}

describe('the ETA of jobs that count items, on a paced device', () => {
  const honest = ({ reports, ended }: ReturnType<typeof itemJob>) => {
    const review = reviewEta(reports, ended);
    expect(review.problems, review.shown.map((s) => `${(s.at / 1000).toFixed(1)}:${s.text}`).join(' | ')).toEqual([]);
    expect(review.firstAt).not.toBeNull();
  };

  it('a GIF export, frame by frame', () => honest(itemJob(48, (i) => 700 + ((i * 37) % 11) * 20)));
  it('SinGAN samples, a few slow ones after a model load', () => honest(itemJob(4, () => 9000, 1500)));
  it('a SinGAN or GIF → GIF animation whose frames slow down as it goes (3× from first to last)', () =>
    honest(itemJob(24, (i) => 1000 + (i * 2000) / 23)));
});
