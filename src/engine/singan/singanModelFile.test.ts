import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sampleSingan } from './sampleSingan';
import { disposeSinganModel, type SinganModel } from './singanModel';
import { crc32 } from '../crc32';
import {
  parseSinganModel,
  serializeSinganModel,
  SINGAN_MODEL_FORMAT_VERSION,
  SinganModelError,
} from './singanModelFile';
import { randomModel, TINY_IMAGE, tf, tinyConfig, useCpu } from '../../testing/singanTestSupport';

let model: SinganModel;
let bytes: Uint8Array;

beforeAll(async () => {
  await useCpu();
  model = await randomModel(tinyConfig({ attention: 'head+tail', feedForward: true }), TINY_IMAGE);
  bytes = serializeSinganModel(model);
}, 120_000);

afterAll(() => disposeSinganModel(model));

const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);

/** The fields of a model file's header JSON that these tests edit. */
interface EditableHeader {
  kind: string;
  config: { kernel?: number; layers: number };
  imageShape: number[];
  scaleShapes: number[][];
  scales: { channels: number }[];
  tensors: { shape: number[]; offset: number }[];
}

/** The same file with its header JSON edited (and a valid checksum), to reach the manifest checks. */
function withHeader(src: Uint8Array, edit: (header: EditableHeader) => void): Uint8Array {
  const headerBytes = u32(src, 12);
  const header = JSON.parse(new TextDecoder().decode(src.subarray(24, 24 + headerBytes))) as EditableHeader;
  edit(header);
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = new Uint8Array(Math.ceil(json.length / 4) * 4).fill(0x20);
  padded.set(json);
  json = padded;
  const payload = src.subarray(24 + headerBytes);
  const out = new Uint8Array(24 + json.length + payload.length);
  out.set(src.subarray(0, 24));
  out.set(json, 24);
  out.set(payload, 24 + json.length);
  const view = new DataView(out.buffer);
  view.setUint32(12, json.length, true);
  view.setUint32(20, crc32(out.subarray(24)), true);
  return out;
}

function parseError(b: Uint8Array): SinganModelError {
  try {
    disposeSinganModel(parseSinganModel(tf, b));
  } catch (err) {
    expect(err).toBeInstanceOf(SinganModelError);
    return err as SinganModelError;
  }
  throw new Error('the file was accepted');
}

describe('SinGAN model file', () => {
  it('round-trips exactly: serialize → parse → serialize gives the same bytes', () => {
    const parsed = parseSinganModel(tf, bytes);
    try {
      expect(serializeSinganModel(parsed)).toEqual(bytes);
      expect(parsed.config).toEqual(model.config);
      expect(parsed.scaleShapes).toEqual(model.scaleShapes);
      expect(parsed.scales.map((s) => s.noiseAmp)).toEqual(model.scales.map((s) => s.noiseAmp));
      expect(parsed.zStar).toEqual(model.zStar);
    } finally {
      disposeSinganModel(parsed);
    }
  });

  it('gives bit-identical samples after a round trip', async () => {
    const parsed = parseSinganModel(tf, bytes);
    try {
      for (const seed of [0, 5]) {
        const a = await sampleSingan(tf, model, { seed });
        const b = await sampleSingan(tf, parsed, { seed });
        expect(b.data).toEqual(a.data);
      }
    } finally {
      disposeSinganModel(parsed);
    }
  });

  it('holds partly trained models (and none at all)', () => {
    for (const k of [0, 1]) {
      const partial: SinganModel = { ...model, scales: model.scales.slice(0, k) };
      const b = serializeSinganModel(partial);
      const parsed = parseSinganModel(tf, b);
      expect(parsed.scales.length).toBe(k);
      expect(serializeSinganModel(parsed)).toEqual(b);
      disposeSinganModel(parsed);
    }
  });

  it('starts with the magic bytes and the format version', () => {
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x53, 0x47, 0x4e, 0x0d, 0x0a, 0x1a, 0x0a]);
    // A still-image model is written as version 2, the lowest that holds it (version 3 adds GIF → GIF's motion head).
    expect(u32(bytes, 8)).toBe(2);
    expect(SINGAN_MODEL_FORMAT_VERSION).toBe(3);
    expect(bytes.length % 4).toBe(0);
  });

  it('refuses files that are not models', () => {
    expect(parseError(new TextEncoder().encode('{"not": "a model"}')).message).toMatch(/^Not a SinGAN model file/);
    expect(parseError(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])).message).toMatch(
      /^Not a SinGAN model file/,
    );
    expect(parseError(new Uint8Array(0)).message).toMatch(/^Not a SinGAN model file/);
  });

  it('refuses truncated files, saying how long they should be', () => {
    expect(parseError(bytes.slice(0, bytes.length - 10)).message).toBe(
      `The model file is truncated: it should be ${bytes.length} bytes but is ${bytes.length - 10}.`,
    );
    expect(parseError(bytes.slice(0, 12)).message).toMatch(/truncated: it has 12 bytes/);
  });

  it('refuses another format version', () => {
    for (const version of [0, 4]) {
      const b = bytes.slice();
      new DataView(b.buffer).setUint32(8, version, true);
      expect(parseError(b).message).toMatch(new RegExp(`format version ${version}; this studio reads versions 1 to 3`));
    }
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(8, 4, true);
    expect(parseError(newer).message).toMatch(/written by a newer version/);
  });

  it('still reads version 1 files (a still-image model is laid out as in version 1)', () => {
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)).toBe(2);
    const v1 = bytes.slice();
    new DataView(v1.buffer).setUint32(8, 1, true);
    // The checksum covers header and payload only, so the old version number is all that differs.
    const parsed = parseSinganModel(tf, v1);
    try {
      expect(serializeSinganModel(parsed)).toEqual(bytes);
    } finally {
      disposeSinganModel(parsed);
    }
  });

  it('refuses corrupt files', () => {
    const flipped = bytes.slice();
    flipped[flipped.length - 5] ^= 0x40;
    expect(parseError(flipped).message).toMatch(/corrupt: its checksum does not match/);
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(parseError(longer).message).toMatch(/corrupt: 4 unexpected bytes follow its end/);
    const badJson = bytes.slice();
    badJson[24] = 0x7b + 1;
    new DataView(badJson.buffer).setUint32(20, crc32(badJson.subarray(24)), true);
    expect(parseError(badJson).message).toMatch(/header is not valid JSON/);
  });

  it('refuses an inconsistent manifest with the reason', () => {
    const cases: [(h: EditableHeader) => void, RegExp][] = [
      [(h) => (h.tensors[3].shape = [9]), /inconsistent: tensor s0\/G\/head\.bn\.gamma has shape \[9\]/],
      [(h) => h.tensors.pop(), /inconsistent: it lists \d+ tensors, \d+ expected/],
      [(h) => (h.tensors[2].offset += 1), /inconsistent: tensor s0\/G\/head\.conv\.b starts at 1069, expected 1068/],
      [(h) => (h.scales[1].channels = 8), /inconsistent: scale 1 has 8 channels/],
      [(h) => (h.scaleShapes[0] = [19, 16]), /inconsistent: its scale sizes/],
      [(h) => delete h.config.kernel, /inconsistent: its settings have the keys/],
      [(h) => (h.config.layers = 1), /inconsistent: its settings are invalid \(Layers/],
      [(h) => (h.kind = 'gpnn'), /inconsistent: its header does not describe a SinGAN model/],
      [(h) => (h.imageShape = [24]), /inconsistent: the image size is invalid/],
    ];
    for (const [edit, message] of cases) expect(parseError(withHeader(bytes, edit)).message).toMatch(message);
  });

  it('refuses non-finite weights', () => {
    const b = bytes.slice();
    const view = new DataView(b.buffer);
    view.setFloat32(b.length - 4, Number.NaN, true);
    view.setUint32(20, crc32(b.subarray(24)), true);
    expect(parseError(b).message).toMatch(/non-finite weight/);
  });

  it('leaks no tensors when it refuses a file', () => {
    const before = tf.memory().numTensors;
    parseError(withHeader(bytes, (h) => h.tensors.pop()));
    expect(tf.memory().numTensors).toBe(before);
  });
});
