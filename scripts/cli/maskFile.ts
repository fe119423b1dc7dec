/**
 * A painted mask read from a PNG on the command line (`--mask`), for the
 * commands that take one: GPNN's retargeting and inpainting, GIF → GIF's
 * Patches inpainting. Red marks what to remove (retargeting) or the hole
 * (inpainting); green what to keep (retargeting); any other opaque colour is
 * the hole with that rough colour (inpainting).
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { MASK_KEEP, MASK_REMOVE } from '../../src/engine/gpnn/gpnnTask';
import { fail } from './args';

/** Mask PNG → per-pixel labels at the working size (nearest neighbour), plus the rough colour for inpainting. */
export function readMask(
  path: string,
  height: number,
  width: number,
  // 'retarget': green is keep; 'inpaint': any other opaque colour is the hole, with that rough colour.
  task: string,
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
