import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waterfallFrames } from '../../../scripts/make-test-gifs';
import { rgbaToRgb, type RgbImage } from '../image/rgbImage';
import type { SinganLosses } from '../singan/trainSingan';
import { meanAbsDiff, tf, tinyConfig, useBackend } from '../../testing/singanTestSupport';
import { SEQUENCE_VARIANTS, type SequenceVariant } from './sequenceConfig';
import { disposeSequenceModel, type SequenceModel } from './sequenceModel';
import { reconstructSequence, sampleSequence, sequenceSampleNoise } from './sampleSequence';
import { sequenceReconstructionNoise, trainSequence } from './trainSequence';

const FRAMES = 4;
const frames: RgbImage[] = waterfallFrames({ frames: FRAMES }).map((f) => rgbaToRgb(f.rgba, f.height, f.width));
/** Two 16×16 scales of 4-channel nets (maxSize = minSize keeps the pyramid at two scales); one D and one G step per iteration. */
const config = tinyConfig({
  maxSize: 16,
  minSize: 16,
  iterations: 8,
  lrDropAt: 8,
  dSteps: 1,
  gSteps: 1,
  lr: 2e-3,
  previewEvery: 8,
});
const HOOK_TIMEOUT_MS = 300_000;

interface Run {
  model: SequenceModel;
  losses: { scale: number; iteration: number; losses: SinganLosses; tensors: number }[];
  previews: { scale: number; iteration: number; sample: RgbImage[]; rec: RgbImage[] }[];
  done: number[];
  ms: number;
}

let baseline = 0;

beforeAll(async () => {
  // tfjs-wasm with the studio's kernels: an order of magnitude quicker than the plain-JS backend here.
  await useBackend('wasm');
  baseline = tf.memory().numTensors;
});

describe.each(SEQUENCE_VARIANTS)('trainSequence, %s', (variant: SequenceVariant) => {
  let run: Run;
  beforeAll(async () => {
    const r: Omit<Run, 'model' | 'ms'> = { losses: [], previews: [], done: [] };
    const started = performance.now();
    const model = await trainSequence(
      tf,
      frames,
      config,
      { variant, hidden: 4, chunk: 2, motion: 2 },
      {
        onIteration: (scale, iteration, losses) =>
          r.losses.push({ scale, iteration, losses, tensors: tf.memory().numTensors }),
        onPreview: (scale, iteration, sample, rec) => r.previews.push({ scale, iteration, sample, rec }),
        onScaleDone: (s, m) => {
          r.done.push(s);
          expect(m.scales.length).toBe(s + 1);
        },
      },
    );
    run = { ...r, model, ms: performance.now() - started };
    console.log(
      `${variant}: trained 2 scales × ${config.iterations} iterations on ${FRAMES} frames in ${(run.ms / 1000).toFixed(1)} s`,
    );
  }, HOOK_TIMEOUT_MS);
  afterAll(() => {
    if (run) disposeSequenceModel(run.model);
  });

  it('trains both scales with finite losses, and a sequencer where the variant has one', () => {
    expect(run.done).toEqual([0, 1]);
    expect(run.losses.map((l) => [l.scale, l.iteration])).toEqual(
      [0, 1].flatMap((s) => Array.from({ length: config.iterations }, (_, i) => [s, i])),
    );
    for (const { losses } of run.losses) {
      for (const v of Object.values(losses)) expect(Number.isFinite(v)).toBe(true);
      expect(losses.gp).toBeGreaterThanOrEqual(0);
      expect(losses.rec).toBeGreaterThan(0);
    }
    // The drift penalty (G's residual over the moved previous frame) exists where frames are built on the one before.
    for (const { scale, losses } of run.losses) {
      if (variant !== 'batch' && scale === 0) expect(losses.drift).toBeGreaterThan(0);
      else expect(losses.drift).toBeUndefined();
    }
    const { model } = run;
    expect(model.sequence).toMatchObject({ variant, hidden: 4, chunk: 2, motion: 2, frames: FRAMES });
    expect(model.sequence.zStars.length).toBe(variant === 'one-to-many' ? 1 : FRAMES);
    expect(model.sequence.zStars[0]).toBe(model.zStar);
    expect(model.scales[0].noiseAmp).toBe(1);
    expect(model.scales[1].noiseAmp).toBeGreaterThan(0);
    expect(model.scales[1].noiseAmp).toBeLessThan(0.1);
    for (const [n, s] of model.scales.entries()) {
      const motionHead = n === 0 ? ['move.b', 'move.w'] : [];
      if (variant === 'batch') expect(s.seq).toBeNull();
      else
        expect(Object.keys(s.seq!.values).sort()).toEqual([
          'lstm.bf',
          'lstm.bg',
          'lstm.bi',
          'lstm.bo',
          'lstm.w',
          ...motionHead,
          'out.b',
          'out.w',
        ]);
    }
    // The motion head (coarsest scale only) trained away from its zero start.
    if (variant !== 'batch')
      expect(Math.max(...Array.from(model.scales[0].seq!.values['move.b'], Math.abs))).toBeGreaterThan(0);
  });

  it('lowers the reconstruction error over the iterations of scale 0', () => {
    const rec = run.losses.filter((l) => l.scale === 0).map((l) => l.losses.rec);
    console.log(`${variant}: reconstruction MSE at scale 0: ${rec.map((v) => v.toFixed(4)).join(', ')}`);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(rec.slice(-2)), rec.map((v) => v.toFixed(4)).join(', ')).toBeLessThan(0.8 * mean(rec.slice(0, 2)));
  });

  it('leaks no tensors between iterations', () => {
    for (const scale of [0, 1]) {
      const counts = run.losses.filter((l) => l.scale === scale).map((l) => l.tensors);
      expect(new Set(counts).size, `scale ${scale}: ${counts.join(', ')}`).toBe(1);
    }
  });

  it('previews every frame of a sample and of the reconstruction', () => {
    expect(run.previews.map((p) => [p.scale, p.iteration])).toEqual([
      [0, 7],
      [1, 7],
    ]);
    for (const p of run.previews) {
      expect(p.sample.length).toBe(FRAMES);
      expect(p.rec.length).toBe(FRAMES);
      for (const f of [...p.sample, ...p.rec]) expect([f.height, f.width]).toEqual([16, 16]);
    }
  });

  it('samples the training length by default, longer on request, reversed, and the same frames for the same seed', async () => {
    const before = tf.memory().numTensors;
    const a = await sampleSequence(tf, run.model, { seed: 3 });
    expect(a.length).toBe(FRAMES);
    for (const f of a) expect([f.height, f.width]).toEqual([16, 16]);
    const again = await sampleSequence(tf, run.model, { seed: 3 });
    again.forEach((f, i) => expect(f.data).toEqual(a[i].data));
    const other = await sampleSequence(tf, run.model, { seed: 4 });
    expect(meanAbsDiff(other[0], a[0])).toBeGreaterThan(0);
    // Longer: the recurrence continues, and starts with the same frames.
    const long = await sampleSequence(tf, run.model, { seed: 3, frames: 2 * FRAMES + 1 });
    expect(long.length).toBe(2 * FRAMES + 1);
    a.forEach((f, i) => expect(long[i].data).toEqual(f.data));
    const reversed = await sampleSequence(tf, run.model, { seed: 3, reverse: true });
    expect(reversed.map((f) => f.data)).toEqual([...a].reverse().map((f) => f.data));
    // Frames differ from one another (a frame is not simply repeated).
    expect(meanAbsDiff(a[0], a[1])).toBeGreaterThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reconstructs the training frames with the fixed noise', async () => {
    const rec = await reconstructSequence(tf, run.model);
    expect(rec.length).toBe(FRAMES);
    const again = await reconstructSequence(tf, run.model);
    rec.forEach((f, i) => expect(again[i].data).toEqual(f.data));
  });

  it("varies from a start scale: below it the reconstruction's noise, from it the seed's; out of range refused", async () => {
    const model = run.model;
    const rec = sequenceReconstructionNoise(model);
    const plain = sequenceSampleNoise(model, 3);
    const kept = sequenceSampleNoise(model, 3, 1);
    const [h0, w0] = model.scaleShapes[0];
    const trained = model.sequence.zStars.length;
    for (let t = 0; t < FRAMES + 2; t++) {
      // Coarsest: z*_t where the model has one, else the seed's noise (the recurrence runs on past the source).
      expect(kept(0, t, [h0, w0])).toEqual(t < trained ? rec(0, t, [h0, w0]) : plain(0, t, [h0, w0]));
      expect(kept(1, t, model.scaleShapes[1])).toEqual(plain(1, t, model.scaleShapes[1]));
    }
    const a = await sampleSequence(tf, model, { seed: 3 });
    expect((await sampleSequence(tf, model, { seed: 3, startScale: 0 })).map((f) => f.data)).toEqual(
      a.map((f) => f.data),
    );
    const k3 = await sampleSequence(tf, model, { seed: 3, startScale: 1 });
    const k4 = await sampleSequence(tf, model, { seed: 4, startScale: 1 });
    const r = await reconstructSequence(tf, model);
    const diff = (x: RgbImage[], y: RgbImage[]) => x.reduce((acc, f, i) => acc + meanAbsDiff(f, y[i]), 0) / x.length;
    // Seeds still differ (the finest scale's noise), less than plain samples do, and stay near the reconstruction.
    expect(diff(k3, k4)).toBeGreaterThan(0);
    expect(diff(k3, k4)).toBeLessThan(diff(a, await sampleSequence(tf, model, { seed: 4 })));
    expect(diff(k3, r)).toBeGreaterThan(0);
    expect(diff(k3, r)).toBeLessThan(diff(a, r));
    for (const bad of [2, -1, 0.5])
      await expect(sampleSequence(tf, model, { seed: 3, startScale: bad })).rejects.toThrow(
        /Vary from a scale from 0 to 1/,
      );
  });

  it('resumes a 1-scale model at scale 1 and continues exactly as the straight run did', async () => {
    const oneScale: SequenceModel = { ...run.model, scales: run.model.scales.slice(0, 1) };
    const resumed = await trainSequence(tf, frames, config, { variant, hidden: 4, chunk: 2, motion: 2 }, {}, oneScale);
    try {
      expect(resumed.scales.length).toBe(2);
      expect(resumed.sequence.zStars).toBe(run.model.sequence.zStars);
      // Every random stream is derived from (seed, scale, iteration, frame), so the continued scale matches.
      for (const net of ['g', 'd', 'seq'] as const) {
        const want = run.model.scales[1][net]?.values ?? null;
        const got = resumed.scales[1][net]?.values ?? null;
        expect(got, net).toEqual(want);
      }
      // resumeFrom was copied, not taken over.
      expect(run.model.scales[0].g.tensors['head.conv.w'].isDisposed).toBe(false);
      await expect(
        trainSequence(tf, frames, config, { variant, hidden: 5, chunk: 2, motion: 2 }, {}, oneScale),
      ).rejects.toThrow(/hidden channels/);
      await expect(
        trainSequence(tf, frames.slice(1), config, { variant, hidden: 4, chunk: 2, motion: 2 }, {}, oneScale),
      ).rejects.toThrow(/trained on 4 frames/);
    } finally {
      disposeSequenceModel(resumed);
    }
  });

  it('frees every tensor when the model is disposed', () => {
    disposeSequenceModel(run.model);
    expect(tf.memory().numTensors).toBe(baseline);
    run = undefined as unknown as Run;
  });
});

describe('trainSequence with axial attention', () => {
  // G and D see a chunk of frames as one batch: attention must keep each frame to itself (attentionBlock.test.ts).
  for (const variant of ['noise-lstm', 'one-to-many'] as const) {
    it(
      `${variant}, head attention with a feed-forward block, chunks of 2 frames: trains, samples, leaks nothing`,
      async () => {
        const before = tf.memory().numTensors;
        const cfg = {
          ...config,
          iterations: 2,
          lrDropAt: 2,
          previewEvery: 0,
          attention: 'head' as const,
          feedForward: true,
        };
        const model = await trainSequence(tf, frames, cfg, { variant, hidden: 3, chunk: 2, motion: 1 });
        try {
          expect(model.scales.length).toBe(2);
          const sample = await sampleSequence(tf, model, { seed: 2, frames: 5 });
          expect(sample.length).toBe(5);
          for (const f of sample) expect(f.data.every(Number.isFinite)).toBe(true);
        } finally {
          disposeSequenceModel(model);
        }
        expect(tf.memory().numTensors).toBe(before);
      },
      HOOK_TIMEOUT_MS,
    );
  }
});

describe('trainSequence cancelled inside an iteration', () => {
  it(
    'takes a cancel between the D and G steps of one iteration, and frees every tensor',
    async () => {
      const before = tf.memory().numTensors;
      let calls = 0;
      const iterations: number[] = [];
      const cancelled = new Error('cancelled');
      await expect(
        trainSequence(
          tf,
          frames,
          { ...config, dSteps: 3, gSteps: 3, iterations: 2, lrDropAt: 2 },
          { variant: SEQUENCE_VARIANTS[0], hidden: 4, chunk: 2, motion: 2 },
          {
            onIteration: (_s, it) => iterations.push(it),
            // 1: before iteration 0; 2, 3: before its 2nd and 3rd D steps.
            checkpoint: async () => {
              if (++calls === 3) throw cancelled;
            },
          },
        ),
      ).rejects.toBe(cancelled);
      expect(iterations).toEqual([]);
      expect(tf.memory().numTensors).toBe(before);
    },
    HOOK_TIMEOUT_MS,
  );
});
