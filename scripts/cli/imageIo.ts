/** Files in and out: input images and the PNGs, GIFs and zips the commands write. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PNG } from 'pngjs';
import type { AutomationFile } from '../../src/automation/automation';
import { sniffImage } from '../../src/engine/image/sniffImage';
import { addPngText } from '../../src/engine/image/pngText';
import { encodeRecipe, RECIPE_KEYWORD, type Recipe } from '../../src/jobs/recipe';
import { fail } from './args';

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
