import { resizeLinear } from '../image/resample';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { GpnnInputError } from './gpnnPlan';

/** Pixel images the tasks build before synthesis: the inpainting start, the collage atlas, the edited image. */

export interface Rect {
  readonly y: number;
  readonly x: number;
  readonly height: number;
  readonly width: number;
}

const HOLE = 2;

/**
 * The source with the hole replaced by the user's rough colour; hole pixels
 * left unpainted take the mean colour of the pixels bordering the hole, a
 * neutral start that the coarse levels then reshape.
 */
export function composeInpaintStart(src: RgbImage, labels: Uint8Array, colour?: Uint8ClampedArray): RgbImage {
  const { height: h, width: w } = src;
  const out = createRgbImage(h, w, src.data.slice());
  const border = [0, 0, 0];
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (labels[i] === HOLE) continue;
      const touches =
        (y > 0 && labels[i - w] === HOLE) ||
        (y < h - 1 && labels[i + w] === HOLE) ||
        (x > 0 && labels[i - 1] === HOLE) ||
        (x < w - 1 && labels[i + 1] === HOLE);
      if (!touches) continue;
      for (let c = 0; c < 3; c++) border[c] += src.data[i * 3 + c];
      n++;
    }
  }
  const mean = border.map((v) => (n > 0 ? v / n : 0.5));
  for (let i = 0; i < h * w; i++) {
    if (labels[i] !== HOLE) continue;
    const painted = colour && colour[i * 4 + 3] > 0;
    for (let c = 0; c < 3; c++) out.data[i * 3 + c] = painted ? colour[i * 4 + c] / 255 : mean[c];
  }
  return out;
}

/**
 * The collage canvas: every image scaled to the first one's height and placed
 * left to right. `seams` are the x positions where one image ends.
 */
export function composeCollage(images: readonly RgbImage[]): { atlas: RgbImage; seams: number[] } {
  const h = images[0].height;
  const scaled = images.map((img) =>
    img.height === h ? img : resizeLinear(img, h, Math.max(1, Math.round((img.width * h) / img.height))),
  );
  const width = scaled.reduce((sum, img) => sum + img.width, 0);
  if (width > 4096)
    throw new GpnnInputError(`The collage would be ${width} px wide; use fewer or narrower images (at most 4096 px).`);
  const atlas = createRgbImage(h, width);
  const seams: number[] = [];
  let x0 = 0;
  for (const img of scaled) {
    for (let y = 0; y < h; y++)
      atlas.data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), (y * width + x0) * 3);
    x0 += img.width;
    seams.push(x0);
  }
  seams.pop();
  return { atlas, seams };
}

/** Key patches of an atlas level (h×w, the atlas being `atlasWidth` wide at full size) that straddle a seam. */
export function seamKeys(
  seams: readonly number[],
  atlasWidth: number,
  h: number,
  w: number,
  patchSize: number,
): Uint32Array {
  const gw = w - patchSize + 1;
  const gh = h - patchSize + 1;
  const out = new Uint32Array(gh * gw);
  const f = w / atlasWidth;
  for (const seam of seams) {
    // Columns of this level that mix pixels from both sides of the seam (one pixel of blur margin).
    const s = seam * f;
    const lo = Math.floor(s) - 1;
    const hi = Math.ceil(s);
    for (let x = 0; x < gw; x++) {
      if (x + patchSize - 1 < lo || x > hi) continue;
      for (let y = 0; y < gh; y++) out[y * gw + x] = 1;
    }
  }
  return out;
}

/** The source with a rectangle copied to a new place (the user's rough edit). */
export function moveRegion(src: RgbImage, from: Rect, to: { y: number; x: number }): RgbImage {
  const { height: h, width: w } = src;
  const ok = (r: Rect) =>
    Number.isInteger(r.y) &&
    Number.isInteger(r.x) &&
    r.height >= 1 &&
    r.width >= 1 &&
    r.y >= 0 &&
    r.x >= 0 &&
    r.y + r.height <= h &&
    r.x + r.width <= w;
  if (!ok(from)) throw new GpnnInputError('The selected region lies outside the image.');
  if (!ok({ ...to, height: from.height, width: from.width }))
    throw new GpnnInputError('The region would be moved outside the image.');
  const out = createRgbImage(h, w, src.data.slice());
  for (let y = 0; y < from.height; y++) {
    const row = src.data.subarray(((from.y + y) * w + from.x) * 3, ((from.y + y) * w + from.x + from.width) * 3);
    out.data.set(row, ((to.y + y) * w + to.x) * 3);
  }
  return out;
}
