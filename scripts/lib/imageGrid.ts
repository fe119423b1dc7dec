/**
 * Grids of images for the benches' sheets: rows of images padded with white
 * to one cell size, rows stacked, and marks drawn over a picture (a mask's
 * tint, a rectangle's outline) so a sheet shows what a task was given, and
 * crops enlarged by repetition so a detail can be looked at.
 */
import { filmStrip } from '../../src/engine/image/filmStrip';
import { createRgbImage, type RgbImage } from '../../src/engine/image/rgbImage';

/** Images side by side (a grid row), each padded with white to the largest, so cells and rows line up. */
export function row(images: readonly RgbImage[]): RgbImage {
  const height = Math.max(...images.map((img) => img.height));
  const width = Math.max(...images.map((img) => img.width));
  return filmStrip(
    images.map((img) => {
      const out = createRgbImage(height, width);
      out.data.fill(1);
      for (let y = 0; y < img.height; y++)
        out.data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), y * width * 3);
      return out;
    }),
    4,
  );
}

/** Rows one under another, 4 px of white between them. */
export function stack(rows: readonly RgbImage[]): RgbImage {
  const width = Math.max(...rows.map((r) => r.width));
  const out = createRgbImage(
    rows.reduce((n, r) => n + r.height + 4, -4),
    width,
  );
  out.data.fill(1);
  let y0 = 0;
  for (const r of rows) {
    for (let y = 0; y < r.height; y++)
      out.data.set(r.data.subarray(y * r.width * 3, (y + 1) * r.width * 3), (y0 + y) * width * 3);
    y0 += r.height + 4;
  }
  return out;
}

/** A copy with the pixels where `where(index)` holds mixed half-way towards `colour` (RGB in [0, 1]). */
export function tint(
  img: RgbImage,
  where: (pixel: number) => boolean,
  colour: readonly [number, number, number],
): RgbImage {
  const out = createRgbImage(img.height, img.width);
  out.data.set(img.data);
  for (let p = 0; p < img.height * img.width; p++)
    if (where(p)) for (let c = 0; c < 3; c++) out.data[3 * p + c] = 0.5 * img.data[3 * p + c] + 0.5 * colour[c];
  return out;
}

/** Draws a rectangle's 1 px outline in place. */
export function outline(
  img: RgbImage,
  r: { readonly y: number; readonly x: number; readonly height: number; readonly width: number },
  colour: readonly [number, number, number],
): void {
  const set = (y: number, x: number) => {
    if (y < 0 || x < 0 || y >= img.height || x >= img.width) return;
    for (let c = 0; c < 3; c++) img.data[3 * (y * img.width + x) + c] = colour[c];
  };
  for (let x = r.x; x < r.x + r.width; x++) {
    set(r.y, x);
    set(r.y + r.height - 1, x);
  }
  for (let y = r.y; y < r.y + r.height; y++) {
    set(y, r.x);
    set(y, r.x + r.width - 1);
  }
}

/** The rectangle (y, x, height, width) of `img` as a picture of its own. */
export function cropRect(img: RgbImage, y: number, x: number, height: number, width: number): RgbImage {
  const data = new Float32Array(height * width * 3);
  for (let r = 0; r < height; r++)
    data.set(img.data.subarray(3 * ((y + r) * img.width + x), 3 * ((y + r) * img.width + x + width)), 3 * r * width);
  return { height, width, data };
}

/** Each pixel drawn as a k×k block, so a crop can be looked at. */
export function enlarge(img: RgbImage, k: number): RgbImage {
  const out = createRgbImage(img.height * k, img.width * k);
  for (let y = 0; y < out.height; y++)
    for (let x = 0; x < out.width; x++)
      for (let c = 0; c < 3; c++)
        out.data[3 * (y * out.width + x) + c] = img.data[3 * (Math.floor(y / k) * img.width + Math.floor(x / k)) + c];
  return out;
}
