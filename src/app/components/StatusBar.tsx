import { JOB_KINDS } from '../../jobs/jobKinds';
import { cancelActiveJob, restartEngine, waitForEngine } from '../studio';
import { setJobPaused } from '../singanActions';
import { activeRun, useStudio, type EngineStatus } from '../store';
import { formatDuration } from '../eta';
import { useRunEta } from './RunEta';

/**
 * A running job has kept the engine silent for longer than its kind expects.
 * A slow machine looks the same as a hung one from here, so the user decides:
 * waiting keeps the work in progress, restarting throws it away.
 */
function EngineSilence() {
  const seconds = useStudio((s) => s.engine.silentFor);
  if (seconds === null) return null;
  return (
    <div className="engine-silence" role="alert" data-testid="engine-silent">
      The engine has not answered for {seconds} s. It may only be busy (a slow or loaded machine); restarting stops the
      job.
      <button type="button" onClick={waitForEngine} data-testid="engine-wait">
        Wait
      </button>
      <button type="button" onClick={restartEngine} data-testid="engine-restart">
        Restart
      </button>
    </div>
  );
}

/** What the bar says with nothing run yet: "Ready." only once the engine is. */
const IDLE_WORDS: Readonly<Record<EngineStatus, string>> = {
  starting: 'Starting the engine…',
  restarting: 'Restarting the engine…',
  ready: 'Ready.',
  failed: 'The engine could not start.',
};

export function StatusBar() {
  const run = useStudio(activeRun);
  const last = useStudio((s) => s.runs.find((r) => r.purpose === 'result'));
  const eta = useRunEta(run);
  const engine = useStudio((s) => s.engine.status);
  if (!run) {
    return (
      <footer className="status-bar" data-testid="status-bar" data-state="idle">
        <span data-testid="status-text">
          {last
            ? `Last run ${last.status === 'done' ? 'finished' : last.status}${last.elapsedMs !== undefined ? ` in ${formatDuration(last.elapsedMs)}` : ''}.`
            : IDLE_WORDS[engine]}
        </span>
      </footer>
    );
  }
  const { done, total, stage } = run.progress;
  const fraction = total > 0 ? done / total : 0;
  return (
    <footer className="status-bar" data-testid="status-bar" data-state={run.status}>
      <progress max={1} value={fraction} data-testid="progress" aria-label="Progress" />
      <span data-testid="status-text">
        {run.status === 'cancelling' ? 'Cancelling…' : run.paused ? `Paused · ${stage}` : stage} ·{' '}
        {Math.floor(fraction * 100)}%{eta !== null ? ` · ${eta}` : ''}
      </span>
      {JOB_KINDS[run.kind].trains && (
        <button
          type="button"
          onClick={() => setJobPaused(!run.paused)}
          disabled={run.status === 'cancelling'}
          data-testid="pause-job"
        >
          {run.paused ? 'Resume' : 'Pause'}
        </button>
      )}
      <button type="button" onClick={cancelActiveJob} disabled={run.status === 'cancelling'} data-testid="cancel-job">
        Cancel
      </button>
      <EngineSilence />
    </footer>
  );
}
