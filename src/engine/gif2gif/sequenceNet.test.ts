import { beforeAll, describe, expect, it } from 'vitest';
import { axialCoreOps } from '../attention/axialCore';
import { gaussianSampler, mulberry32 } from '../random/prng';
import { EVAL } from '../singan/layers';
import { initWeights } from '../singan/paramSpec';
import { netSpec } from '../singan/singanNet';
import { tf, tinyConfig, useBackend } from '../../testing/singanTestSupport';
import type { tfc } from '../singan/tfTypes';
import { SEQUENCE_START, sequenceForward, sequencerSpec } from './sequenceNet';

/**
 * At the coarsest scale (SinGAN's y↑ is zero there) the recurrent variants
 * make frame t ≥ 1 as a change of frame t − 1; finer scales refine y↑_t.
 * With G's tail weights at zero G adds nothing (tanh 0 = 0), which shows
 * what each frame is built on.
 */
describe('sequenceForward: what a frame is built on', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  const config = tinyConfig({ layers: 3 });
  const [T, h, w] = [3, 6, 7];
  const rng = (seed: number) => [gaussianSampler(mulberry32(seed)), mulberry32(seed + 1)] as const;
  const map = (seed: number) => {
    const g = gaussianSampler(mulberry32(seed));
    return tf.tensor4d(
      Float32Array.from({ length: T * h * w * 3 }, () => g()),
      [T, h, w, 3],
    );
  };
  const frame = (x: tfc.Tensor4D, i: number) => Array.from(tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]).dataSync());

  for (const variant of ['noise-lstm', 'one-to-many'] as const) {
    it(`${variant}: at the coarsest scale every frame carries the one before; above it, y↑ of its own step`, () => {
      const g = initWeights(tf, netSpec('G', config, 4), ...rng(3));
      g['tail.conv.w'] = tf.zerosLike(g['tail.conv.w']);
      g['tail.conv.b'] = tf.zerosLike(g['tail.conv.b']);
      const seq = initWeights(tf, sequencerSpec(variant, 3), ...rng(5));
      const noise = map(7);
      const prev = map(9);
      const core = axialCoreOps(tf);
      const coarse = sequenceForward(
        tf,
        config,
        variant,
        g,
        seq,
        1,
        noise,
        prev,
        SEQUENCE_START,
        EVAL,
        core,
        true,
      ).frames;
      const fine = sequenceForward(
        tf,
        config,
        variant,
        g,
        seq,
        0.1,
        noise,
        prev,
        SEQUENCE_START,
        EVAL,
        core,
        false,
      ).frames;
      // Frame 0 is SinGAN's either way: G on y↑_0; with nothing added, y↑_0 itself.
      expect(frame(coarse, 0)).toEqual(frame(prev, 0));
      for (let t = 1; t < T; t++) {
        expect(frame(coarse, t)).toEqual(frame(coarse, 0));
        expect(frame(fine, t)).toEqual(frame(prev, t));
      }
    });
  }

  for (const variant of ['noise-lstm', 'one-to-many'] as const) {
    it(`${variant}: drift is G's mean squared residual over the frames built on the one before, per frame of the chunk`, () => {
      const g = initWeights(tf, netSpec('G', config, 4), ...rng(13));
      const seq = initWeights(tf, sequencerSpec(variant, 3), ...rng(15));
      const core = axialCoreOps(tf);
      const noise = map(17);
      const prev = map(19);
      const run = (coarsest: boolean, n: number) =>
        sequenceForward(
          tf,
          config,
          variant,
          g,
          seq,
          1,
          tf.slice(noise, [0, 0, 0, 0], [n, -1, -1, -1]),
          tf.slice(prev, [0, 0, 0, 0], [n, -1, -1, -1]),
          SEQUENCE_START,
          EVAL,
          core,
          coarsest,
        );
      const r = run(true, T);
      // Without a motion head frame t is G's residual over frame t − 1 itself.
      let sum = 0;
      for (let t = 1; t < T; t++) {
        const [a, b] = [frame(r.frames, t - 1), frame(r.frames, t)];
        sum += a.reduce((acc, v, i) => acc + (b[i] - v) ** 2, 0) / a.length;
      }
      expect(sum).toBeGreaterThan(0);
      expect(r.drift?.dataSync()[0]).toBeCloseTo(sum / T, 5);
      // None where no frame is built on its predecessor: frame 0 alone, finer scales.
      expect(run(true, 1).drift).toBeNull();
      expect(run(false, T).drift).toBeNull();
    });
  }

  it('batch: no drift', () => {
    const g = initWeights(tf, netSpec('G', config, 4), ...rng(21));
    const r = sequenceForward(
      tf,
      config,
      'batch',
      g,
      null,
      1,
      map(23),
      map(25),
      SEQUENCE_START,
      EVAL,
      axialCoreOps(tf),
      true,
    );
    expect(r.drift).toBeNull();
  });
});
