import type { ResampleStep } from '../image/resample';
import { pyramidPlan, scaledShapes, type Shape } from '../pyramid/pyramidShape';
import type { GpnnParams } from './gpnnParams';
import { formatSize } from '../image/formatSize';

/** Source and output pyramid shapes for one GPNN run; index k is level k (0 = finest). */
export interface GpnnPlan {
  readonly depth: number;
  readonly source: readonly Shape[];
  readonly output: readonly Shape[];
  /** How source level k is made from level k−1 (empty for level 0). */
  readonly sourceSteps: readonly (readonly ResampleStep[])[];
}

export class GpnnInputError extends Error {
  override name = 'GpnnInputError';
}

/**
 * The source pyramid is the reference code's (pyramidPlan); the output
 * pyramid has the same depth, each level the source level scaled by the
 * output's factors, so retargeting changes the canvas at every level in
 * proportion. Every level of both pyramids must hold at least one patch.
 */
export function planGpnn(source: Shape, output: Shape, p: GpnnParams): GpnnPlan {
  const levels = pyramidPlan(source[0], source[1], p);
  const depth = levels.length - 1;
  const src = levels.map((l) => l.shape);
  const out = scaledShapes(src, output);
  const [ch, cw] = src[depth];
  const [oh, ow] = out[depth];
  if (Math.min(ch, cw, oh, ow) < p.patchSize) {
    throw new GpnnInputError(
      `The coarsest level would be ${formatSize(Math.min(cw, ow), Math.min(ch, oh))} px, smaller than a ${p.patchSize}×${p.patchSize} patch: ` +
        'use a larger image or output, a larger coarsest size, or a smaller patch.',
    );
  }
  return { depth, source: src, output: out, sourceSteps: levels.map((l) => l.steps) };
}
