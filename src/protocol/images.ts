/** Images as they cross between the page and the worker, and the slots they are loaded into. */

/** Pixels for display: opaque RGBA8, row-major, (height, width). */
export interface RgbaPixels {
  readonly height: number;
  readonly width: number;
  readonly rgba: Uint8ClampedArray;
}

/** Where a loaded image goes: the source, the structure of an analogy, or one of the collage images. */
export type ImageSlot = 'source' | 'structure' | 'collage1' | 'collage2' | 'collage3';
export const COLLAGE_SLOTS = ['collage1', 'collage2', 'collage3'] as const satisfies readonly ImageSlot[];
