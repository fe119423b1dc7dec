import { CHANNELS } from '../image/rgbImage';
import { formatSize } from '../image/formatSize';

/**
 * The stride-1 grid of p×p patches of one image, "valid" positions only (the
 * patch never leaves the image). Patch i sits at grid position (y, x) with
 * i = y·gridWidth + x; its vector is the p·p·3 values ordered (dy, dx, channel).
 * The CPU references and the WGSL kernels all index patches this way.
 */
export interface PatchGrid {
  readonly patchSize: number;
  readonly imageHeight: number;
  readonly imageWidth: number;
  readonly gridHeight: number;
  readonly gridWidth: number;
  /** Number of patches, gridHeight·gridWidth. */
  readonly count: number;
  /** Length of one patch vector, p·p·3. */
  readonly elements: number;
}

export const MIN_PATCH_SIZE = 3;
export const MAX_PATCH_SIZE = 11;
export const DEFAULT_PATCH_SIZE = 7;
/** 0xFFFFFFFF in an nn map: this query has no match (inactive, or every key excluded). */
export const NO_MATCH = 0xffffffff;

export function validatePatchSize(patchSize: number): void {
  if (!Number.isInteger(patchSize) || patchSize % 2 === 0 || patchSize < MIN_PATCH_SIZE || patchSize > MAX_PATCH_SIZE) {
    // Odd only: the patch needs a centre pixel, and the fold assumes symmetric coverage.
    throw new RangeError(
      `Patch size must be an odd whole number from ${MIN_PATCH_SIZE} to ${MAX_PATCH_SIZE}, got ${patchSize}`,
    );
  }
}

export function patchGrid(imageHeight: number, imageWidth: number, patchSize: number, what = 'image'): PatchGrid {
  validatePatchSize(patchSize);
  if (!Number.isInteger(imageHeight) || !Number.isInteger(imageWidth) || imageHeight < 1 || imageWidth < 1) {
    throw new RangeError(`Invalid ${what} size ${formatSize(imageWidth, imageHeight)}`);
  }
  if (patchSize > imageHeight || patchSize > imageWidth) {
    throw new RangeError(
      `Patch size ${patchSize} is larger than the ${what} (${formatSize(imageWidth, imageHeight)}): no patch fits`,
    );
  }
  const gridHeight = imageHeight - patchSize + 1;
  const gridWidth = imageWidth - patchSize + 1;
  return {
    patchSize,
    imageHeight,
    imageWidth,
    gridHeight,
    gridWidth,
    count: gridHeight * gridWidth,
    elements: patchSize * patchSize * CHANNELS,
  };
}

export function patchIndex(grid: PatchGrid, y: number, x: number): number {
  if (y < 0 || y >= grid.gridHeight || x < 0 || x >= grid.gridWidth) {
    throw new RangeError(`Patch position (${y}, ${x}) outside the ${formatSize(grid.gridWidth, grid.gridHeight)} grid`);
  }
  return y * grid.gridWidth + x;
}

export function patchPosition(grid: PatchGrid, i: number): [y: number, x: number] {
  if (!Number.isInteger(i) || i < 0 || i >= grid.count) {
    throw new RangeError(`Patch index ${i} outside a grid of ${grid.count} patches`);
  }
  return [Math.floor(i / grid.gridWidth), i % grid.gridWidth];
}

/**
 * Offset of every patch element from its patch's first value in the image's
 * data array, in (dy, dx, channel) order. Adding a patch's base offset gives
 * im2col without ever building the patch matrix.
 */
export function patchElementOffsets(grid: PatchGrid): Int32Array {
  const p = grid.patchSize;
  const out = new Int32Array(grid.elements);
  let e = 0;
  for (let dy = 0; dy < p; dy++) {
    for (let dx = 0; dx < p; dx++) {
      for (let c = 0; c < CHANNELS; c++) out[e++] = (dy * grid.imageWidth + dx) * CHANNELS + c;
    }
  }
  return out;
}

/** Index of patch i's first value (top-left pixel, channel 0) in the image's data array. */
export function patchBaseOffset(grid: PatchGrid, i: number): number {
  const y = Math.floor(i / grid.gridWidth);
  const x = i - y * grid.gridWidth;
  return (y * grid.imageWidth + x) * CHANNELS;
}
