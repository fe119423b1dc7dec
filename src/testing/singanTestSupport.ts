// Shared by the SinGAN tests (not a test file itself).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-core alone registers no gradients; the app gets them from '@tensorflow/tfjs'.
import '@tensorflow/tfjs-core/dist/register_all_gradients';

import { registerWasmKernels } from '../wasm/registerWasmKernels';
import { createRgbImage, type RgbImage } from '../engine/image/rgbImage';
import { gaussianStream, noiseMap, uniformStream } from '../engine/singan/noise';
import { initialValues } from '../engine/singan/paramSpec';
import { SINGAN_PRESETS, type SinganConfig } from '../engine/singan/singanConfig';
import { freezeNet, type SinganModel, type SinganScale } from '../engine/singan/singanModel';
import { netSpec } from '../engine/singan/singanNet';
import { channelsAtScale, singanPyramid } from '../engine/singan/singanPyramid';
import type { NetWeights } from '../engine/singan/tfTypes';

export { tf };

export async function useCpu(): Promise<void> {
  await useBackend('cpu');
}

/** tfjs's CPU backend, or its wasm backend (in Node, from the package's own .wasm files) with the studio's kernels. */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') registerWasmKernels();
  if (!(await tf.setBackend(name))) throw new Error(`tfjs could not start its ${name} backend`);
  await tf.ready();
}

/** A small structured image: diagonal stripes, a bright disc and a colour ramp. */
export function testImage(height: number, width: number): RgbImage {
  const img = createRgbImage(height, width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const stripe = 0.5 + 0.4 * Math.sin((x + y) * 0.9);
      const disc = (x - width * 0.6) ** 2 + (y - height * 0.4) ** 2 < (Math.min(height, width) * 0.2) ** 2 ? 1 : 0;
      img.data[i] = Math.min(1, 0.2 + 0.6 * stripe * (x / width) + 0.5 * disc);
      img.data[i + 1] = Math.min(1, 0.3 + 0.4 * stripe + 0.3 * disc);
      img.data[i + 2] = Math.min(1, 0.8 - 0.5 * (y / height) + 0.1 * stripe);
    }
  }
  return img;
}

/** 24×20 px → three scales (20×16, 22×18, 24×20) of 4-channel nets: the real architecture, tiny. */
export function tinyConfig(overrides: Partial<SinganConfig> = {}): SinganConfig {
  return {
    ...SINGAN_PRESETS.paper,
    maxSize: 24,
    minSize: 16,
    iterations: 6,
    lrDropAt: 4,
    baseChannels: 4,
    maxChannels: 8,
    previewEvery: 0,
    seed: 7,
    ...overrides,
  };
}

export { relativeError } from './relativeError';

export const TINY_IMAGE = { height: 24, width: 20 } as const;

/** Central differences of a scalar function of a float array, at the given indices. */
export function centralDifferences(
  f: (values: Float32Array) => number,
  at: Float32Array,
  indices: readonly number[],
  eps: number,
): number[] {
  return indices.map((i) => {
    const plus = at.slice();
    const minus = at.slice();
    plus[i] += eps;
    minus[i] -= eps;
    return (f(plus) - f(minus)) / (2 * eps);
  });
}

/**
 * A model with random weights at every scale (no training): enough for
 * persistence and sampling tests. Convolutions get N(0, 0.3) instead of
 * N(0, 0.02) so the generators visibly change their input.
 */
export async function randomModel(
  config: SinganConfig,
  image: { height: number; width: number },
  finished?: number,
): Promise<SinganModel> {
  const { shapes, scaleFactor } = singanPyramid(config, image.height, image.width);
  const scales: SinganScale[] = [];
  for (let s = 0; s < (finished ?? shapes.length); s++) {
    const c = channelsAtScale(config, s);
    const net = async (kind: 'G' | 'D', k: number) => {
      const specs = netSpec(kind, config, c);
      const gauss = gaussianStream(config.seed, 99, s, k);
      const uniform = uniformStream(config.seed, 98, s, k);
      const w: NetWeights = {};
      for (const p of specs) {
        const v = initialValues(p, gauss, uniform);
        if (p.init === 'conv') v.forEach((x, i) => (v[i] = x * 15));
        if (p.init === 'zeros' && p.shape.length === 0) v[0] = 0.5;
        w[p.name] = tf.tensor(v, [...p.shape]);
      }
      return freezeNet(tf, w);
    };
    scales.push({ channels: c, noiseAmp: s === 0 ? 1 : 0.1, g: await net('G', 0), d: await net('D', 1) });
  }
  const [h0, w0] = shapes[0];
  return {
    config: { ...config },
    imageShape: [image.height, image.width],
    scaleFactor,
    scaleShapes: shapes,
    zStar: noiseMap(gaussianStream(config.seed, 97), h0, w0, 1),
    scales,
  };
}

/** Mean absolute difference of two equally sized images. */
export function meanAbsDiff(a: RgbImage, b: RgbImage): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i] - b.data[i]);
  return s / a.data.length;
}
