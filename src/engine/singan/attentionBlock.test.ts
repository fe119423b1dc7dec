import { beforeAll, describe, expect, it } from 'vitest';
import { axialCoreOps } from '../attention/axialCore';
import { HeldTensors, withAxialCoreGrad } from '../attention/axialCoreGrad';
import { gaussianSampler, mulberry32 } from '../random/prng';
import { attentionSite, attentionSpecs } from './attentionBlock';
import { initWeights } from './paramSpec';
import { tf, useBackend } from '../../testing/singanTestSupport';
import type { NetWeights, tfc } from './tfTypes';

/**
 * GIF → GIF runs G and D on a chunk of frames as one batch: every frame must
 * attend within itself, exactly as it would alone, through the plain core and
 * through the differentiable one training uses.
 */
describe('axial attention on a batch of images', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const weights = (c: number): NetWeights => {
    const w = initWeights(tf, attentionSpecs('site', c, true), gaussianSampler(mulberry32(5)), mulberry32(6));
    // γ starts at 0 (the block is the identity); give both gains a value so attention shows.
    w['site.attn.gamma'] = tf.scalar(0.7);
    w['site.ff.gamma'] = tf.scalar(0.4);
    return w;
  };
  const random = (shape: [number, number, number, number], seed: number) => {
    const g = gaussianSampler(mulberry32(seed));
    return tf.tensor<tfc.Rank.R4>(
      Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => g()),
      shape,
    );
  };

  for (const [h, wd, c] of [
    [5, 7, 4],
    [1, 6, 3],
    [6, 1, 2],
  ] as const) {
    it(`${h}×${wd}×${c}: a batch of 3 gives each image its own result, on the plain and the differentiable core`, () => {
      const w = weights(c);
      const x = random([3, h, wd, c], 7);
      const held = new HeldTensors(tf);
      for (const core of [axialCoreOps(tf), withAxialCoreGrad(tf, axialCoreOps(tf), held)]) {
        const batched = attentionSite(tf, x, w, 'site', core);
        expect(batched.shape).toEqual([3, h, wd, c]);
        const together = batched.arraySync();
        for (let i = 0; i < 3; i++) {
          const alone = attentionSite(tf, tf.slice(x, [i, 0, 0, 0], [1, h, wd, c]), w, 'site', core).arraySync();
          const a = together[i].flat(2);
          const b = alone[0].flat(2);
          expect(Math.max(...a.map((v, j) => Math.abs(v - b[j])))).toBeLessThan(1e-6);
        }
        // Changing one image leaves the others' results as they were: no axis runs across images.
        const changed = tf.concat([
          tf.slice(x, [0, 0, 0, 0], [2, h, wd, c]),
          tf.mul(tf.slice(x, [2, 0, 0, 0], [1, h, wd, c]), -3),
        ]) as tfc.Tensor4D;
        const other = attentionSite(tf, changed, w, 'site', core).arraySync();
        expect(other[0]).toEqual(together[0]);
        expect(other[1]).toEqual(together[1]);
      }
      held.release();
    });
  }
});
