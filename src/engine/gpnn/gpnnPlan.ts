import { levelShape, pyramidDepth, type Shape } from '../pyramid/pyramidShape';
import type { GpnnParams } from './gpnnParams';

/** Source and output pyramid shapes for one GPNN run; index k is level k (0 = finest). */
export interface GpnnPlan {
  readonly depth: number;
  readonly source: readonly Shape[];
  readonly output: readonly Shape[];
}

export class GpnnInputError extends Error {
  override name = 'GpnnInputError';
}

/**
 * The output pyramid has the source's depth and is geometric in the output
 * size, so retargeting changes the canvas at every level in proportion.
 * Every level of both pyramids must hold at least one patch.
 */
export function planGpnn(source: Shape, output: Shape, p: GpnnParams): GpnnPlan {
  const depth = pyramidDepth(source[0], source[1], p);
  const src: Shape[] = [];
  const out: Shape[] = [];
  for (let k = 0; k <= depth; k++) {
    src.push(levelShape(source[0], source[1], k, p.ratio));
    out.push(levelShape(output[0], output[1], k, p.ratio));
  }
  const [ch, cw] = src[depth];
  const [oh, ow] = out[depth];
  if (Math.min(ch, cw, oh, ow) < p.patchSize) {
    throw new GpnnInputError(
      `The coarsest level would be ${Math.min(ch, oh)}×${Math.min(cw, ow)} px, smaller than a ${p.patchSize}×${p.patchSize} patch: ` +
        'use a larger image or output, a larger coarsest size, or a smaller patch.',
    );
  }
  return { depth, source: src, output: out };
}
