import { gaussianSampler, mulberry32 } from '../random/prng';

/**
 * Independent random streams derived from one seed, so that each use
 * (weight init, training noise, sampling…) at each scale is reproducible on
 * its own: resuming at scale k draws exactly what a straight run would.
 */
export const STREAM = {
  init: 1,
  zStar: 2,
  trainNoise: 3,
  gpAlpha: 4,
  preview: 5,
  sample: 6,
  superRes: 7,
  inject: 8,
  animate: 9,
} as const;

/** A 32-bit mix of the seed and stream coordinates (murmur3's finaliser per part). */
export function streamSeed(seed: number, ...parts: number[]): number {
  let h = (seed >>> 0) ^ 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export function gaussianStream(seed: number, ...parts: number[]): () => number {
  return gaussianSampler(mulberry32(streamSeed(seed, ...parts)));
}

export function uniformStream(seed: number, ...parts: number[]): () => number {
  return mulberry32(streamSeed(seed, ...parts));
}

/** The public code draws one grey noise map at the coarsest scale (expanded to RGB) and RGB noise above it. */
export function noiseChannels(scale: number): 1 | 3 {
  return scale === 0 ? 1 : 3;
}

/** A standard-normal noise map, HWC with 3 channels; with channels = 1 one value per pixel is repeated. */
export function noiseMap(gauss: () => number, height: number, width: number, channels: 1 | 3): Float32Array {
  const out = new Float32Array(height * width * 3);
  for (let i = 0; i < height * width; i++) {
    if (channels === 1) {
      const v = gauss();
      out[i * 3] = v;
      out[i * 3 + 1] = v;
      out[i * 3 + 2] = v;
    } else {
      out[i * 3] = gauss();
      out[i * 3 + 1] = gauss();
      out[i * 3 + 2] = gauss();
    }
  }
  return out;
}
