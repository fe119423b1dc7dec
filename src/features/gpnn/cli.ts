/** GPNN's commands: `gpnn <task>` (cliGpnn.ts) and its engine for `animate gpnn` (cliAnimate.ts). */
import { DEFAULT_GPNN } from '../../engine/gpnn/gpnnParams';
import { fail } from '../../../scripts/cli/args';
import type { CliCommand, FeatureCli } from '../../../scripts/cli/command';
import { animateGpnn } from './cliAnimate';
import { gpnn } from './cliGpnn';
import { GPNN_TASKS, type GpnnCliTask } from './cliOptions';

const gpnnCommand: CliCommand = {
  name: 'gpnn',
  tasks: GPNN_TASKS,
  usage: [`  npm run cli -- gpnn <${GPNN_TASKS.join('|')}> --input IMG [options]`],
  help: [
    'Inputs',
    '  --input IMG            source image (content image for analogies, first image of a collage)',
    '  --input2 IMG           structure image (analogy) or next collage image; --input3, --input4 for more collage images',
    '  --mask PNG             retarget: red = remove, green = keep; inpaint: red = the hole (other colours = rough fill)',
    '  --height H             work at this image height (the input is downscaled, aspect kept; default: longer side ≤ 256)',
    'Task',
    '  --samples K            random samples to make (default 1); --seed S is the first seed (default 1)',
    '  --target-height H, --target-width W   retarget output size in px (default: the working size, width ×1.5)',
    '  --blend whole|seam     collage: rebuild the whole pictures from the coarsest scale (default), or keep each',
    '                         picture and rebuild only the seams between them',
    '  --nn auto|exact|patchmatch  nearest-neighbour search (default auto: the device is timed once, then exact search',
    '                         where a whole output takes about 15 s, PatchMatch otherwise); --pm-rounds R (default 4)',
    "  --patch P --alpha A --sigma S --coarse C --iterations T --distance l2|sq   GPNN parameters (paper defaults; retarget's and collage's --alpha is their own, default 1; analogy's --alpha and --coarse are its own, default 1 and 28)",
    "  --fine-alpha A         samples: completeness at the fine levels, where the layout is set (default 1; = --alpha for the paper's schedule)",
    `  --fine-vote median|mean  how a fine level's pixel takes its value from the patches covering it (default ${DEFAULT_GPNN.fineVote}; mean = the paper's)`,
    '  --coarse-shape square|aspect   the coarsest level squeezed square as in the reference code (default), or keeping the aspect ratio',
    '  --backend auto|webgpu|wasm|cpu  compute backend (default auto: WebGPU on a hardware GPU,',
    '                         else WebAssembly on the CPU; each falls back with the reason in the report)',
    'Output',
    '  --out PNG              output file; with several samples, -<seed> is added before .png (default: out/<task>.png)',
    '  --report FILE          JSON report: sizes, per-scale timings, backend/adapter, largest GPU buffer total',
  ],
  run([task], flags) {
    if (!GPNN_TASKS.includes(task as GpnnCliTask)) fail(`gpnn needs a task: ${GPNN_TASKS.join(', ')}`);
    return gpnn(task as GpnnCliTask, flags);
  },
};

export const cli: FeatureCli = { commands: [gpnnCommand], animations: [animateGpnn] };
