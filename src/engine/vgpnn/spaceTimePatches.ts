/**
 * The stride-1 "valid" grid of space-time patches of one video: a patch is
 * pt frames × ph rows × pw columns × 3 channels and never leaves the video.
 * Patch i sits at grid position (t, y, x) with i = (t·gridHeight + y)·gridWidth
 * + x, and its vector is ordered (dt, dy, dx, channel), the still grid's
 * order (src/engine/patches/patchGrid.ts) with time in front, so a 1×p×p
 * patch of a one-frame video is exactly the still engine's patch.
 */
import { CHANNELS } from '../image/rgbImage';
import { describeVideoShape, type VideoShape } from './video';

/** [frames, height, width] of a patch. */
export type PatchDims = VideoShape;

/** VGPNN's patch: 3 frames × 7 × 7 (docs/algorithms.md, "VGPNN (space-time patches)"). */
export const DEFAULT_PATCH_DIMS: PatchDims = [3, 7, 7];

export interface SpaceTimeGrid {
  readonly patch: PatchDims;
  readonly video: VideoShape;
  readonly gridFrames: number;
  readonly gridHeight: number;
  readonly gridWidth: number;
  /** gridFrames · gridHeight · gridWidth. */
  readonly count: number;
  /** pt · ph · pw · 3. */
  readonly elements: number;
}

export function validatePatchDims([pt, ph, pw]: PatchDims): void {
  if (!Number.isInteger(pt) || pt < 1 || pt > 9) {
    throw new RangeError(`Patch depth must be a whole number of frames from 1 to 9, got ${pt}`);
  }
  for (const p of [ph, pw]) {
    // Odd as in the still engine: a centre pixel, symmetric coverage in the fold.
    if (!Number.isInteger(p) || p % 2 === 0 || p < 3 || p > 11) {
      throw new RangeError(`Patch height and width must be odd whole numbers from 3 to 11, got ${p}`);
    }
  }
}

export function spaceTimeGrid(video: VideoShape, patch: PatchDims, what = 'video'): SpaceTimeGrid {
  validatePatchDims(patch);
  const [T, H, W] = video;
  if (![T, H, W].every((v) => Number.isInteger(v) && v >= 1)) {
    throw new RangeError(`Invalid ${what} shape ${describeVideoShape(video)}`);
  }
  if (patch[0] > T || patch[1] > H || patch[2] > W) {
    throw new RangeError(
      `A ${patch.join('×')} patch is larger than the ${what} (${describeVideoShape(video)}): no patch fits`,
    );
  }
  const gridFrames = T - patch[0] + 1;
  const gridHeight = H - patch[1] + 1;
  const gridWidth = W - patch[2] + 1;
  return {
    patch,
    video,
    gridFrames,
    gridHeight,
    gridWidth,
    count: gridFrames * gridHeight * gridWidth,
    elements: patch[0] * patch[1] * patch[2] * CHANNELS,
  };
}

export function spaceTimePosition(grid: SpaceTimeGrid, i: number): [t: number, y: number, x: number] {
  if (!Number.isInteger(i) || i < 0 || i >= grid.count) {
    throw new RangeError(`Patch index ${i} outside a grid of ${grid.count} patches`);
  }
  const x = i % grid.gridWidth;
  const r = (i - x) / grid.gridWidth;
  return [Math.floor(r / grid.gridHeight), r % grid.gridHeight, x];
}

/** Index of patch i's first value (first frame, top-left pixel, channel 0) in the video's data. */
export function spaceTimeBaseOffset(grid: SpaceTimeGrid, i: number): number {
  const [t, y, x] = spaceTimePosition(grid, i);
  const [, H, W] = grid.video;
  return ((t * H + y) * W + x) * CHANNELS;
}

/** Offset of every patch element from the patch's first value, in (dt, dy, dx, channel) order. */
export function spaceTimeElementOffsets(grid: SpaceTimeGrid): Int32Array {
  const [pt, ph, pw] = grid.patch;
  const [, H, W] = grid.video;
  const out = new Int32Array(grid.elements);
  let e = 0;
  for (let dt = 0; dt < pt; dt++) {
    for (let dy = 0; dy < ph; dy++) {
      for (let dx = 0; dx < pw; dx++) {
        for (let c = 0; c < CHANNELS; c++) out[e++] = ((dt * H + dy) * W + dx) * CHANNELS + c;
      }
    }
  }
  return out;
}

/** Patch i's vector, copied out (tests and diagnostics; the search never builds patch vectors). */
export function extractSpaceTimePatch(data: Float32Array, grid: SpaceTimeGrid, i: number): Float32Array {
  const base = spaceTimeBaseOffset(grid, i);
  const offsets = spaceTimeElementOffsets(grid);
  return Float32Array.from(offsets, (o) => data[base + o]);
}
