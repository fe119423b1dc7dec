import { useMemo } from 'react';
import { JOB_KINDS } from '../../jobs/jobKinds';
import { selectRun } from '../studio';
import { resultRuns, useStudio } from '../store';
import { PixelCanvas } from './PixelCanvas';

const STATUS_TEXT = {
  running: 'running',
  cancelling: 'cancelling…',
  done: 'done',
  cancelled: 'cancelled',
  error: 'failed',
} as const;

/** Every run of this session, by the number it keeps across reloads; picking one shows its scales in the strip. */
export function ResultsGallery() {
  const all = useStudio((s) => s.runs);
  const runs = useMemo(() => resultRuns({ runs: all }), [all]);
  const selected = useStudio((s) => s.selectedRunId);
  return (
    <section className="panel gallery-panel" aria-label="Results">
      <h2>Results</h2>
      {runs.length === 0 ? (
        <p className="hint">Finished runs collect here.</p>
      ) : (
        <ul className="gallery" data-testid="gallery">
          {runs.map((r) => {
            const finest =
              r.outputs[0] ??
              r.scales.reduce<(typeof r.scales)[number] | null>(
                (best, s) => (!best || s.level < best.level ? s : best),
                null,
              );
            return (
              <li key={r.id}>
                <button
                  type="button"
                  className={`result ${selected === r.id ? 'result-selected' : ''}`}
                  data-testid="result"
                  data-status={r.status}
                  onClick={() => selectRun(r.id)}
                >
                  {finest ? (
                    <PixelCanvas pixels={finest.pixels} className="result-thumb" />
                  ) : (
                    <span className="result-thumb empty" />
                  )}
                  <span className="result-text">
                    <strong>{r.title}</strong>
                    <small>
                      #{r.id} · {STATUS_TEXT[r.status]} ·{' '}
                      {JOB_KINDS[r.kind].shows === 'levels'
                        ? `${r.scales.length} levels`
                        : `${r.outputs.length}/${r.expectedOutputs} outputs`}
                      {r.elapsedMs !== undefined ? ` · ${(r.elapsedMs / 1000).toFixed(2)} s` : ''}
                    </small>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
