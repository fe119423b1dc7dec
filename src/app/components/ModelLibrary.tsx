import { useRef } from 'react';
import { deleteModel, exportModel, importModel, resumeTraining, selectModel } from '../singanActions';
import { activeRun, useStudio } from '../store';
import { formatDuration } from '../eta';
import { formatSize } from '../../engine/image/formatSize';

/**
 * Stored SinGAN models (kept in the browser after every finished scale): pick
 * the one the SinGAN tasks use, resume an unfinished training, export a model
 * file or import one.
 */
export function ModelLibrary() {
  const models = useStudio((s) => s.models);
  const selected = useStudio((s) => s.selectedModelId);
  const busy = useStudio((s) => Boolean(activeRun(s)));
  const input = useRef<HTMLInputElement>(null);
  return (
    <section className="panel models-panel" aria-label="Models">
      <h2>
        Models <small>SinGAN, stored in this browser</small>
      </h2>
      {models === null ? (
        <p className="hint">Reading stored models…</p>
      ) : models.length === 0 ? (
        <p className="hint" data-testid="models-empty">
          No models yet. Train one (SinGAN → Train, or GIF → GIF → Train on a GIF) or import a .singan file.
        </p>
      ) : (
        <ul className="models" data-testid="models">
          {models.map((m) => {
            const unfinished = m.scalesDone < m.scales;
            return (
              <li
                key={m.id}
                className={`model ${m.id === selected ? 'model-selected' : ''}`}
                data-testid="model"
                data-model-id={m.id}
                data-scales-done={m.scalesDone}
                data-kind={m.sequence ? 'gif2gif' : 'singan'}
              >
                <label className="model-pick">
                  <input
                    type="radio"
                    name="model"
                    checked={m.id === selected}
                    onChange={() => selectModel(m.id)}
                    data-testid="model-pick"
                  />
                  <span>
                    <strong>{m.name}</strong>
                    <small data-testid="model-info">
                      {m.sequence
                        ? `GIF → GIF · ${m.sequence.variant}${m.sequence.motion ? ` (motion ${m.sequence.motion} px)` : ''} · ${m.sequence.frames} frames of `
                        : ''}
                      {formatSize(m.imageShape[1], m.imageShape[0])} px · {m.scalesDone}/{m.scales} scales
                      {unfinished ? ' (unfinished)' : ''} · {formatDuration(m.trainingMs)} ·{' '}
                      {(m.bytes / 1024).toFixed(0)} KB
                    </small>
                  </span>
                </label>
                <span className="row">
                  {unfinished && m.hasImage && (
                    <button
                      type="button"
                      data-testid="model-resume"
                      disabled={busy}
                      onClick={() => resumeTraining(m.id)}
                    >
                      Resume training
                    </button>
                  )}
                  <button type="button" data-testid="model-export" onClick={() => exportModel(m.id)}>
                    Export
                  </button>
                  <button
                    type="button"
                    data-testid="model-delete"
                    disabled={busy}
                    onClick={() =>
                      window.confirm(`Delete the model "${m.name}" from this browser?`) && deleteModel(m.id)
                    }
                  >
                    Delete
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" onClick={() => input.current?.click()} data-testid="model-import">
        Import model…
      </button>
      <input
        ref={input}
        type="file"
        accept=".singan,application/octet-stream"
        hidden
        data-testid="model-import-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) importModel(file);
          e.currentTarget.value = '';
        }}
      />
    </section>
  );
}
