/** What GPNN's tasks call their results: run titles, output labels, progress stages. */
import type { GpnnTaskSpec } from '../../engine/gpnn/gpnnTask';
import { formatSize } from '../../engine/image/formatSize';

/** What each GPNN task calls its result: run titles and output labels. */
export const GPNN_TASK_NOUNS: Readonly<Record<GpnnTaskSpec['kind'], string>> = {
  sample: 'sample',
  retarget: 'retarget',
  analogy: 'structural analogy',
  inpaint: 'inpainting',
  collage: 'collage',
  edit: 'edit',
};

/** The label of one finished GPNN output, as the gallery and the CLI's report show it. */
export function gpnnOutputLabel(
  task: GpnnTaskSpec,
  output: number,
  shape: { height: number; width: number },
  seed: number | null,
): string {
  const size = formatSize(shape.width, shape.height);
  switch (task.kind) {
    case 'sample':
      return `Sample ${output + 1} · seed ${seed}`;
    case 'retarget':
      return `Retargeted ${size}`;
    case 'analogy':
      return `Analogy ${size}`;
    case 'inpaint':
      return `Inpainted ${size}`;
    case 'collage':
      return `Collage ${size}`;
    case 'edit':
      return `Edited ${size}`;
  }
}

/** The stage name of a GPNN output in progress ("Sample 2/4 · level 3 …"). */
export function gpnnStageName(task: GpnnTaskSpec, output: number, outputs: number): string {
  if (task.kind === 'sample') return `Sample ${output + 1}/${outputs}`;
  const noun = GPNN_TASK_NOUNS[task.kind];
  return noun[0].toUpperCase() + noun.slice(1);
}
