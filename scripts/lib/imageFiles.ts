/** Files the benchmarks read in Node: photos (PNG or JPEG) and the studio's own Inception stem weights. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { rgbaToRgb, type RgbImage } from '../../src/engine/image/rgbImage';
import { parseInceptionStemWeights, type InceptionStemWeights } from '../../src/engine/metrics/inceptionStemWeights';

/** A PNG (by its extension) or a JPEG, as floats in [0,1]. */
export function decodeImageFile(path: string): RgbImage {
  const bytes = readFileSync(path);
  if (/\.png$/i.test(path)) {
    const png = PNG.sync.read(bytes);
    return rgbaToRgb(png.data, png.height, png.width);
  }
  const d = jpeg.decode(bytes, { useTArray: true });
  return rgbaToRgb(d.data, d.height, d.width);
}

/** The SIFID stem the page serves (public/models/inception-stem), so Node figures match the worker's. */
export function readStemWeights(): InceptionStemWeights {
  const dir = fileURLToPath(new URL('../../public/models/inception-stem/', import.meta.url));
  return parseInceptionStemWeights(
    JSON.parse(readFileSync(join(dir, 'stem.json'), 'utf8')),
    new Uint8Array(readFileSync(join(dir, 'stem.bin'))),
  );
}
