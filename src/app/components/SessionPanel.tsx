import { clearSavedSession, deleteOldestResults } from '../session/persistSession';
import { activeRun, resultRuns, useStudio } from '../store';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;

/** Where the session is kept, how much room it takes, and the ways to free it. */
export function SessionPanel() {
  const storage = useStudio((s) => s.storage);
  const busy = useStudio((s) => Boolean(activeRun(s)));
  const results = useStudio((s) => resultRuns(s).filter((r) => r.status === 'done').length);
  return (
    <section className="panel session-panel" aria-label="Session" data-testid="session-panel">
      <h2>Session</h2>
      <p className="hint" data-testid="storage-usage">
        Images, settings, masks and results are kept in this browser and come back after a reload.
        {storage.usage !== null && storage.quota !== null
          ? ` This site stores ${mb(storage.usage)} of the ${mb(storage.quota)} the browser allows${storage.persisted ? '' : ' (the browser may clear it when space runs low)'}.`
          : ''}
      </p>
      {storage.full && (
        <p className="field-error" data-testid="storage-full">
          Storage is full: the newest result is not saved.{' '}
          <button
            type="button"
            onClick={() => void deleteOldestResults()}
            disabled={results === 0}
            data-testid="delete-oldest"
          >
            Delete the oldest results
          </button>
        </p>
      )}
      <button
        type="button"
        data-testid="clear-session"
        disabled={busy}
        onClick={() => {
          if (
            confirm(
              'Clear the session? The loaded images, settings, masks and every result are deleted from this browser. Trained models are kept.',
            )
          )
            void clearSavedSession();
        }}
      >
        Clear session
      </button>
    </section>
  );
}
