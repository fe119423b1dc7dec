import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, useCpu } from '../../testing/singanTestSupport';
import type { NetWeights } from '../singan/tfTypes';
import { sampleSequence } from './sampleSequence';
import { generationBatchNorm } from './sequenceChain';
import { SEQUENCE_VARIANTS, type SequenceVariant } from './sequenceConfig';
import { disposeSequenceModel, type SequenceModel } from './sequenceModel';
import { randomSequenceModel } from '../../testing/sequenceTestSupport';

/** The model with G's BatchNorm running means at the given scales moved far off (new tensors; the rest shared). */
function withRunningMeansMoved(
  model: SequenceModel,
  scales: readonly number[],
): { model: SequenceModel; made: NetWeights[] } {
  const made: NetWeights[] = [];
  return {
    model: {
      ...model,
      scales: model.scales.map((s, i) => {
        if (!scales.includes(i)) return s;
        const moved: NetWeights = {};
        for (const [k, t] of Object.entries(s.g.tensors)) if (k.endsWith('.runningMean')) moved[k] = tf.add(t, 3);
        made.push(moved);
        return { ...s, g: { ...s.g, tensors: { ...s.g.tensors, ...moved } } };
      }),
    },
    made,
  };
}

const same = async (a: SequenceModel, b: SequenceModel): Promise<boolean> => {
  const [x, y] = [
    await sampleSequence(tf, a, { seed: 5, frames: 4 }),
    await sampleSequence(tf, b, { seed: 5, frames: 4 }),
  ];
  return x.every((f, t) => f.data.every((v, i) => v === y[t].data[i]));
};

/**
 * Where training ran G on one frame at a time (one-to-many everywhere,
 * noise-lstm at the coarsest scale), generation normalises each frame with
 * its own statistics, as training did: the running statistics, a blend of
 * frame 0 and the frames built on the one before, must not matter there.
 */
describe('SequenceChain: BatchNorm at generation as in training', () => {
  beforeAll(async () => {
    await useCpu();
  });
  const models: SequenceModel[] = [];
  const extra: NetWeights[] = [];
  afterAll(() => {
    models.forEach(disposeSequenceModel);
    for (const w of extra) for (const t of Object.values(w)) t.dispose();
  });

  /** Per scale (three): does training run G on single frames there? */
  const singleFrames: Record<SequenceVariant, boolean[]> = {
    batch: [false, false, false],
    'noise-lstm': [true, false, false],
    'one-to-many': [true, true, true],
  };

  for (const variant of SEQUENCE_VARIANTS) {
    it(`${variant}: samples ignore the running statistics exactly where training saw single frames`, async () => {
      // Three scales, a motion head at the coarsest.
      const model = await randomSequenceModel(variant, 3, undefined, 1);
      models.push(model);
      expect(model.scales.length).toBe(3);
      const unchanged: boolean[] = [];
      for (const s of [0, 1, 2]) {
        const moved = withRunningMeansMoved(model, [s]);
        extra.push(...moved.made);
        unchanged.push(await same(model, moved.model));
      }
      expect(unchanged).toEqual(singleFrames[variant]);
      expect([0, 1, 2].map((s) => generationBatchNorm(variant, s).training)).toEqual(singleFrames[variant]);
    });
  }
});
