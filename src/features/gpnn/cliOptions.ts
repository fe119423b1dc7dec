/** What `gpnn <task>` and `animate gpnn` read from the command line: the tasks and the GPNN parameters. */
import { DEFAULT_GPNN, type GpnnParams } from '../../engine/gpnn/gpnnParams';
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
