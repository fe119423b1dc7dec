import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRgbImage, type RgbImage } from '../image/rgbImage';
import {
  animateSingan,
  injectSingan,
  reconstructSingan,
  sampleSingan,
  superResolve,
  superResSteps,
  trainingImageAtFinest,
} from './sampleSingan';
import { disposeSinganModel, type SinganModel } from './singanModel';
import { resizeImageTo } from './singanPyramid';
import {
  meanAbsDiff,
  randomModel,
  testImage,
  TINY_IMAGE,
  tf,
  tinyConfig,
  useCpu,
} from '../../testing/singanTestSupport';

let model: SinganModel;
let baseline = 0;
const config = tinyConfig();
const shapes = [
  [20, 16],
  [22, 18],
  [24, 20],
];
const shapeOf = (img: RgbImage) => [img.height, img.width];
const inRange = (img: RgbImage) => img.data.every((v) => v >= 0 && v <= 1);

beforeAll(async () => {
  await useCpu();
  model = await randomModel(config, TINY_IMAGE);
  baseline = tf.memory().numTensors;
}, 120_000);

afterAll(() => {
  // Sampling keeps nothing alive beyond the model.
  expect(tf.memory().numTensors).toBe(baseline);
  disposeSinganModel(model);
});

describe('sampleSingan', () => {
  it('samples at the training size, streaming every scale, deterministic per seed', async () => {
    const streamed: number[][] = [];
    const a = await sampleSingan(tf, model, { seed: 1, onScale: (s, img) => streamed.push([s, ...shapeOf(img)]) });
    expect(shapeOf(a)).toEqual([24, 20]);
    expect(inRange(a)).toBe(true);
    expect(streamed).toEqual(shapes.map((s, i) => [i, ...s]));
    expect((await sampleSingan(tf, model, { seed: 1 })).data).toEqual(a.data);
    expect(meanAbsDiff(await sampleSingan(tf, model, { seed: 2 }), a)).toBeGreaterThan(1e-3);
  });

  it('samples at other sizes by scaling every noise map', async () => {
    const streamed: number[][] = [];
    const out = await sampleSingan(tf, model, {
      seed: 1,
      scaleHeight: 1.5,
      scaleWidth: 0.75,
      onScale: (_s, img) => streamed.push(shapeOf(img)),
    });
    expect(shapeOf(out)).toEqual([36, 15]);
    expect(streamed).toEqual([
      [30, 12],
      [33, 14],
      [36, 15],
    ]);
  });

  it('samples a partly trained model at its finest finished scale', async () => {
    const out = await sampleSingan(tf, { ...model, scales: model.scales.slice(0, 2) }, { seed: 1 });
    expect(shapeOf(out)).toEqual([22, 18]);
  });

  it('reconstructs deterministically (z* at the coarsest scale, no noise above)', async () => {
    const a = await reconstructSingan(tf, model);
    expect(shapeOf(a)).toEqual([24, 20]);
    expect((await reconstructSingan(tf, model)).data).toEqual(a.data);
  });
});

describe('superResSteps', () => {
  it("takes the paper's number of steps, k = round(ln F / ln(1/r)), each about 1/r, landing exactly on F×", () => {
    // The public code's SR model for ×4 has r = 4^(-1/6): six steps of 4^(1/6).
    const paper = superResSteps([100, 80], 4, Math.pow(4, -1 / 6));
    expect(paper.length).toBe(6);
    expect(paper[0]).toEqual([126, 101]);
    expect(paper[5]).toEqual([400, 320]);
    // The studio's nominal 0.75: ln F / ln(4/3) = 2.41, 4.82, 7.23 steps, rounded.
    expect([2, 4, 8].map((f) => superResSteps([30, 40], f, 0.75).length)).toEqual([2, 5, 7]);
    expect(superResSteps([30, 40], 2, 0.75)).toEqual([
      [42, 57],
      [60, 80],
    ]);
    // A factor near 1 still takes one step.
    expect(superResSteps([30, 40], 2, 0.95)).toHaveLength(14);
    expect(superResSteps([30, 40], 2, 0.2)).toEqual([[60, 80]]);
    expect(() => superResSteps([30, 40], 2, 1)).toThrow(/do not shrink/);
  });
});

describe('superResolve', () => {
  it('×2, ×4 and ×8 of the reconstruction, through the steps superResSteps plans', async () => {
    const steps: number[][] = [];
    const x2 = await superResolve(tf, model, { factor: 2, onStep: (i, img) => steps.push([i, ...shapeOf(img)]) });
    expect(shapeOf(x2)).toEqual([48, 40]);
    expect(inRange(x2)).toBe(true);
    expect(steps).toEqual(superResSteps([24, 20], 2, model.scaleFactor).map(([h, w], i) => [i, h, w]));
    // This model's factor is 0.894: ln 2 / ln(1/0.894) = 6.2 steps.
    expect(steps.length).toBe(6);
    expect(shapeOf(await superResolve(tf, model, { factor: 4 }))).toEqual([96, 80]);
    expect(shapeOf(await superResolve(tf, model, { factor: 8 }))).toEqual([192, 160]);
    await expect(superResolve(tf, model, { factor: 3 as 2 })).rejects.toThrow(
      'Super-resolution factor must be 2, 4 or 8 (got 3).',
    );
  });

  it('of a given image, deterministic per seed', async () => {
    const input = testImage(10, 13);
    const a = await superResolve(tf, model, { factor: 2, input, seed: 4 });
    expect(shapeOf(a)).toEqual([20, 26]);
    expect((await superResolve(tf, model, { factor: 2, input, seed: 4 })).data).toEqual(a.data);
  });

  it('starts from the training image brought to the finest scale as training brings it', () => {
    const image = testImage(TINY_IMAGE.height, TINY_IMAGE.width);
    const atFinest = trainingImageAtFinest(model, image);
    expect(shapeOf(atFinest)).toEqual([24, 20]);
    expect(atFinest.data).toEqual(resizeImageTo(image, 24, 20).data);
    expect(() => trainingImageAtFinest(model, testImage(30, 30))).toThrow(/trained on a/);
  });
});

describe('injectSingan', () => {
  const painting = createRgbImage(
    40,
    33,
    new Float32Array(40 * 33 * 3).map((_, i) => (i % 3 === 0 ? 0.9 : 0.2)),
  );

  it('continues from the injected image at the finer scales and returns the training size', async () => {
    const streamed: number[][] = [];
    const out = await injectSingan(tf, model, {
      image: painting,
      startScale: 1,
      seed: 3,
      onScale: (s, img) => streamed.push([s, ...shapeOf(img)]),
    });
    expect(shapeOf(out)).toEqual([24, 20]);
    expect(streamed).toEqual([
      [1, 22, 18],
      [2, 24, 20],
    ]);
    expect((await injectSingan(tf, model, { image: painting, startScale: 1, seed: 3 })).data).toEqual(out.data);
    // The injected layout survives: red dominates as in the painting.
    let red = 0;
    let blue = 0;
    for (let i = 0; i < out.data.length; i += 3) {
      red += out.data[i];
      blue += out.data[i + 2];
    }
    expect(red).toBeGreaterThan(blue);
  });

  it('at the finest scale returns the resized image itself', async () => {
    const out = await injectSingan(tf, model, { image: painting, startScale: 2, seed: 3 });
    expect(out.data).toEqual(resizeImageTo(painting, 24, 20).data);
  });

  it('refuses a scale the model does not have', async () => {
    await expect(injectSingan(tf, model, { image: painting, startScale: 3, seed: 0 })).rejects.toThrow(/from 0 to 2/);
  });
});

describe('animateSingan', () => {
  it('walks smoothly from the reconstruction: consecutive frames differ less than independent samples', async () => {
    const frames: RgbImage[] = [];
    let checkpoints = 0;
    await animateSingan(tf, model, {
      frames: 6,
      beta: 0.95,
      startScale: 0,
      seed: 9,
      checkpoint: async () => void checkpoints++,
      onFrame: (_i, img) => frames.push(img),
    });
    expect(frames.length).toBe(6);
    expect(checkpoints).toBe(6);
    expect(frames[0].data).toEqual((await reconstructSingan(tf, model)).data);
    const consecutive = frames.slice(1).map((f, i) => meanAbsDiff(f, frames[i]));
    for (const d of consecutive) expect(d).toBeGreaterThan(0);
    const samples = await Promise.all([11, 12, 13, 14].map((seed) => sampleSingan(tf, model, { seed })));
    const independent = samples.slice(1).map((s, i) => meanAbsDiff(s, samples[i]));
    expect(Math.max(...consecutive)).toBeLessThan(Math.min(...independent));
  });

  it('keeps the reconstruction below startScale', async () => {
    const frames: RgbImage[] = [];
    await animateSingan(tf, model, {
      frames: 3,
      beta: 0.95,
      startScale: 2,
      seed: 9,
      onFrame: (_i, img) => frames.push(img),
    });
    expect(meanAbsDiff(frames[2], frames[0])).toBeGreaterThan(0);
    expect(shapeOf(frames[2])).toEqual([24, 20]);
  });
});
