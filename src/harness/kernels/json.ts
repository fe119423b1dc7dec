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
