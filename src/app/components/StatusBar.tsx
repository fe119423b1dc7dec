import { useEffect, useState } from 'react';
import { cancelActiveJob } from '../studio';
import { activeRun, useStudio } from '../store';
import { estimateRemainingMs, formatDuration } from '../eta';

export function StatusBar() {
  const run = useStudio(activeRun);
  const last = useStudio((s) => s.runs[0]);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!run) return;
    const t = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(t);
  }, [run]);
  if (!run) {
    return (
      <footer className="status-bar" data-testid="status-bar" data-state="idle">
        <span data-testid="status-text">
          {last ? `Last run ${last.status === 'done' ? 'finished' : last.status}${last.elapsedMs !== undefined ? ` in ${formatDuration(last.elapsedMs)}` : ''}.` : 'Ready.'}
        </span>
      </footer>
    );
  }
  const { done, total, stage } = run.progress;
  const fraction = total > 0 ? done / total : 0;
  const eta = estimateRemainingMs(done, total, now - run.startedAt);
  return (
    <footer className="status-bar" data-testid="status-bar" data-state={run.status}>
      <progress max={1} value={fraction} data-testid="progress" aria-label="Progress" />
      <span data-testid="status-text">
        {run.status === 'cancelling' ? 'Cancelling…' : stage} · {Math.floor(fraction * 100)}%
        {eta !== null && run.status === 'running' ? ` · about ${formatDuration(eta)} left` : ''}
      </span>
      <button type="button" onClick={cancelActiveJob} disabled={run.status === 'cancelling'} data-testid="cancel-job">
        Cancel
      </button>
    </footer>
  );
}
