import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waterfallFrames } from '../../../../scripts/make-test-gifs';
import type { RgbImage } from '../../image/rgbImage';
import { mulberry32 } from '../../random/prng';
import { createInceptionStem, type InceptionStem } from '../inceptionStem';
import type { InceptionStemWeights } from '../inceptionStemWeights';
import { prepareSifidReference, sifidToReference } from '../sifid';
import { loadStemWeightsNode } from '../../../testing/metricsTestHelpers';
import { cyclicShift, toRgb } from '../../../testing/motionTestHelpers';
import { frameDifference, frameDifferences, perFrameSifid, temporalSifid } from './temporalSifid';

function mirrored(image: RgbImage): RgbImage {
  const { height, width } = image;
  const data = new Float32Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      data.set(image.data.subarray((y * width + x) * 3, (y * width + x + 1) * 3), (y * width + width - 1 - x) * 3);
  }
  return { height, width, data };
}

describe('frame differences', () => {
  it('map f_{t+1} − f_t onto [0, 1] with no change at mid-grey, clamping the frames first', () => {
    const a: RgbImage = { height: 1, width: 2, data: new Float32Array([0, 0.5, 1, 0.2, 0.2, -0.3]) };
    const b: RgbImage = { height: 1, width: 2, data: new Float32Array([1, 0.5, 0, 0.2, 0.6, 1.4]) };
    expect(Array.from(frameDifference(a, b).data)).toEqual([1, 0.5, 0, 0.5, expect.closeTo(0.7, 6), 1]);
    expect(frameDifferences([a, b, a])).toHaveLength(2);
    expect(frameDifferences([a])).toEqual([]);
    expect(() => frameDifference(a, { height: 2, width: 1, data: b.data })).toThrow(/differ in size/);
  });
});

describe('temporal and per-frame SIFID', () => {
  let weights: InceptionStemWeights;
  let stem: InceptionStem;
  /** The test waterfall: a 32-px tile scrolling down 4 px a frame, 5 frames. */
  let real: RgbImage[];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    weights = loadStemWeightsNode();
    stem = createInceptionStem(tf, weights);
    real = waterfallFrames().map(toRgb);
  });
  afterAll(() => stem.dispose());

  it('is ≈ 0 for a sequence against itself', async () => {
    expect(await temporalSifid(tf, stem, real, real)).toBeLessThan(1e-6);
    const perFrame = await perFrameSifid(tf, stem, real, real);
    expect(perFrame).toHaveLength(5);
    for (const score of perFrame) expect(score).toBeLessThan(1e-6);
  });

  it('scores the right motion of other content better than the same content jittering at random (a noise walk) or moving backwards', async () => {
    // Right motion: the tile mirrored left-right (new content, same texture), scrolling down 4 px a frame.
    const tile = mirrored(real[0]);
    const rightMotion = real.map((_, t) => cyclicShift(tile, 4 * t, 0));
    // Noise-walk-like: the same tile, each frame displaced at random (up to ±8 px each way), so frame to
    // frame it changes about as much but with no consistent motion.
    const rand = mulberry32(11);
    const jitter = () => Math.round((rand() * 2 - 1) * 8);
    const walk = real.map(() => cyclicShift(tile, jitter(), jitter()));
    const reversed = real.map((_, t) => cyclicShift(tile, -4 * t, 0));
    const right = await temporalSifid(tf, stem, real, rightMotion);
    const noise = await temporalSifid(tf, stem, real, walk);
    const rev = await temporalSifid(tf, stem, real, reversed);
    // Seeds 1–5 and 11 give noise 97–124 against right 47; reversed 108: the sign of the change counts too.
    expect(right).toBeLessThan(noise);
    expect(right).toBeLessThan(rev);
  });

  it('pairs frames cyclically over the real sequence and equals SIFID frame by frame', async () => {
    const fake = [...real, ...real.slice(0, 2)].map((f, t) => cyclicShift(f, 0, t));
    const perFrame = await perFrameSifid(tf, stem, real, fake);
    expect(perFrame).toHaveLength(7);
    for (const t of [6]) {
      const expected = await sifidToReference(stem, await prepareSifidReference(stem, real[t % 5]), fake[t]);
      expect(perFrame[t]).toBeCloseTo(expected, 9);
    }
    // Generated difference 5 (frames 5 → 6) is paired with real difference 5 mod 4 = 1.
    const temporal = await temporalSifid(tf, stem, real, fake);
    const realDiffs = frameDifferences(real);
    const fakeDiffs = frameDifferences(fake);
    const references = await Promise.all(realDiffs.map((d) => prepareSifidReference(stem, d)));
    let sum = 0;
    for (let t = 0; t < fakeDiffs.length; t++) sum += await sifidToReference(stem, references[t % 4], fakeDiffs[t]);
    expect(temporal).toBeCloseTo(sum / fakeDiffs.length, 9);
  });

  it('accepts weights instead of a stem, and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const viaWeights = await temporalSifid(tf, weights, real, real.slice(1));
    expect(viaWeights).toBeCloseTo(await temporalSifid(tf, stem, real, real.slice(1)), 9);
    expect((await perFrameSifid(tf, weights, real, real.slice(0, 2))).length).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs two frames per sequence for differences', async () => {
    await expect(temporalSifid(tf, stem, real, real.slice(0, 1))).rejects.toThrow(/at least 2 frames/);
    await expect(perFrameSifid(tf, stem, [], real)).rejects.toThrow(/no real frames/);
  });
});
