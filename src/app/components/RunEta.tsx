import { useSyncExternalStore } from 'react';
import { formatEta, runEta } from '../eta';
import type { Run } from '../store';

/**
 * One clock for every place that shows a run's time left, ticking while any
 * of them is live, so the status bar and a panel always show the same words.
 * Its timer depends on nothing that changes with each progress report: a
 * timer restarted on every report never fires when reports come faster than
 * it, and a clock read from it then stays where it was (which once showed
 * "<1 s left" for half a minute).
 */
const TICK_MS = 500;
let now = performance.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = performance.now();
    timer = setInterval(() => {
      now = performance.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const noSubscription = () => () => {};
const snapshot = () => now;

/** The run's time left in words ("about 40 s left", "estimating…"), the same wherever it is shown; null when none applies. */
export function useRunEta(run: Run | undefined): string | null {
  const live = !!run && run.status === 'running' && !run.paused;
  const clock = useSyncExternalStore(live ? subscribe : noSubscription, snapshot);
  if (!run || !live) return null;
  return formatEta(runEta(run, clock));
}
