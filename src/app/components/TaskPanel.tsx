import { currentJob, jobProblem, setTask, startJob } from '../studio';
import { useShallow } from 'zustand/react/shallow';
import { activeRun, useStudio, type StudioState } from '../store';
import { FEATURE_SETTINGS, TASK_IDS, TASKS, type FeatureSettings, type TaskId } from '../../features';
import { TASK_ENGINES } from '../../jobs/kindInfo';
import { kindOf } from '../../jobs/jobKinds';
import { TASK_FORMS } from '../taskForms';
import { useRef, type KeyboardEvent } from 'react';
import { ImageFileInput } from './ImageSlotPicker';

/** The chosen task's form, from its feature folder (src/app/taskForms.ts). */
function TaskFields({ s }: { s: StudioState }) {
  const Form = TASK_FORMS.forms[s.task];
  return <Form s={s} />;
}

const SETTINGS_KEYS = Object.keys(FEATURE_SETTINGS) as (keyof FeatureSettings)[];
const featureSettingsOf = (st: StudioState) =>
  Object.fromEntries(SETTINGS_KEYS.map((k) => [k, st[k]])) as unknown as FeatureSettings;

/** What the form and the Run bar read: streaming scales must not re-render them. */
function useTaskForm() {
  const picked = useStudio(
    useShallow((st) => ({
      task: st.task,
      source: st.source,
      ...featureSettingsOf(st),
      extras: st.extras,
      nextModelId: st.nextModelId,
      models: st.models,
      selectedModelId: st.selectedModelId,
      busy: Boolean(activeRun(st)),
    })),
  );
  const s = { ...useStudio.getState(), ...picked };
  const job = currentJob(s);
  return { s, busy: picked.busy, problem: jobProblem(job, s), needsSource: kindOf(job).needs(job).source };
}

/** Arrow keys move between tasks as in any radio group; only the chosen task is a Tab stop, so Tab goes on to its fields. */
function onTaskKey(e: KeyboardEvent<HTMLDivElement>, current: TaskId): void {
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
  const i = TASK_IDS.indexOf(current);
  const next =
    step !== undefined
      ? TASK_IDS[(i + step + TASK_IDS.length) % TASK_IDS.length]
      : e.key === 'Home'
        ? TASK_IDS[0]
        : e.key === 'End'
          ? TASK_IDS.at(-1)!
          : null;
  if (!next) return;
  e.preventDefault();
  setTask(next);
  e.currentTarget.querySelector<HTMLElement>(`[data-testid="task-${next}"]`)?.focus();
}

export function TaskPanel() {
  const { s } = useTaskForm();
  const task = TASKS[s.task];
  return (
    <section className="panel task-panel" aria-label="Task">
      <h2 id="task-heading">Task</h2>
      <div
        role="radiogroup"
        aria-labelledby="task-heading"
        className="task-groups"
        onKeyDown={(e) => onTaskKey(e, s.task)}
      >
        {TASK_ENGINES.map((engine) => (
          <div key={engine} className="task-group" role="group" aria-label={engine}>
            <h3 aria-hidden="true">{engine}</h3>
            <div className="task-grid">
              {TASK_IDS.filter((id) => TASKS[id].engine === engine).map((id) => (
                <button
                  key={id}
                  type="button"
                  role="radio"
                  aria-checked={s.task === id}
                  aria-label={`${engine}: ${TASKS[id].label}`}
                  tabIndex={s.task === id ? 0 : -1}
                  className={`task-chip ${s.task === id ? 'task-active' : ''}`}
                  data-testid={`task-${id}`}
                  title={TASKS[id].blurb}
                  onClick={() => setTask(id)}
                >
                  {TASKS[id].label}
                </button>
              ))}
            </div>
          </div>
        ))}
      </div>
      <p className="hint task-blurb">{task.blurb}</p>
      <h2>Parameters</h2>
      <TaskFields s={s} />
    </section>
  );
}

/**
 * The task's Run button, pinned to the edge of the side column: the fields
 * above it may scroll, the action may not. What keeps it disabled is said
 * here, beside it, where it stays in view too.
 */
export function RunBar() {
  const { s, busy, problem, needsSource } = useTaskForm();
  const task = TASKS[s.task];
  const noSource = !s.source && needsSource;
  const wanted = task.needsImage && !s.extras[task.needsImage.slot] ? task.needsImage : null;
  return (
    <div className="run-bar" data-testid="run-bar">
      {problem && !noSource && (
        <p className="field-error" id="run-problem" data-testid="param-error">
          {problem}
        </p>
      )}
      {problem && !noSource && wanted && <OpenWantedImage slot={wanted.slot} label={wanted.label} />}
      {noSource && (
        <p className="hint" id="run-problem">
          Open an image first.
        </p>
      )}
      <button
        type="button"
        className="primary"
        data-testid="run-job"
        disabled={noSource || busy || Boolean(problem)}
        aria-describedby={problem || noSource ? 'run-problem' : undefined}
        onClick={() => startJob()}
      >
        {task.action}
      </button>
    </div>
  );
}

/**
 * Opens the image a task is missing straight from the Run bar, where its
 * message is, then brings the slot in the form into view so the user sees
 * where it went.
 */
function OpenWantedImage({ slot, label }: NonNullable<(typeof TASKS)[TaskId]['needsImage']>) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" data-testid="run-open-image" onClick={() => input.current?.click()}>
        Open {label}…
      </button>
      <ImageFileInput
        slot={slot}
        input={input}
        testId="run-open-image-input"
        onOpened={() => document.querySelector(`[data-testid="slot-${slot}"]`)?.scrollIntoView?.({ block: 'nearest' })}
      />
    </>
  );
}
