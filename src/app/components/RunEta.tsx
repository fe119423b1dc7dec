import { useEffect, useReducer } from 'react';
import { estimateEta, formatEta, workClock } from '../eta';
import type { Run } from '../store';

/**
 * Re-renders every `everyMs` while `active`. The timer depends on nothing
 * that changes with each progress report: a timer restarted on every report
 * never fires when reports come faster than it, and a clock read from it
 * then stays where it was (which once showed "<1 s left" for half a minute).
 */
function useTicker(active: boolean, everyMs = 500): void {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(tick, everyMs);
    return () => clearInterval(t);
  }, [active, everyMs]);
}

/** The run's time left in words ("about 40 s left", "estimating…"), the same wherever it is shown; null when none applies. */
export function useRunEta(run: Run | undefined): string | null {
  const live = !!run && run.status === 'running' && !run.paused;
  useTicker(live);
  if (!run || !live) return null;
  // Read at render, not kept from the last tick, so a new report is never measured against an old time.
  return formatEta(estimateEta(run.eta, workClock(run, performance.now())));
}
