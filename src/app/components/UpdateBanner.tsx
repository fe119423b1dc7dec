import { applyUpdate } from '../appUpdate';
import { activeRun, useStudio } from '../store';

/** Says when the studio works offline, and offers a newly deployed version (never while a job runs). */
export function UpdateBanner() {
  const offline = useStudio((s) => s.offlineReady);
  const update = useStudio((s) => s.updateReady);
  const busy = useStudio((s) => Boolean(activeRun(s)));
  return (
    <>
      {offline && (
        <span
          className="offline-badge"
          data-testid="offline-ready"
          title="Stored on this device: the studio opens and runs without a network."
        >
          Works offline
        </span>
      )}
      {update && (
        <span className="update-banner" role="status" data-testid="update-ready">
          A new version of the studio is ready.
          <button
            type="button"
            onClick={applyUpdate}
            disabled={busy}
            data-testid="update-reload"
            title={busy ? 'After the running job' : undefined}
          >
            {busy ? 'Reload after the job' : 'Reload'}
          </button>
        </span>
      )}
    </>
  );
}
