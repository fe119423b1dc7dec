import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import type { RgbImage } from '../image/rgbImage';
import { createInceptionStem } from './inceptionStem';
import type { InceptionStemWeights } from './inceptionStemWeights';
import { prepareSifidReference, sifid, sifidToReference } from './sifid';
import {
  gaussianNoise,
  loadJpeg,
  loadStemWeightsNode,
  PLACES50_DIR,
  randomImage,
} from '../../testing/metricsTestHelpers';

const SOURCE = path.join(PLACES50_DIR, '1.jpg');

function withNoise(image: RgbImage, noise: Float64Array, sigma: number): RgbImage {
  const data = new Float32Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, image.data[i] + sigma * noise[i]));
  return { ...image, data };
}

describe('SIFID', () => {
  let weights: InceptionStemWeights;
  let image: RgbImage;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    weights = loadStemWeightsNode();
    expect(existsSync(SOURCE), `${SOURCE} (Places50, ../shared beside the repository) is missing`).toBe(true);
    // 250×188 → 62×47 keeps the CPU backend fast while leaving 88 feature positions.
    image = loadJpeg(SOURCE, 4);
    expect(Math.max(image.height, image.width)).toBeLessThanOrEqual(64);
  });

  it('is ≈ 0 for an image against itself', async () => {
    expect(await sifid(tf, weights, image, image)).toBeLessThan(1e-6);
  });

  it('rises monotonically with the strength of added Gaussian noise', async () => {
    const noise = gaussianNoise(image.data.length, 1234);
    const stem = createInceptionStem(tf, weights);
    const reference = await prepareSifidReference(stem, image);
    const scores: number[] = [];
    for (const sigma of [0, 0.05, 0.1, 0.2, 0.4])
      scores.push(await sifidToReference(stem, reference, withNoise(image, noise, sigma)));
    stem.dispose();
    expect(scores[0]).toBeLessThan(1e-6);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThan(scores[i - 1]);
  });

  it('gives the same value with a precomputed reference as one-off', async () => {
    const fake = withNoise(image, gaussianNoise(image.data.length, 99), 0.1);
    const stem = createInceptionStem(tf, weights);
    const viaReference = await sifidToReference(stem, await prepareSifidReference(stem, image), fake);
    stem.dispose();
    expect(viaReference).toBeCloseTo(await sifid(tf, weights, image, fake), 9);
  });

  it('explains images too small for a covariance', async () => {
    // 19×19 is a valid stem input but yields a single feature position.
    await expect(sifid(tf, weights, randomImage(19, 19, 1), image)).rejects.toThrow(/only 1 feature position/);
    await expect(sifid(tf, weights, image, randomImage(12, 40, 2))).rejects.toThrow(/at least 19×19 px/);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await sifid(tf, weights, image, randomImage(30, 30, 3));
    await sifid(tf, weights, randomImage(19, 19, 1), image).catch(() => undefined);
    expect(tf.memory().numTensors).toBe(before);
  });
});
