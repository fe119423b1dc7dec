import { beforeAll, describe, expect, it } from 'vitest';
import { axialCoreOps } from '../attention/axialCore';
import { gaussianSampler, mulberry32 } from '../random/prng';
import { EVAL } from '../singan/layers';
import { initWeights } from '../singan/paramSpec';
import { netSpec } from '../singan/singanNet';
import { tf, tinyConfig, useBackend } from '../singan/testSupport';
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
    return tf.tensor4d(Float32Array.from({ length: T * h * w * 3 }, () => g()), [T, h, w, 3]);
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
      const coarse = sequenceForward(tf, config, variant, g, seq, 1, noise, prev, SEQUENCE_START, EVAL, core, true).frames;
      const fine = sequenceForward(tf, config, variant, g, seq, 0.1, noise, prev, SEQUENCE_START, EVAL, core, false).frames;
      // Frame 0 is SinGAN's either way: G on y↑_0; with nothing added, y↑_0 itself.
      expect(frame(coarse, 0)).toEqual(frame(prev, 0));
      for (let t = 1; t < T; t++) {
        expect(frame(coarse, t)).toEqual(frame(coarse, 0));
        expect(frame(fine, t)).toEqual(frame(prev, t));
      }
    });
  }
});
