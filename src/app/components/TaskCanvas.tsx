import type { ReactElement } from 'react';
import { setEdit, setMask } from '../studio';
import { useStudio } from '../store';
import { MaskEditor } from './MaskEditor';
import { RegionMover } from './RegionMover';

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
      body = <MaskEditor image={source.working} value={masks.retarget} onChange={(m) => setMask('retarget', m)} tools={['keep', 'remove']} testId="retarget-mask" />;
      break;
    case 'gpnn-inpaint':
      title = 'Hole to fill';
      body = <MaskEditor image={source.working} value={masks.inpaint} onChange={(m) => setMask('inpaint', m)} tools={['hole', 'colour']} testId="inpaint-mask" />;
      break;
    case 'gpnn-edit':
      title = 'Rough edit: select a region, then drag it';
      body = <RegionMover image={source.working} value={edit} onChange={(v) => setEdit(v)} />;
      break;
    default:
      return null;
  }
  return (
    <section className="panel canvas-panel" aria-label={title}>
      <h2>{title}</h2>
      <div className="canvas-frame">{body}</div>
    </section>
  );
}
