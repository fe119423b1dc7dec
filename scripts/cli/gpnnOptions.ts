import { DEFAULT_GPNN, type GpnnParams } from '../../src/engine/gpnn/gpnnParams';
import { fail, num, type Flags } from './args';

/** GPNN parameters from the options every GPNN command shares (gpnn <task>, animate gpnn). */
export function gpnnParams(values: Flags): GpnnParams {
  const nn = values.nn ?? 'auto';
  if (nn !== 'auto' && nn !== 'exact' && nn !== 'patchmatch')
    fail(`--nn must be auto, exact or patchmatch, got "${nn}"`);
  const distance = values.distance ?? DEFAULT_GPNN.distance;
  if (distance !== 'l2' && distance !== 'sq') fail(`--distance must be l2 or sq, got "${distance}"`);
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
    coarseShape,
  };
}
