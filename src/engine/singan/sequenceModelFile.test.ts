import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSequence } from '../gif2gif/sampleSequence';
import type { SequenceVariant } from '../gif2gif/sequenceConfig';
import { disposeSequenceModel, type SequenceModel } from '../gif2gif/sequenceModel';
import { randomSequenceModel } from '../../testing/sequenceTestSupport';
import {
  disposeFileModel,
  isSequenceModel,
  parseModelFile,
  parseSinganModel,
  serializeSinganModel,
  SinganModelError,
} from './singanModelFile';
import { randomModel, TINY_IMAGE, tf, tinyConfig, useCpu } from '../../testing/singanTestSupport';

const parseError = (bytes: Uint8Array): Error => {
  try {
    const m = parseModelFile(tf, bytes);
    disposeFileModel(m);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the file to be refused');
};

describe('GIF → GIF models in the model file (format versions 2 and 3)', () => {
  beforeAll(async () => {
    await useCpu();
  });
  const made: SequenceModel[] = [];
  afterAll(() => made.forEach(disposeSequenceModel));

  const cases: [SequenceVariant, number][] = [
    ['batch', 0],
    ['noise-lstm', 0],
    ['noise-lstm', 2],
    ['one-to-many', 0],
    ['one-to-many', 2],
  ];
  for (const [variant, motion] of cases) {
    it(`${variant}, motion ${motion}: serialize → parse → serialize gives the same bytes (version ${motion ? 3 : 2}), and the parsed model samples the same frames`, async () => {
      const model = await randomSequenceModel(variant, 3, undefined, motion);
      made.push(model);
      const bytes = serializeSinganModel(model);
      // The lowest version that holds it: a model without a motion head stays readable by version-2 studios.
      expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(motion ? 3 : 2);
      const parsed = parseModelFile(tf, bytes);
      try {
        expect(isSequenceModel(parsed)).toBe(true);
        const seqParsed = parsed as SequenceModel;
        expect(seqParsed.sequence).toMatchObject({ variant, hidden: 3, chunk: 2, motion, frames: 3 });
        expect(Object.keys(seqParsed.scales[0].seq?.tensors ?? {}).some((k) => k.startsWith('move.'))).toBe(
          motion > 0 && variant !== 'batch',
        );
        expect(
          seqParsed.scales.slice(1).every((s) => !Object.keys(s.seq?.tensors ?? {}).some((k) => k.startsWith('move.'))),
        ).toBe(true);
        expect(seqParsed.sequence.zStars.length).toBe(variant === 'one-to-many' ? 1 : 3);
        expect(seqParsed.scales.every((s) => (variant === 'batch' ? s.seq === null : s.seq !== null))).toBe(true);
        expect(serializeSinganModel(parsed)).toEqual(bytes);
        const a = await sampleSequence(tf, model, { seed: 4 });
        const b = await sampleSequence(tf, seqParsed, { seed: 4 });
        expect(b.length).toBe(3);
        for (let t = 0; t < a.length; t++) expect(b[t].data).toEqual(a[t].data);
      } finally {
        disposeFileModel(parsed);
      }
    });
  }

  it('holds a partly trained GIF → GIF model', async () => {
    const model = await randomSequenceModel('noise-lstm', 4, 1);
    made.push(model);
    const parsed = parseModelFile(tf, serializeSinganModel(model));
    try {
      expect(parsed.scales.length).toBe(1);
      expect(isSequenceModel(parsed)).toBe(true);
    } finally {
      disposeFileModel(parsed);
    }
  });

  it('a still-image reader refuses a GIF → GIF model with what to use instead, and leaks nothing', async () => {
    const model = await randomSequenceModel('one-to-many', 3);
    made.push(model);
    const bytes = serializeSinganModel(model);
    const before = tf.memory().numTensors;
    expect(() => parseSinganModel(tf, bytes)).toThrow(SinganModelError);
    expect(() => parseSinganModel(tf, bytes)).toThrow(/GIF → GIF model/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a still-image model reads back without a sequence', async () => {
    const still = await randomModel(tinyConfig(), TINY_IMAGE);
    const parsed = parseModelFile(tf, serializeSinganModel(still));
    try {
      expect(isSequenceModel(parsed)).toBe(false);
    } finally {
      disposeFileModel(parsed);
      disposeFileModel(still);
    }
  });

  it('refuses sequence settings a version 1 file cannot hold, or that are invalid', async () => {
    const model = await randomSequenceModel('noise-lstm', 3);
    made.push(model);
    const bytes = serializeSinganModel(model);
    const v1 = bytes.slice();
    new DataView(v1.buffer).setUint32(8, 1, true);
    expect(parseError(v1).message).toMatch(/a version 1 file cannot hold a GIF → GIF model/);
  });

  it('refuses a motion head in a version 2 file', async () => {
    const model = await randomSequenceModel('one-to-many', 3, undefined, 2);
    made.push(model);
    const v2 = serializeSinganModel(model).slice();
    new DataView(v2.buffer).setUint32(8, 2, true);
    expect(parseError(v2).message).toMatch(/a motion range of 2 in a version 2 file/);
  });
});
