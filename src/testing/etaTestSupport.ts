import { afterEach, beforeEach, vi } from 'vitest';
import {
  ESTIMATE_BY_FRACTION,
  ESTIMATE_BY_MS,
  estimateEta,
  foldProgress,
  formatEta,
  type EtaState,
  type ProgressReport,
} from '../app/eta';

/** One progress report as the page receives it, at a time on the run's clock (ms since the run started). */
export interface TimedReport extends ProgressReport {
  readonly at: number;
}

export interface EtaReview {
  /** Every estimate the page would have shown: at each report and at each 500 ms tick between, with the time really left. */
  readonly shown: readonly {
    readonly at: number;
    readonly text: string;
    readonly ms: number | null;
    readonly left: number;
    readonly fraction: number;
  }[];
  /** When the first real estimate appeared, and the share of the work done by then. */
  readonly firstAt: number | null;
  readonly problems: readonly string[];
}

const TICK_MS = 500;
/** Within this factor of the time really left, while this much is left. */
const WITHIN = 3;
const RATIO_FROM_MS = 5000;
/**
 * In the last seconds a ratio measures noise (a final step 20% off its
 * estimate is 3× off one second before the end), so there the estimate
 * must be within this many seconds instead.
 */
const LAST_SECONDS_SLACK_MS = 10_000;

/**
 * Replays a run's reports through the page's estimator, reading it as the
 * status bar does (at every report and every tick), and lists every way it
 * broke the promises the page makes: a real estimate by 10 s or 20% of the
 * work; after that, within 3× of the time really left while 5 s or more
 * are left (within 10 s in the last 5); never under 1 s while 5 s or more
 * remain.
 */
export function reviewEta(reports: readonly TimedReport[], endedAt: number): EtaReview {
  const shown: { at: number; text: string; ms: number | null; left: number; fraction: number }[] = [];
  const problems: string[] = [];
  let state: EtaState | undefined;
  let firstAt: number | null = null;
  const read = (at: number, fraction: number) => {
    const eta = estimateEta(state, at);
    const left = endedAt - at;
    const ms = eta.kind === 'left' ? eta.ms : null;
    const text = formatEta(eta);
    shown.push({ at, text, ms, left, fraction });
    if (ms === null) {
      if (eta.kind === 'estimating' && firstAt !== null && left > 1000)
        problems.push(`back to "${text}" at ${(at / 1000).toFixed(1)} s`);
      const late = at > ESTIMATE_BY_MS + TICK_MS || fraction > ESTIMATE_BY_FRACTION + 0.02;
      if (eta.kind === 'estimating' && late && firstAt === null && left > 1000)
        problems.push(`still "${text}" at ${(at / 1000).toFixed(1)} s, ${(fraction * 100).toFixed(0)}% done`);
      return;
    }
    firstAt ??= at;
    const at_ = `${(at / 1000).toFixed(1)} s`;
    if (left >= 5000 && (ms < 1000 || text.includes('<1 s')))
      problems.push(`"${text}" at ${at_} with ${(left / 1000).toFixed(1)} s left`);
    const off =
      left >= RATIO_FROM_MS ? ms > WITHIN * left || ms < left / WITHIN : Math.abs(ms - left) > LAST_SECONDS_SLACK_MS;
    if (off)
      problems.push(`"${text}" (${(ms / 1000).toFixed(1)} s) at ${at_} with ${(left / 1000).toFixed(1)} s really left`);
  };
  for (let i = 0; i < reports.length; i++) {
    const r = reports[i];
    state = foldProgress(state, r, r.at);
    const fraction = r.total > 0 ? r.done / r.total : 0;
    read(r.at, fraction);
    const next = i + 1 < reports.length ? reports[i + 1].at : endedAt;
    for (let t = r.at + TICK_MS; t < next; t += TICK_MS) read(t, fraction);
  }
  return { shown, firstAt, problems };
}

/**
 * A simulated performance.now() for a test file: reset to 0 before each test;
 * `advance` moves it as a paced device would spend the time.
 */
export function simulatedClock(): { now(): number; advance(ms: number): void } {
  let t = 0;
  beforeEach(() => {
    t = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => t);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return { now: () => t, advance: (ms) => void (t += ms) };
}
