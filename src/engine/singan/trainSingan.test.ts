import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RgbImage } from '../image/rgbImage';
import type { SinganConfig } from './singanConfig';
import { disposeSinganModel, type SinganModel } from './singanModel';
import { parseSinganModel, serializeSinganModel } from './singanModelFile';
import { singanScaleShapes } from './singanPyramid';
import { TINY_IMAGE, testImage, tf, tinyConfig, useCpu } from '../../testing/singanTestSupport';
import { trainSingan, type SinganLosses } from './trainSingan';

const image = testImage(TINY_IMAGE.height, TINY_IMAGE.width);

interface Run {
  model: SinganModel;
  starts: [number, number, readonly [number, number]][];
  losses: { scale: number; iteration: number; losses: SinganLosses; tensors: number }[];
  previews: { scale: number; iteration: number; sample: RgbImage; rec: RgbImage }[];
  done: number[];
}

async function run(config: SinganConfig, resumeFrom?: SinganModel): Promise<Run> {
  const r: Omit<Run, 'model'> = { starts: [], losses: [], previews: [], done: [] };
  const model = await trainSingan(
    tf,
    image,
    config,
    {
      onScaleStart: (s, n, shape) => r.starts.push([s, n, shape]),
      onIteration: (scale, iteration, losses) =>
        r.losses.push({ scale, iteration, losses, tensors: tf.memory().numTensors }),
      onPreview: (scale, iteration, sample, rec) => r.previews.push({ scale, iteration, sample, rec }),
      onScaleDone: (s, m) => {
        r.done.push(s);
        expect(m.scales.length).toBe(s + 1);
      },
    },
    resumeFrom,
  );
  return { ...r, model };
}

/** Trains until scale `stopAt` starts, then cancels as the worker does (rejecting the checkpoint). */
async function trainUntil(
  config: SinganConfig,
  stopAt: number,
  onIteration?: (s: number, i: number, l: SinganLosses) => void,
) {
  let stop = false;
  const reason = new Error('cancelled by test');
  const result = trainSingan(tf, image, config, {
    checkpoint: async () => {
      if (stop) throw reason;
    },
    onScaleStart: (s) => (stop = s >= stopAt),
    onIteration,
  });
  await expect(result).rejects.toBe(reason);
}

const config = tinyConfig({ iterations: 2, previewEvery: 2 });
/** A three-scale training on the plain-JS backend: seconds on a fast machine, tens under load. */
const TRAINING_HOOK_TIMEOUT_MS = 300_000;
let baseline = 0;
let straight: Run;

beforeAll(async () => {
  await useCpu();
  baseline = tf.memory().numTensors;
  straight = await run(config);
}, TRAINING_HOOK_TIMEOUT_MS);

afterAll(() => {
  if (straight) disposeSinganModel(straight.model);
});

describe('trainSingan', () => {
  it('trains every scale coarse to fine and reports each', () => {
    const shapes = singanScaleShapes(config, image.height, image.width);
    expect(shapes).toEqual([
      [20, 16],
      [22, 18],
      [24, 20],
    ]);
    expect(straight.starts).toEqual(shapes.map((s, i) => [i, 3, s]));
    expect(straight.done).toEqual([0, 1, 2]);
    expect(straight.model.scales.map((s) => s.channels)).toEqual([4, 4, 4]);
    expect(straight.losses.map((l) => [l.scale, l.iteration])).toEqual(
      [0, 1, 2].flatMap((s) => [0, 1].map((i) => [s, i])),
    );
  });

  it('reports finite losses', () => {
    for (const { losses } of straight.losses) {
      for (const v of Object.values(losses)) expect(Number.isFinite(v)).toBe(true);
      expect(losses.gp).toBeGreaterThanOrEqual(0);
      expect(losses.rec).toBeGreaterThan(0);
    }
  });

  it('sets noise amplitudes as the public code: 1, then 0.1 × RMSE of the upsampled reconstruction', () => {
    const amps = straight.model.scales.map((s) => s.noiseAmp);
    expect(amps[0]).toBe(1);
    for (const a of amps.slice(1)) {
      expect(a).toBeGreaterThan(0.001);
      expect(a).toBeLessThan(0.1); // RMSE of [−1, 1] images is below 1
    }
  });

  it('leaks no tensors between iterations', () => {
    for (const scale of [0, 1, 2]) {
      const counts = straight.losses.filter((l) => l.scale === scale).map((l) => l.tensors);
      expect(new Set(counts).size, `scale ${scale}: ${counts.join(', ')}`).toBe(1);
    }
  });

  it('previews a sample and the reconstruction at the scale’s size', () => {
    expect(straight.previews.map((p) => [p.scale, p.iteration])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    const shapes = singanScaleShapes(config, image.height, image.width);
    straight.previews.forEach((p) => {
      for (const img of [p.sample, p.rec]) {
        expect([img.height, img.width]).toEqual(shapes[p.scale]);
        expect(Math.min(...img.data)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...img.data)).toBeLessThanOrEqual(1);
      }
    });
  });

  it('resumes a 1-scale model at scale 1, keeps scale 0 exactly, and continues as a straight run would', async () => {
    const full = parseSinganModel(tf, serializeSinganModel(straight.model));
    for (const s of full.scales.slice(1)) disposeSinganModel({ ...full, scales: [s] });
    const oneScale: SinganModel = { ...full, scales: full.scales.slice(0, 1) };
    const resumed = await run(config, oneScale);
    try {
      expect(resumed.starts.map((s) => s[0])).toEqual([1, 2]);
      expect(resumed.model.scales.length).toBe(3);
      const s0 = resumed.model.scales[0];
      for (const net of ['g', 'd'] as const) {
        for (const [name, values] of Object.entries(straight.model.scales[0][net].values)) {
          expect(s0[net].values[name], name).toEqual(values);
          expect(s0[net].tensors[name].dataSync(), name).toEqual(values);
        }
      }
      // Every random stream is derived from (seed, scale), so the continued scales match too.
      expect(serializeSinganModel(resumed.model)).toEqual(serializeSinganModel(straight.model));
      // resumeFrom was copied, not taken over.
      expect(oneScale.scales[0].g.tensors['head.conv.w'].isDisposed).toBe(false);
    } finally {
      disposeSinganModel(resumed.model);
      disposeSinganModel(oneScale);
    }
  });

  it('refuses to resume a model trained with other settings', async () => {
    await expect(trainSingan(tf, image, { ...config, seed: 8 }, {}, straight.model)).rejects.toThrow(/other settings/);
  });

  it('lowers the reconstruction error over the iterations of a scale', async () => {
    const rec: number[] = [];
    // A higher lr and one step each keep this quick on the CPU backend.
    await trainUntil(tinyConfig({ iterations: 8, lrDropAt: 8, dSteps: 1, gSteps: 1, lr: 2e-3 }), 1, (_s, _i, l) =>
      rec.push(l.rec),
    );
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(rec.length).toBe(8);
    expect(mean(rec.slice(-2))).toBeLessThan(0.8 * mean(rec.slice(0, 2)));
  });

  it('trains with attention (head+tail, feed-forward): γ leaves 0', async () => {
    const cfg = tinyConfig({ iterations: 2, attention: 'head+tail', feedForward: true });
    let m: SinganModel | null = null;
    const stop = new Error('stop');
    await expect(
      trainSingan(tf, image, cfg, {
        onIteration: (_s, _i, l) => Object.values(l).forEach((v) => expect(Number.isFinite(v)).toBe(true)),
        onScaleDone: (_s, model) => {
          m = model;
          const g = model.scales[0].g.values;
          expect(Math.abs(g['head.attn.gamma'][0])).toBeGreaterThan(0);
          expect(Math.abs(g['tail.attn.gamma'][0])).toBeGreaterThan(0);
          expect(Math.abs(g['head.ff.gamma'][0])).toBeGreaterThan(0);
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
    expect(m).not.toBeNull();
  });

  it('cancels through the checkpoint and frees everything it made', async () => {
    const before = tf.memory().numTensors;
    const reason = new Error('cancelled');
    let checkpoints = 0;
    await expect(
      trainSingan(tf, image, config, {
        checkpoint: async () => {
          if (++checkpoints === 2) throw reason;
        },
      }),
    ).rejects.toBe(reason);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees every tensor when the model is disposed', () => {
    disposeSinganModel(straight.model);
    expect(tf.memory().numTensors).toBe(baseline);
    straight = undefined as unknown as Run;
  });
});
