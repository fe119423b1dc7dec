/** What `gpnn <task>` and `animate gpnn` read from the command line: the tasks, the GPNN parameters, a mask file. */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { DEFAULT_GPNN, type GpnnParams } from '../../engine/gpnn/gpnnParams';
import { MASK_KEEP, MASK_REMOVE } from '../../engine/gpnn/gpnnTask';
import { VOTINGS, type Voting } from '../../engine/patches/voting';
import { fail, num, type Flags } from '../../../scripts/cli/args';

export const GPNN_TASKS = ['sample', 'retarget', 'analogy', 'inpaint', 'collage'] as const;
export type GpnnCliTask = (typeof GPNN_TASKS)[number];

/** GPNN parameters from the options every GPNN command shares (gpnn <task>, animate gpnn). */
export function gpnnParams(values: Flags): GpnnParams {
  const nn = values.nn ?? 'auto';
  if (nn !== 'auto' && nn !== 'exact' && nn !== 'patchmatch')
    fail(`--nn must be auto, exact or patchmatch, got "${nn}"`);
  const distance = values.distance ?? DEFAULT_GPNN.distance;
  if (distance !== 'l2' && distance !== 'sq') fail(`--distance must be l2 or sq, got "${distance}"`);
  const fineVote = values['fine-vote'] ?? DEFAULT_GPNN.fineVote!;
  if (!VOTINGS.includes(fineVote as Voting)) fail(`--fine-vote must be ${VOTINGS.join(' or ')}, got "${fineVote}"`);
  const coarseShape = values['coarse-shape'] ?? 'square';
  if (coarseShape !== 'aspect' && coarseShape !== 'square')
    fail(`--coarse-shape must be aspect or square, got "${coarseShape}"`);
  return {
    patchSize: num(values.patch, 'patch', DEFAULT_GPNN.patchSize, true),
    alpha: num(values.alpha, 'alpha', DEFAULT_GPNN.alpha),
    sigma: num(values.sigma, 'sigma', DEFAULT_GPNN.sigma),
    coarseDim: num(values.coarse, 'coarse', DEFAULT_GPNN.coarseDim, true),
    ratio: DEFAULT_GPNN.ratio,
    iterations: num(values.iterations, 'iterations', DEFAULT_GPNN.iterations, true),
    distance,
    nn,
    pmRounds: num(values['pm-rounds'], 'pm-rounds', DEFAULT_GPNN.pmRounds, true),
    fineAlpha: num(values['fine-alpha'], 'fine-alpha', DEFAULT_GPNN.fineAlpha!),
    fineVote: fineVote as Voting,
    coarseShape,
  };
}

/** Mask PNG → per-pixel labels at the working size (nearest neighbour), plus the rough colour for inpainting. */
export function readMask(
  path: string,
  height: number,
  width: number,
  task: GpnnCliTask,
): { labels: Uint8Array; colour: Uint8ClampedArray } {
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(path));
  } catch {
    fail(`--mask ${path} is not a readable PNG`);
  }
  const labels = new Uint8Array(height * width);
  const colour = new Uint8ClampedArray(height * width * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sy = Math.min(png.height - 1, Math.floor(((y + 0.5) * png.height) / height));
      const sx = Math.min(png.width - 1, Math.floor(((x + 0.5) * png.width) / width));
      const i = (sy * png.width + sx) * 4;
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a < 128) continue;
      const o = y * width + x;
      if (r > 127 && g < 128 && b < 128) labels[o] = MASK_REMOVE;
      else if (g > 127 && r < 128 && b < 128 && task === 'retarget') labels[o] = MASK_KEEP;
      else if (task === 'inpaint' && (r > 16 || g > 16 || b > 16)) {
        labels[o] = MASK_REMOVE;
        colour.set([r, g, b, 255], o * 4);
      }
    }
  }
  return { labels, colour };
}
