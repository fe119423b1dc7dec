import type { ImageOps } from '../image/imageOps';
import type { RgbImage } from '../image/rgbImage';
import { pyramidShapes, type PyramidParams } from './pyramidShape';

export interface PyramidCallbacks {
  readonly signal?: AbortSignal;
  /** Called as each level is ready, finest (0) first; awaited so the caller can stream it out. */
  readonly onLevel?: (level: number, image: RgbImage, depth: number) => void | Promise<void>;
}

/**
 * Gaussian pyramid: every level is computed from the source itself (blur +
 * downscale by ratio^k), not from the previous level, so errors never compound
 * and each level is independent of the others.
 */
export async function buildPyramid(
  ops: ImageOps,
  source: RgbImage,
  params: PyramidParams,
  { signal, onLevel }: PyramidCallbacks = {},
): Promise<RgbImage[]> {
  const shapes = pyramidShapes(source.height, source.width, params);
  const depth = shapes.length - 1;
  const levels: RgbImage[] = [];
  for (let k = 0; k <= depth; k++) {
    signal?.throwIfAborted();
    const [h, w] = shapes[k];
    const img = k === 0 ? source : await ops.gaussianDownscale(source, h, w);
    signal?.throwIfAborted();
    levels.push(img);
    await onLevel?.(k, img, depth);
  }
  return levels;
}
