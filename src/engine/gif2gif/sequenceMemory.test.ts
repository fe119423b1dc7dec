import { beforeAll, describe, expect, it } from 'vitest';

import { movingObjectFrames } from '../../../scripts/make-test-gifs';
import { rgbaToRgb } from '../image/rgbImage';
import { tf, tinyConfig, useBackend } from '../../testing/singanTestSupport';
import { SEQUENCE_VARIANTS } from './sequenceConfig';
import { disposeSequenceModel } from './sequenceModel';
import { trainSequence } from './trainSequence';

const config = tinyConfig({ maxSize: 16, minSize: 16, iterations: 3, lrDropAt: 3, dSteps: 1, gSteps: 1 });
const frames = (n: number) => movingObjectFrames({ frames: n }).map((f) => rgbaToRgb(f.rgba, f.height, f.width));

beforeAll(() => useBackend('wasm'));

describe('trainSequence memory', () => {
  it.each(SEQUENCE_VARIANTS)(
    '%s: peak bytes with chunk 2 do not grow with the frame count, nor tensors with iterations',
    async (variant) => {
      const peaks: Record<number, number[]> = {};
      for (const count of [2, 4, 6]) {
        const before = tf.memory().numTensors;
        const tensors: Record<number, number[]> = { 0: [], 1: [] };
        peaks[count] = [];
        const model = await trainSequence(
          tf,
          frames(count),
          config,
          { variant, hidden: 8, chunk: 2, motion: 3 },
          {
            onMemory: (scale, bytes) => (peaks[count][scale] = bytes),
            onIteration: (scale) => tensors[scale].push(tf.memory().numTensors),
          },
        );
        for (const s of [0, 1])
          expect(new Set(tensors[s]).size, `${count} frames, scale ${s}: ${tensors[s].join(', ')}`).toBe(1);
        disposeSequenceModel(model);
        expect(tf.memory().numTensors).toBe(before);
        console.log(`${variant}: peak bytes ${count} frames: ${peaks[count].join(', ')} (scales 0, 1)`);
      }
      for (const s of [0, 1]) {
        // 2 frames are one chunk; from 4 on, every chunk after the first also carries the recurrent state.
        expect(peaks[4][s]).toBeLessThan(1.5 * peaks[2][s]);
        // Beyond that nothing grows: 6 frames peak as 4 do.
        expect(peaks[6][s]).toBeLessThanOrEqual(1.01 * peaks[4][s]);
      }
    },
    120_000,
  );

  it('trains one-to-many with chunks of one frame (frame 0 alone does not reach the sequencer)', async () => {
    const before = tf.memory().numTensors;
    const model = await trainSequence(
      tf,
      frames(3),
      { ...config, iterations: 1 },
      { variant: 'one-to-many', hidden: 4, chunk: 1, motion: 1 },
      {
        onIteration: (_s, _i, l) => Object.values(l).forEach((v) => expect(Number.isFinite(v)).toBe(true)),
      },
    );
    expect(model.scales.map((s) => s.seq !== null)).toEqual([true, true]);
    disposeSequenceModel(model);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('frees everything it made when cancelled through the checkpoint', async () => {
    const before = tf.memory().numTensors;
    const reason = new Error('cancelled');
    let checkpoints = 0;
    const run = trainSequence(
      tf,
      frames(3),
      config,
      { variant: 'one-to-many', hidden: 4, chunk: 2, motion: 1 },
      {
        checkpoint: async () => {
          if (++checkpoints === 5) throw reason;
        },
      },
    );
    await expect(run).rejects.toBe(reason);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
