import { antialiasedResizeSteps, pyramidReduceSteps, type ResampleStep } from '../image/resample';

/**
 * Pyramid geometry (docs/algorithms.md, "Gaussian pyramid"), built the way the reference GPNN code
 * builds it (skimage's `pyramid_gaussian`): level k is level k−1 blurred and
 * shrunk by R, its sides ceil(side/R), so the blur compounds from level to
 * level; the coarsest level is the level above resized so that its shorter
 * side is exactly coarseDim. Level 0 is the source, level `depth` the
 * coarsest. Shapes are always [height, width].
 */
export interface PyramidParams {
  /** Scale ratio R between neighbouring levels (> 1). */
  readonly ratio: number;
  /** Shorter side of the coarsest level. */
  readonly coarseDim: number;
  /** The coarsest level squeezed to coarseDim × coarseDim as the reference code does (the default), or keeping the aspect ratio. */
  readonly coarseShape?: CoarseShape;
}

export type CoarseShape = 'square' | 'aspect';

export const DEFAULT_PYRAMID: PyramidParams = { ratio: 4 / 3, coarseDim: 14 };

export type Shape = readonly [height: number, width: number];

export function validatePyramidParams(p: PyramidParams): string | null {
  if (!Number.isFinite(p.ratio) || p.ratio <= 1.01 || p.ratio > 4) return 'Scale ratio must be between 1.01 and 4.';
  if (!Number.isInteger(p.coarseDim) || p.coarseDim < 7 || p.coarseDim > 512) {
    return 'Coarsest size must be a whole number between 7 and 512 px.';
  }
  return null;
}

/** n = ceil(log(min(H,W)/coarseDim) / log(R)); 0 when the image is already at or below coarseDim. */
export function pyramidDepth(height: number, width: number, p: PyramidParams): number {
  const minSide = Math.min(height, width);
  if (minSide <= p.coarseDim) return 0;
  const exact = Math.log(minSide / p.coarseDim) / Math.log(p.ratio);
  // Guard against log round-off turning an exact integer into the next one.
  return Math.ceil(exact - 1e-9);
}

/**
 * The coarsest level's shape: coarseDim × coarseDim, squeezed as the
 * reference code does, or with the shorter side coarseDim and the source's
 * aspect ratio kept (docs/algorithms.md, "Coarsest shape (squeezed square
 * or aspect)" has the measurements behind the default).
 */
export function coarsestShape(height: number, width: number, coarseDim: number, shape: CoarseShape = 'square'): Shape {
  if (shape === 'square') return [coarseDim, coarseDim];
  if (height <= width) return [coarseDim, Math.max(coarseDim, Math.round((coarseDim * width) / height))];
  return [Math.max(coarseDim, Math.round((coarseDim * height) / width)), coarseDim];
}

/** One level of the plan: its shape and the resampling passes that make it from the level before. */
export interface PyramidLevelPlan {
  readonly shape: Shape;
  /** Empty for level 0 (the source itself). */
  readonly steps: readonly ResampleStep[];
}

/**
 * Every level's shape and how it is made: reduce steps (σ = 2R/6 blur, then
 * bilinear to ceil(side/R)) down to level depth−1, then an anti-aliased
 * resize to the coarsest shape. The CPU and GPU builders both run exactly
 * these passes.
 */
export function pyramidPlan(height: number, width: number, p: PyramidParams): PyramidLevelPlan[] {
  const n = pyramidDepth(height, width, p);
  const levels: PyramidLevelPlan[] = [{ shape: [height, width], steps: [] }];
  for (let k = 1; k <= n; k++) {
    const [h, w] = levels[k - 1].shape;
    if (k < n) {
      const next: Shape = [Math.ceil(h / p.ratio), Math.ceil(w / p.ratio)];
      levels.push({ shape: next, steps: pyramidReduceSteps(next[0], next[1], p.ratio) });
    } else {
      const next = coarsestShape(height, width, p.coarseDim, p.coarseShape ?? 'square');
      levels.push({ shape: next, steps: antialiasedResizeSteps(h, w, next[0], next[1]) });
    }
  }
  return levels;
}

/** Shapes of levels 0 (finest, the source) … depth (coarsest). */
export function pyramidShapes(height: number, width: number, p: PyramidParams): Shape[] {
  return pyramidPlan(height, width, p).map((l) => l.shape);
}

/**
 * An output pyramid for an output of another size (retargeting, analogies):
 * each source level scaled by the same factors, so level 0 is exactly the
 * output and every level keeps the source pyramid's relative scale.
 */
export function scaledShapes(source: readonly Shape[], output: Shape): Shape[] {
  const [sh, sw] = source[0];
  const [oh, ow] = output;
  return source.map(([h, w], k) =>
    k === 0 ? output : [Math.max(1, Math.round((h * oh) / sh)), Math.max(1, Math.round((w * ow) / sw))],
  );
}
