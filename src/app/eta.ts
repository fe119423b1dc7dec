/**
 * A run's time left, from one estimator that every panel reads, so the status
 * bar and a training header can never disagree.
 *
 * Progress comes in the job's own cost units (GPNN: estimated microseconds
 * per step; training: pixels × channels² per iteration), so equal units cost
 * about equal time and a rate measured on cheap coarse work carries over to
 * expensive fine work. Where the cost model is absolute (GPNN's units are
 * times from the device's measured speed) its rate is the prior; the rate
 * measured over the recent work replaces it as evidence grows. Setup before
 * the first report of the work's real total (timing the device, building
 * pyramids) is not part of any measured rate: dividing it by the first tiny
 * step is what once promised an hour for a one-minute job.
 */

/** What one progress report says, in the job's cost units. */
export interface ProgressReport {
  readonly done: number;
  readonly total: number;
  /** The cost model's milliseconds per unit, when it has an absolute one. */
  readonly unitMs?: number;
  /** The split of the work left is still the model's unchecked guess. */
  readonly provisional?: boolean;
}

interface Mark {
  readonly t: number;
  readonly d: number;
}

/** All times are on the run's work clock: ms since it started, pauses left out. */
export interface EtaState {
  /** The first report of the current total: the measured stretch starts here. */
  readonly t0: number;
  readonly d0: number;
  /** The latest report. */
  readonly at: number;
  readonly done: number;
  readonly total: number;
  /** Units between reports lately: how far the unseen work since the latest report may have got. */
  readonly step: number;
  /**
   * Two trailing marks of (time, units done): the rate is measured from the
   * older one, so it follows the work in progress (whose units a job may have
   * reweighed from measurement) rather than averaging in the run's start.
   */
  readonly older: Mark;
  readonly newer: Mark;
  readonly unitMs: number | null;
  readonly provisional: boolean;
}

export type Eta =
  | { readonly kind: 'estimating' }
  /** Every unit is done; the job is finishing what follows its last unit (outputs, metrics). */
  | { readonly kind: 'finishing' }
  | { readonly kind: 'left'; readonly ms: number };

/** Measured evidence is fully trusted after this much work time, or this share of the work. */
const FULL_TRUST_MS = 4000;
const FULL_TRUST_FRACTION = 0.1;
/** Shown once the measurement weighs this much against the prior (then a 10× wrong prior is < 2× off). */
const TRUSTED_WEIGHT = 0.75;
/** A prior the measurement confirms this closely, after this much work, is shown at once. */
const AGREEMENT = 1.5;
const AGREEMENT_MS = 1000;
/** The rate is measured over at least this long, and at least this share of the run so far. */
const RECENT_MS = 5000;
const RECENT_SHARE = 0.25;
/** Whatever the evidence, an estimate is shown from this work time or share of the work on. */
export const ESTIMATE_BY_MS = 10_000;
export const ESTIMATE_BY_FRACTION = 0.2;

export function foldProgress(prev: EtaState | undefined, p: ProgressReport, at: number): EtaState {
  const unitMs = p.unitMs ?? null;
  const provisional = p.provisional ?? false;
  // The measured stretch starts again where work starts again, and at the latest report before any
  // work was done (setup reports come first, then the real total); a total that changes while work
  // goes on is the job weighing the work left anew, and what was measured stays valid.
  if (!prev || p.done < prev.done || p.done === prev.d0) {
    const mark = { t: at, d: p.done };
    return {
      t0: at,
      d0: p.done,
      at,
      done: p.done,
      total: p.total,
      step: 0,
      older: mark,
      newer: mark,
      unitMs,
      provisional,
    };
  }
  const advanced = p.done - prev.done;
  // The largest recent step, decaying, so one fine step after many coarse ones is not undercounted for long.
  const step = advanced > 0 ? Math.max(advanced, prev.step * 0.5) : prev.step;
  const window = Math.max(RECENT_MS, RECENT_SHARE * (at - prev.t0));
  const moved = at - prev.newer.t >= window;
  return {
    ...prev,
    at,
    done: p.done,
    total: p.total,
    step,
    older: moved ? prev.newer : prev.older,
    newer: moved ? { t: at, d: p.done } : prev.newer,
    unitMs: unitMs ?? prev.unitMs,
    provisional,
  };
}

/** Milliseconds per unit measured from the older mark to (`t`, `d`); null without work in between. */
const recentRate = (s: EtaState, t: number, d: number): number | null =>
  d > s.older.d && t > s.older.t ? (t - s.older.t) / (d - s.older.d) : null;

const blend = (measured: number | null, prior: number | null, w: number): number | null =>
  measured === null ? prior : prior === null ? measured : Math.exp(w * Math.log(measured) + (1 - w) * Math.log(prior));

/** Milliseconds per unit at the latest report: what the unseen work since then is credited at. */
function rateAtReport(s: EtaState): number | null {
  const units = s.done - s.d0;
  const measured = recentRate(s, s.at, s.done);
  const w = Math.min(
    1,
    Math.max((s.at - s.t0) / FULL_TRUST_MS, units / Math.max(1e-9, s.total - s.d0) / FULL_TRUST_FRACTION),
  );
  return blend(measured, s.unitMs, w);
}

/** The time left at `now` (work clock), or why there is no number yet. */
export function estimateEta(s: EtaState | undefined, now: number): Eta {
  if (!s || s.total <= 0) return { kind: 'estimating' };
  if (s.done >= s.total) return { kind: 'finishing' };
  const atReport = rateAtReport(s);
  // Work goes on between reports: credit it at the known rate, at most one step's worth, so the
  // estimate counts down smoothly and, if the step runs long, stops rather than reaching zero.
  const credit = atReport === null ? 0 : Math.min(Math.max(0, now - s.at) / atReport, s.step, s.total - s.done);
  const worked = s.done + credit;
  const units = worked - s.d0;
  const elapsed = Math.max(0, now - s.t0);
  const measured = recentRate(s, now, worked);
  const fraction = units / Math.max(1e-9, s.total - s.d0);
  const w = Math.min(1, Math.max(elapsed / FULL_TRUST_MS, fraction / FULL_TRUST_FRACTION));
  const rate = blend(measured, s.unitMs, w);
  if (rate === null) return { kind: 'estimating' };
  const agrees =
    measured !== null &&
    s.unitMs !== null &&
    elapsed >= AGREEMENT_MS &&
    Math.max(measured / s.unitMs, s.unitMs / measured) <= AGREEMENT;
  const overdue = now >= ESTIMATE_BY_MS || worked / s.total >= ESTIMATE_BY_FRACTION;
  const trusted = (!s.provisional && ((measured !== null && w >= TRUSTED_WEIGHT) || agrees)) || overdue;
  return trusted ? { kind: 'left', ms: (s.total - worked) * rate } : { kind: 'estimating' };
}

/** Work clock of a run at `now`: time since it started, its pauses left out. */
export function workClock(
  run: {
    readonly startedAt: number;
    readonly pausedMs?: number;
    readonly paused?: boolean;
    readonly pausedAt?: number;
  },
  now: number,
): number {
  const pausedNow = run.paused && run.pausedAt !== undefined ? now - run.pausedAt : 0;
  return now - run.startedAt - (run.pausedMs ?? 0) - pausedNow;
}

type ClockedRun = Parameters<typeof workClock>[0] & { readonly eta?: EtaState };

/**
 * A run's time left at `now` (performance.now()), as every panel shows it.
 * Never measured at a time before the latest report: a display clock that
 * lags behind the reports must not make the work look faster than it is.
 */
export function runEta(run: ClockedRun, now: number): Eta {
  return estimateEta(run.eta, Math.max(workClock(run, now), run.eta?.at ?? 0));
}

/** The words every panel shows for an estimate. Work that remains is never "<1 s". */
export function formatEta(eta: Eta): string {
  switch (eta.kind) {
    case 'estimating':
      return 'estimating…';
    case 'finishing':
      return 'finishing…';
    case 'left':
      return `about ${formatDuration(Math.max(1000, eta.ms))} left`;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return '<1 s';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  // Past an hour the seconds are noise: "1 h 05 min", "26 h 40 min".
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const min = Math.round(s / 60);
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}
