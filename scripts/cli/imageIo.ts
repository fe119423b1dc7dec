/** Files in and out: input images, masks, and the PNGs, GIFs and zips the commands write. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PNG } from 'pngjs';
import type { AutomationFile } from '../../src/automation/automation';
import { MASK_KEEP, MASK_REMOVE } from '../../src/engine/gpnn/gpnnTask';
import { sniffImage } from '../../src/engine/image/sniffImage';
import { addPngText } from '../../src/engine/image/pngText';
import { encodeRecipe, RECIPE_KEYWORD, type Recipe } from '../../src/jobs/recipe';
import { fail, type GpnnCliTask } from './args';

export function readImage(path: string): { bytes: Uint8Array; height: number; width: number } {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    fail(`cannot read ${path}`);
  }
  const sniff = sniffImage(bytes);
  if (!sniff) fail(`${path} is not a PNG, JPEG, WebP, GIF, BMP or AVIF image`);
  if (!sniff.size) fail(`${path}: could not read the image size from its header`);
  return { bytes, height: sniff.size.height, width: sniff.size.width };
}

/** Longer-side cap that makes the working image `height` tall (the worker only ever downscales). */
export function maxSideFor(img: { height: number; width: number }, height: number | null): number {
  if (height === null) return 256;
  return Math.max(1, Math.round((height * Math.max(img.height, img.width)) / img.height));
}

/** Mask PNG → per-pixel labels at the working size (nearest neighbour), plus the rough colour for inpainting. */
export function readMask(
  path: string,
  height: number,
  width: number,
  task: GpnnCliTask,
): { labels: Uint8Array; colour: Uint8ClampedArray } {
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(path));
  } catch {
    fail(`--mask ${path} is not a readable PNG`);
  }
  const labels = new Uint8Array(height * width);
  const colour = new Uint8ClampedArray(height * width * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sy = Math.min(png.height - 1, Math.floor(((y + 0.5) * png.height) / height));
      const sx = Math.min(png.width - 1, Math.floor(((x + 0.5) * png.width) / width));
      const i = (sy * png.width + sx) * 4;
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a < 128) continue;
      const o = y * width + x;
      if (r > 127 && g < 128 && b < 128) labels[o] = MASK_REMOVE;
      else if (g > 127 && r < 128 && b < 128 && task === 'retarget') labels[o] = MASK_KEEP;
      else if (task === 'inpaint' && (r > 16 || g > 16 || b > 16)) {
        labels[o] = MASK_REMOVE;
        colour.set([r, g, b, 255], o * 4);
      }
    }
  }
  return { labels, colour };
}

/** Writes RGBA pixels as a PNG; with a recipe, it goes inside (an iTXt chunk, as the studio's exports carry it). */
export function writePng(path: string, height: number, width: number, rgba: Buffer, recipe?: Recipe): void {
  const png = new PNG({ width, height });
  rgba.copy(png.data);
  mkdirSync(dirname(path), { recursive: true });
  const bytes = new Uint8Array(PNG.sync.write(png));
  writeFileSync(path, recipe ? addPngText(bytes, RECIPE_KEYWORD, encodeRecipe(recipe)) : bytes);
}

/** Writes a file the worker encoded (a GIF, a zip of PNGs) and says where and how big. */
export function writeFile(path: string, file: AutomationFile): { path: string; bytes: number } {
  const bytes = Buffer.from(file.base64, 'base64');
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, bytes);
  return { path: resolve(path), bytes: bytes.length };
}
