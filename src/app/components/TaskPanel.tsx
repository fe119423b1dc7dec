import { pyramidShapes, validatePyramidParams } from '../../engine/pyramid/pyramidShape';
import { setPyramidParams, startJob } from '../studio';
import { activeRun, useStudio } from '../store';

const TASKS = [{ kind: 'pyramid', label: 'Build pyramid', blurb: 'Gaussian pyramid of the working image (ALGORITHMS.md §1), computed on the GPU and streamed level by level.' }] as const;

export function TaskPanel() {
  const task = useStudio((s) => s.task);
  const pyramid = useStudio((s) => s.pyramid);
  const source = useStudio((s) => s.source);
  const busy = useStudio((s) => Boolean(activeRun(s)));
  const problem = validatePyramidParams(pyramid);
  const shapes = source && !problem ? pyramidShapes(source.working.height, source.working.width, pyramid) : [];
  return (
    <section className="panel task-panel" aria-label="Task">
      <h2>Task</h2>
      <div role="radiogroup" aria-label="Task" className="task-list">
        {TASKS.map((t) => (
          <label key={t.kind} className={`task ${task === t.kind ? 'task-active' : ''}`}>
            <input type="radio" name="task" value={t.kind} checked={task === t.kind} onChange={() => useStudio.setState({ task: t.kind })} />
            <span>
              <strong>{t.label}</strong>
              <small>{t.blurb}</small>
            </span>
          </label>
        ))}
      </div>
      <h2>Parameters</h2>
      <div className="params">
        <label className="field">
          Scale ratio R
          <input
            type="number"
            step="0.01"
            min="1.05"
            max="4"
            value={Number(pyramid.ratio.toFixed(4))}
            data-testid="param-ratio"
            onChange={(e) => setPyramidParams({ ratio: Number(e.currentTarget.value) })}
          />
        </label>
        <label className="field">
          Coarsest side (px)
          <input
            type="number"
            step="1"
            min="7"
            max="512"
            value={pyramid.coarseDim}
            data-testid="param-coarse"
            onChange={(e) => setPyramidParams({ coarseDim: Number(e.currentTarget.value) })}
          />
        </label>
      </div>
      {problem ? (
        <p className="field-error" data-testid="param-error">{problem}</p>
      ) : (
        shapes.length > 0 && (
          <p className="hint" data-testid="pyramid-plan">
            {shapes.length} levels: {shapes.map(([h, w]) => `${h}×${w}`).join(' → ')} (height×width)
          </p>
        )
      )}
      <button
        type="button"
        className="primary"
        data-testid="run-job"
        disabled={!source || busy || Boolean(problem)}
        onClick={() => startJob()}
      >
        Build pyramid
      </button>
    </section>
  );
}
