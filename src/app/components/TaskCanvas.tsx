import type { ReactElement } from 'react';
import { setEdit, setMask } from '../studio';
import { useStudio } from '../store';
import type { TaskId } from '../taskIds';
import { MaskEditor } from './MaskEditor';
import { REGION_KEYS_HINT, RegionMover } from './RegionMover';

const CANVAS_TASKS: readonly TaskId[] = ['gpnn-retarget', 'gpnn-inpaint', 'gpnn-edit'];

/** Whether the task paints or drags on the source: then its editor takes the place beside the output. */
export function taskHasCanvas(task: TaskId): boolean {
  return CANVAS_TASKS.includes(task);
}

/** The task's own editor over the source image (masks, region moves), in the main area where there is room to paint. */
export function TaskCanvas() {
  const task = useStudio((s) => s.task);
  const source = useStudio((s) => s.source);
  const masks = useStudio((s) => s.masks);
  const edit = useStudio((s) => s.edit);
  if (!source) return null;
  let title: string;
  let body: ReactElement;
  switch (task) {
    case 'gpnn-retarget':
      title = 'Keep / remove mask (optional)';
      body = (
        <MaskEditor
          image={source.working}
          value={masks.retarget}
          onChange={(m) => setMask('retarget', m)}
          tools={['keep', 'remove']}
          testId="retarget-mask"
        />
      );
      break;
    case 'gpnn-inpaint':
      title = 'Hole to fill';
      body = (
        <MaskEditor
          image={source.working}
          value={masks.inpaint}
          onChange={(m) => setMask('inpaint', m)}
          tools={['hole', 'colour']}
          testId="inpaint-mask"
        />
      );
      break;
    case 'gpnn-edit':
      title = 'Rough edit: select a region, then drag it';
      body = (
        <>
          <RegionMover image={source.working} value={edit} onChange={(v) => setEdit(v)} />
          <p className="hint">{REGION_KEYS_HINT}</p>
        </>
      );
      break;
    default:
      return null;
  }
  // As wide as the column allows, but never so tall that the tools below the picture leave the screen.
  const aspect = source.working.width / source.working.height;
  return (
    <section className="panel canvas-panel" aria-label={title}>
      <h2>{title}</h2>
      <div
        className="canvas-frame"
        style={{ maxWidth: `min(100%, max(280px, calc(var(--picture-max-h) * ${aspect.toFixed(4)})))` }}
      >
        {body}
      </div>
    </section>
  );
}
