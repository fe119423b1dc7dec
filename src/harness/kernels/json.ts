import { createRgbImage } from '../../engine/image/rgbImage';

/** Plain-JSON image so inputs and outputs cross page.evaluate unchanged. */
export interface JsonImage {
  height: number;
  width: number;
  data: number[];
}

export const toImage = (j: JsonImage) => createRgbImage(j.height, j.width, Float32Array.from(j.data));

export const toJson = (img: { height: number; width: number; data: Float32Array }): JsonImage => ({
  height: img.height,
  width: img.width,
  data: Array.from(img.data),
});

/** The per-patch masks of a search as JSON: typed arrays travel as number lists. */
export interface JsonSearchMasks {
  activeQueries?: number[];
  excludedKeys?: number[];
  keyAlphaScale?: number[];
}

type TypedMasks = { activeQueries?: Uint32Array; excludedKeys?: Uint32Array; keyAlphaScale?: Float32Array };

/** JSON search options with their masks turned back into typed arrays. */
export function typedMasks<T extends JsonSearchMasks>(j: T): Omit<T, keyof JsonSearchMasks> & TypedMasks {
  return {
    ...j,
    activeQueries: j.activeQueries && Uint32Array.from(j.activeQueries),
    excludedKeys: j.excludedKeys && Uint32Array.from(j.excludedKeys),
    keyAlphaScale: j.keyAlphaScale && Float32Array.from(j.keyAlphaScale),
  };
}
