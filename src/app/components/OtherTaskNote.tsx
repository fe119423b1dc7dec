import { recipeViewOf, TASKS } from '../../features';
import { setTask } from '../studio';
import { useStudio, type Run } from '../store';

/**
 * The viewer keeps showing the chosen result when the user picks another
 * task; without a word, a Retarget result under "Structural analogy" reads as
 * the analogy. Says whose result it is and offers the way back to its task.
 */
export function OtherTaskNote({ run }: { readonly run: Run }) {
  const task = useStudio((s) => s.task);
  const job = run.recipeBase?.job;
  const runTask = job ? recipeViewOf(job, useStudio.getState())?.task : undefined;
  if (!runTask || runTask === task || run.status === 'running') return null;
  return (
    <p className="hint other-task-note" data-testid="other-task-note">
      This is a {TASKS[runTask].label} result; {TASKS[task].label}&apos;s appears here when you press{' '}
      {TASKS[task].action}.{' '}
      <button type="button" className="link" onClick={() => setTask(runTask)}>
        Back to {TASKS[runTask].label}
      </button>
    </p>
  );
}
