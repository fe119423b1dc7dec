/**
 * Pyramid geometry of ALGORITHMS.md §1. Level k is the source downscaled by
 * ratio^k (geometric, never k·ratio); level 0 is the source, level `depth` the
 * coarsest. Shapes are always [height, width].
 */
export interface PyramidParams {
  /** Scale ratio R between neighbouring levels (> 1). */
  readonly ratio: number;
  /** Target shorter side of the coarsest level. */
  readonly coarseDim: number;
}

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

export function levelShape(height: number, width: number, level: number, ratio: number): Shape {
  const f = Math.pow(ratio, level);
  return [Math.max(1, Math.round(height / f)), Math.max(1, Math.round(width / f))];
}

/** Shapes of levels 0 (finest, the source) … depth (coarsest). */
export function pyramidShapes(height: number, width: number, p: PyramidParams): Shape[] {
  const n = pyramidDepth(height, width, p);
  const shapes: Shape[] = [];
  for (let k = 0; k <= n; k++) shapes.push(levelShape(height, width, k, p.ratio));
  return shapes;
}
