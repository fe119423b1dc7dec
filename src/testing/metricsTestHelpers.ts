// Node-only helpers for the metrics tests: file loading, a deterministic PRNG and
// a small natural image. Never imported by the app (it uses node:fs).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';

import type { RgbImage } from '../engine/image/rgbImage';
import { parseInceptionStemWeights, type InceptionStemWeights } from '../engine/metrics/inceptionStemWeights';
import { mulberry32 } from '../engine/random/prng';

export { mulberry32 };

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../..');
export const STEM_DIR = path.join(REPO_ROOT, 'public/models/inception-stem');
/** Benchmark images live beside the repository (../shared), never inside it. */
export const PLACES50_DIR = path.resolve(REPO_ROOT, '../shared/data/places50');

export function readStemFiles(): { manifest: unknown; bin: Uint8Array } {
  return {
    manifest: JSON.parse(readFileSync(path.join(STEM_DIR, 'stem.json'), 'utf8')),
    bin: new Uint8Array(readFileSync(path.join(STEM_DIR, 'stem.bin'))),
  };
}

export function loadStemWeightsNode(): InceptionStemWeights {
  const { manifest, bin } = readStemFiles();
  return parseInceptionStemWeights(manifest, bin);
}

export function gaussianNoise(count: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    // Box–Muller; 1 - u keeps the log argument in (0, 1].
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const theta = 2 * Math.PI * rand();
    out[i] = r * Math.cos(theta);
    if (i + 1 < count) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}

export function randomImage(height: number, width: number, seed: number): RgbImage {
  const rand = mulberry32(seed);
  const data = new Float32Array(height * width * 3);
  for (let i = 0; i < data.length; i++) data[i] = rand();
  return { height, width, data };
}

/** Decodes a JPEG to RGB in [0, 1], box-filtered down by an integer factor. */
export function loadJpeg(file: string, factor: number): RgbImage {
  const decoded = jpeg.decode(readFileSync(file), { useTArray: true });
  const height = Math.floor(decoded.height / factor);
  const width = Math.floor(decoded.width / factor);
  const data = new Float32Array(height * width * 3);
  const norm = 1 / (255 * factor * factor);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          for (let dx = 0; dx < factor; dx++) {
            sum += decoded.data[((y * factor + dy) * decoded.width + (x * factor + dx)) * 4 + c];
          }
        }
        data[(y * width + x) * 3 + c] = sum * norm;
      }
    }
  }
  return { height, width, data };
}
