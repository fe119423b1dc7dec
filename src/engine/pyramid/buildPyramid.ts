import type { ImageOps } from '../image/imageOps';
import { applyResampleSteps } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';
import { pyramidPlan, type PyramidParams } from './pyramidShape';

export interface PyramidCallbacks {
  readonly signal?: AbortSignal;
  /** Called as each level is ready, finest (0) first; awaited so the caller can stream it out. */
  readonly onLevel?: (level: number, image: RgbImage, depth: number) => void | Promise<void>;
}

/**
 * The Gaussian pyramid of `pyramidPlan`: each level made from the one before
 * (the reference code's compounding blur), on whichever ImageOps runs.
 */
export async function buildPyramid(
  ops: ImageOps,
  source: RgbImage,
  params: PyramidParams,
  { signal, onLevel }: PyramidCallbacks = {},
): Promise<RgbImage[]> {
  const plan = pyramidPlan(source.height, source.width, params);
  const depth = plan.length - 1;
  const levels: RgbImage[] = [];
  for (let k = 0; k <= depth; k++) {
    signal?.throwIfAborted();
    const img = k === 0 ? source : await ops.resample(levels[k - 1], plan[k].steps);
    signal?.throwIfAborted();
    levels.push(img);
    await onLevel?.(k, img, depth);
  }
  return levels;
}

/** The same pyramid on the CPU, synchronously (masks, metrics, tests). */
export function buildPyramidOnCpu(source: RgbImage, params: PyramidParams): RgbImage[] {
  const levels: RgbImage[] = [];
  for (const [k, level] of pyramidPlan(source.height, source.width, params).entries()) {
    levels.push(k === 0 ? source : applyResampleSteps(levels[k - 1], level.steps));
  }
  return levels;
}
