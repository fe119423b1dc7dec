import type { TaskId } from '../../features';
import { useStudio } from '../store';
import { TASK_FORMS } from '../taskForms';

/** Whether the task paints or drags on the source: then its editor takes the place beside the output. */
export function taskHasCanvas(task: TaskId): boolean {
  return Boolean(TASK_FORMS.canvases?.[task]);
}

/** The task's own editor over the source image (masks, region moves), in the main area where there is room to paint. */
export function TaskCanvas() {
  const task = useStudio((s) => s.task);
  const source = useStudio((s) => s.source);
  const canvas = TASK_FORMS.canvases?.[task];
  if (!source || !canvas) return null;
  // As wide as the column allows, but never so tall that the tools below the picture leave the screen.
  const aspect = source.working.width / source.working.height;
  return (
    <section className="panel canvas-panel" aria-label={canvas.title}>
      <h2>{canvas.title}</h2>
      <div
        className="canvas-frame"
        style={{ maxWidth: `min(100%, max(280px, calc(var(--picture-max-h) * ${aspect.toFixed(4)})))` }}
      >
        <canvas.Editor source={source} />
      </div>
    </section>
  );
}
