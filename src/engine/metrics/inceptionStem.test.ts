import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import type { RgbImage } from '../image/rgbImage';
import { createInceptionStem, StemInputError } from './inceptionStem';
import type { InceptionStemWeights } from './inceptionStemWeights';
import { STEM_INPUT_OFFSET, STEM_INPUT_SCALE, STEM_MIN_INPUT_SIZE, stemOutputLength } from './stemArchitecture';
import { loadJpeg, loadStemWeightsNode, PLACES50_DIR, randomImage } from '../../testing/metricsTestHelpers';

interface Map3 {
  h: number;
  w: number;
  c: number;
  data: Float64Array;
}

// Plain nested-loop reference, written from docs/algorithms.md, "SIFID" (Keras semantics,
// BatchNorm not folded) and independent of the tfjs implementation.
function conv(x: Map3, kernel: Float32Array, k: number, cout: number, stride: number, same: boolean): Map3 {
  const pad = same ? (k - 1) / 2 : 0;
  const h = same ? x.h : Math.floor((x.h - k) / stride) + 1;
  const w = same ? x.w : Math.floor((x.w - k) / stride) + 1;
  const out = new Float64Array(h * w * cout);
  for (let oy = 0; oy < h; oy++) {
    for (let ox = 0; ox < w; ox++) {
      for (let co = 0; co < cout; co++) {
        let sum = 0;
        for (let ky = 0; ky < k; ky++) {
          const iy = oy * stride + ky - pad;
          if (iy < 0 || iy >= x.h) continue;
          for (let kx = 0; kx < k; kx++) {
            const ix = ox * stride + kx - pad;
            if (ix < 0 || ix >= x.w) continue;
            for (let ci = 0; ci < x.c; ci++) {
              sum += x.data[(iy * x.w + ix) * x.c + ci] * kernel[((ky * k + kx) * x.c + ci) * cout + co];
            }
          }
        }
        out[(oy * w + ox) * cout + co] = sum;
      }
    }
  }
  return { h, w, c: cout, data: out };
}

function batchNormRelu(x: Map3, beta: Float32Array, mean: Float32Array, variance: Float32Array): Map3 {
  const data = x.data.map((v, i) => {
    const c = i % x.c;
    return Math.max(0, (v - mean[c]) / Math.sqrt(variance[c] + 1e-3) + beta[c]);
  });
  return { ...x, data };
}

function maxPool3x3s2(x: Map3): Map3 {
  const h = Math.floor((x.h - 3) / 2) + 1;
  const w = Math.floor((x.w - 3) / 2) + 1;
  const out = new Float64Array(h * w * x.c);
  for (let oy = 0; oy < h; oy++) {
    for (let ox = 0; ox < w; ox++) {
      for (let c = 0; c < x.c; c++) {
        let m = -Infinity;
        for (let ky = 0; ky < 3; ky++) {
          for (let kx = 0; kx < 3; kx++) m = Math.max(m, x.data[((oy * 2 + ky) * x.w + ox * 2 + kx) * x.c + c]);
        }
        out[(oy * w + ox) * x.c + c] = m;
      }
    }
  }
  return { h, w, c: x.c, data: out };
}

function referenceStem(weights: InceptionStemWeights, image: RgbImage): Map3 {
  const [l1, l2, l3, l4, l5] = weights.layers;
  const step = (x: Map3, l: typeof l1, k: number, cout: number, stride: number, same: boolean) =>
    batchNormRelu(conv(x, l.kernel, k, cout, stride, same), l.beta, l.movingMean, l.movingVariance);
  let x: Map3 = {
    h: image.height,
    w: image.width,
    c: 3,
    data: Float64Array.from(image.data, (v) => v * STEM_INPUT_SCALE + STEM_INPUT_OFFSET),
  };
  x = step(x, l1, 3, 32, 2, false);
  x = step(x, l2, 3, 32, 1, false);
  x = step(x, l3, 3, 64, 1, true);
  x = maxPool3x3s2(x);
  x = step(x, l4, 1, 80, 1, false);
  return step(x, l5, 3, 192, 1, false);
}

describe('Inception stem', () => {
  let weights: InceptionStemWeights;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    weights = loadStemWeightsNode();
  });

  it('has a minimum input side of 19 px', () => {
    expect(STEM_MIN_INPUT_SIZE).toBe(19);
    expect(stemOutputLength(18)).toBe(0);
    expect(stemOutputLength(19)).toBe(1);
    expect(stemOutputLength(23)).toBe(2);
    // 299 → 149 → 147 → 147 → 73 → 73 → 71, as in Keras's model summary.
    expect(stemOutputLength(299)).toBe(71);
  });

  it('matches a nested-loop reference on a random image', async () => {
    const image = randomImage(29, 35, 42);
    const stem = createInceptionStem(tf, weights);
    const features = stem.features(image);
    expect(features.shape).toEqual([3, 5, 192]);
    const actual = await features.data();
    features.dispose();
    stem.dispose();

    const expected = referenceStem(weights, image);
    expect([expected.h, expected.w, expected.c]).toEqual([3, 5, 192]);
    let scale = 0;
    for (const v of expected.data) scale = Math.max(scale, Math.abs(v));
    expect(scale).toBeGreaterThan(0.1);
    let worst = 0;
    for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected.data[i]));
    expect(worst / scale).toBeLessThan(1e-3);
  });

  it('produces [1, 1, 192] at the minimum size and rejects anything smaller', async () => {
    const stem = createInceptionStem(tf, weights);
    const f = stem.features(randomImage(19, 19, 1));
    expect(f.shape).toEqual([1, 1, 192]);
    f.dispose();
    expect(() => stem.features(randomImage(18, 40, 2))).toThrow(StemInputError);
    expect(() => stem.features(randomImage(40, 18, 3))).toThrow(/at least 19×19 px/);
    expect(() => stem.features({ height: 20, width: 20, data: new Float32Array(10) })).toThrow(/10 values/);
    stem.dispose();
    expect(() => stem.features(randomImage(19, 19, 1))).toThrow(/after dispose/);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const stem = createInceptionStem(tf, weights);
    const f = stem.features(randomImage(24, 30, 4));
    f.dispose();
    stem.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('feeds the input range the BatchNorm statistics were estimated for', async () => {
    // Guards STEM_INPUT_SCALE/OFFSET: on natural images, conv2d_1's per-channel
    // output variance should match moving_variance (ratio ≈ 1 for [0, 1]
    // input; ≈ 4 if the input were scaled to [−1, 1]).
    const layer = weights.layers[0];
    const ratios: number[] = [];
    const sum = new Float64Array(32);
    const sumSq = new Float64Array(32);
    let count = 0;
    for (const n of [1, 2, 3, 4]) {
      const image = loadJpeg(path.join(PLACES50_DIR, `${n}.jpg`), 2);
      const out = tf.tidy(() => {
        const x = tf.add(
          tf.mul(tf.tensor4d(image.data, [1, image.height, image.width, 3]), STEM_INPUT_SCALE),
          STEM_INPUT_OFFSET,
        );
        return tf.conv2d(x as tf.Tensor4D, tf.tensor4d(layer.kernel, [3, 3, 3, 32]), 2, 'valid');
      });
      const data = await out.data();
      out.dispose();
      for (let i = 0; i < data.length; i++) {
        sum[i % 32] += data[i];
        sumSq[i % 32] += data[i] * data[i];
      }
      count += data.length / 32;
    }
    for (let c = 0; c < 32; c++) {
      const mean = sum[c] / count;
      ratios.push((sumSq[c] / count - mean * mean) / layer.movingVariance[c]);
    }
    ratios.sort((a, b) => a - b);
    const median = ratios[16];
    expect(median).toBeGreaterThan(0.6);
    expect(median).toBeLessThan(1.7);
  });
});
