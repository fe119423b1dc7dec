import { canonicalSinganConfig, SINGAN_CONFIG_KEYS, validateSinganConfig, type SinganConfig } from './singanConfig';
import type { FrozenNet, SinganModel, SinganScale } from './singanModel';
import { SEQUENCE_VARIANTS, sequenceMotionAt, validateSequence, type SequenceVariant } from '../gif2gif/sequenceConfig';
import type { SequenceModel, SequenceScale } from '../gif2gif/sequenceModel';
import { sequencerSpec } from '../gif2gif/sequenceNet';
import { netSpec, type NetKind } from './singanNet';
import { channelsAtScale, singanPyramid, type ScaleShape } from './singanPyramid';
import type { NetWeights, Tf } from './tfTypes';
import { crc32 } from '../crc32';

/*
 * Binary layout (little-endian):
 *   0  magic "\x89SGN\r\n\x1a\n" (PNG-style: catches text-mode transfers)
 *   8  u32 format version
 *  12  u32 header length in bytes (a multiple of 4; JSON padded with spaces)
 *  16  u32 payload length in bytes
 *  20  u32 CRC-32 of header + payload
 *  24  header: JSON {kind, config, imageShape, scaleFactor, scaleShapes, scales, [sequence], tensors}
 *      payload: float32 values of every tensor in manifest order
 * The writer is deterministic, so parse → serialize reproduces the bytes.
 *
 * Version 2 adds GIF → GIF models (src/engine/gif2gif): a `sequence` header
 * entry {variant, hidden, chunk, frames}, one reconstruction noise per frame
 * (zStar, then zStar/1, zStar/2, …) and each scale's sequencer after its G and
 * D (s<n>/S/…). A still-image model is laid out exactly as in version 1, which
 * is still read.
 *
 * Version 3 adds the coarsest sequencer's motion head (`sequence.motion` > 0,
 * tensors s0/S/move.*). A file is written with the lowest version that holds
 * it, so models without a motion head stay readable by version-2 studios and
 * every file round-trips byte for byte; a version-2 sequence has motion 0.
 */

export const SINGAN_MODEL_MAGIC: readonly number[] = [0x89, 0x53, 0x47, 0x4e, 0x0d, 0x0a, 0x1a, 0x0a];
export const SINGAN_MODEL_FORMAT_VERSION = 3;
/** Versions this studio reads: 1 (still-image models only), 2 (GIF → GIF without a motion head) and the current one. */
const READABLE_VERSIONS: readonly number[] = [1, 2, 3];
const FIXED_BYTES = 24;
const KIND = 'singan-model';

export class SinganModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SinganModelError';
  }
}

interface ManifestEntry {
  name: string;
  shape: number[];
  offset: number;
}

interface SequenceHeader {
  variant: SequenceVariant;
  hidden: number;
  chunk: number;
  frames: number;
  /** Version 3 only, and only when > 0. */
  motion?: number;
}

interface Header {
  kind: string;
  config: SinganConfig;
  imageShape: [number, number];
  scaleFactor: number;
  scaleShapes: [number, number][];
  scales: { channels: number; noiseAmp: number }[];
  /** GIF → GIF models only (version 2). */
  sequence?: SequenceHeader;
  tensors: ManifestEntry[];
}

/** A model file holds either kind; a GIF → GIF model is told apart by its `sequence`. */
export type AnyModel = SinganModel | SequenceModel;

export function isSequenceModel(model: AnyModel): model is SequenceModel {
  return 'sequence' in model && model.sequence !== undefined;
}

/** Reconstruction noises stored per frame: every frame's, except one-to-many's (only frame 0 has noise). */
function zStarCount(sequence: SequenceHeader | undefined): number {
  if (!sequence) return 1;
  return sequence.variant === 'one-to-many' ? 1 : sequence.frames;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** G, D, and a GIF → GIF model's sequencer (S). */
type FileNet = NetKind | 'S';

const tensorName = (scale: number, kind: FileNet, param: string) => `s${scale}/${kind}/${param}`;
const TENSOR_NAME = /^s(\d+)\/([GDS])\/(.+)$/;
const zStarName = (frame: number) => (frame === 0 ? 'zStar' : `zStar/${frame}`);
const ZSTAR_NAME = /^zStar(?:\/(\d+))?$/;

/** Expected tensors (name, shape) of a model with these settings, in file order. */
function expectedManifest(
  config: SinganConfig,
  shapes: readonly ScaleShape[],
  scales: number,
  sequence?: SequenceHeader,
): { name: string; shape: number[] }[] {
  const [h0, w0] = shapes[0];
  const out: { name: string; shape: number[] }[] = [];
  for (let t = 0; t < zStarCount(sequence); t++) out.push({ name: zStarName(t), shape: [h0, w0, 3] });
  for (let s = 0; s < scales; s++) {
    const c = channelsAtScale(config, s);
    for (const kind of ['G', 'D'] as const) {
      for (const spec of netSpec(kind, config, c))
        out.push({ name: tensorName(s, kind, spec.name), shape: [...spec.shape] });
    }
    if (sequence)
      for (const spec of sequencerSpec(sequence.variant, sequence.hidden, sequenceMotionAt(motionOf(sequence), s)))
        out.push({ name: tensorName(s, 'S', spec.name), shape: [...spec.shape] });
  }
  return out;
}

function netValues(scale: SinganScale | SequenceScale, kind: FileNet): FrozenNet | null {
  if (kind === 'S') return 'seq' in scale ? scale.seq : null;
  return kind === 'G' ? scale.g : scale.d;
}

function sequenceHeaderOf(model: AnyModel): SequenceHeader | undefined {
  if (!isSequenceModel(model)) return undefined;
  const { variant, hidden, chunk, frames, motion } = model.sequence;
  return { variant, hidden, chunk, frames, ...(motion > 0 ? { motion } : {}) };
}

const motionOf = (sequence: SequenceHeader) => ({ motion: sequence.motion ?? 0 });

/** The lowest version that holds the model (see the layout notes). */
function formatVersionOf(sequence: SequenceHeader | undefined): number {
  return sequence?.motion ? 3 : 2;
}

/** Writes a still-image SinGAN or a GIF → GIF model (format version 2). */
export function serializeSinganModel(model: AnyModel): Uint8Array {
  const { config } = model;
  const sequence = sequenceHeaderOf(model);
  const expected = expectedManifest(config, model.scaleShapes, model.scales.length, sequence);
  const zStars = isSequenceModel(model) ? model.sequence.zStars : [model.zStar];
  const arrays: Float32Array[] = [];
  const tensors: ManifestEntry[] = [];
  let offset = 0;
  for (const { name, shape } of expected) {
    let values: Float32Array | undefined;
    const z = ZSTAR_NAME.exec(name);
    if (z) values = zStars[Number(z[1] ?? 0)];
    else {
      const [, s, kind, param] = TENSOR_NAME.exec(name)!;
      values = netValues(model.scales[Number(s)], kind as FileNet)?.values[param];
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (!values || values.length !== size)
      throw new SinganModelError(`Cannot save the model: tensor ${name} is missing or has the wrong size.`);
    arrays.push(values);
    tensors.push({ name, shape, offset });
    offset += size;
  }
  const header: Header = {
    kind: KIND,
    config: canonicalSinganConfig(config),
    imageShape: [model.imageShape[0], model.imageShape[1]],
    scaleFactor: model.scaleFactor,
    scaleShapes: model.scaleShapes.map(([h, w]) => [h, w]),
    scales: model.scales.map((s) => ({ channels: s.channels, noiseAmp: s.noiseAmp })),
    ...(sequence ? { sequence } : {}),
    tensors,
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 4) * 4;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const payloadBytes = offset * 4;
  const out = new Uint8Array(FIXED_BYTES + json.length + payloadBytes);
  out.set(SINGAN_MODEL_MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, formatVersionOf(sequence), true);
  view.setUint32(12, json.length, true);
  view.setUint32(16, payloadBytes, true);
  out.set(json, FIXED_BYTES);
  const payloadStart = FIXED_BYTES + json.length;
  if (LITTLE_ENDIAN_HOST) {
    const floats = new Float32Array(out.buffer, payloadStart, offset);
    let at = 0;
    for (const a of arrays) {
      floats.set(a, at);
      at += a.length;
    }
  } else {
    let at = payloadStart;
    for (const a of arrays) for (let i = 0; i < a.length; i++, at += 4) view.setFloat32(at, a[i], true);
  }
  view.setUint32(20, crc32(out.subarray(FIXED_BYTES)), true);
  return out;
}

const fail = (message: string): never => {
  throw new SinganModelError(message);
};

const isShape = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && x > 0);

function checkSequence(
  sequence: unknown,
  version: number,
  h: number,
  w: number,
  inconsistent: (what: string) => never,
): SequenceHeader | undefined {
  if (sequence === undefined) return undefined;
  if (version < 2) return inconsistent('a version 1 file cannot hold a GIF → GIF model');
  if (sequence === null || typeof sequence !== 'object') return inconsistent('its sequence settings are invalid');
  const q = sequence as SequenceHeader;
  if (!SEQUENCE_VARIANTS.includes(q.variant)) return inconsistent(`its sequence model ${String(q.variant)} is unknown`);
  const frames = Number.isInteger(q.frames) && q.frames > 0 && q.frames <= 1000 ? q.frames : 0;
  if (q.motion !== undefined && (version < 3 || q.motion === 0))
    return inconsistent(`a motion range of ${String(q.motion)} in a version ${version} file`);
  const problem = validateSequence(
    Array.from({ length: frames }, () => ({ height: h, width: w })),
    { ...q, ...motionOf(q) },
  );
  if (problem) return inconsistent(`its sequence settings are invalid (${problem})`);
  return {
    variant: q.variant,
    hidden: q.hidden,
    chunk: q.chunk,
    frames: q.frames,
    ...(q.motion ? { motion: q.motion } : {}),
  };
}

function checkHeader(
  header: Header,
  payloadFloats: number,
  version: number,
): { shapes: readonly ScaleShape[]; sequence?: SequenceHeader } {
  const inconsistent = (what: string) => fail(`The model file is inconsistent: ${what}.`);
  if (header === null || typeof header !== 'object' || header.kind !== KIND)
    inconsistent('its header does not describe a SinGAN model');
  const { config } = header;
  if (config === null || typeof config !== 'object') return inconsistent('its settings are missing');
  const keys = Object.keys(config);
  if (keys.length !== SINGAN_CONFIG_KEYS.length || !SINGAN_CONFIG_KEYS.every((k, i) => keys[i] === k)) {
    inconsistent(`its settings have the keys ${keys.join(', ')}, expected ${SINGAN_CONFIG_KEYS.join(', ')}`);
  }
  if (!isShape(header.imageShape)) inconsistent('the image size is invalid');
  const [h, w] = header.imageShape;
  const problem = validateSinganConfig(config, { height: h, width: w });
  if (problem) inconsistent(`its settings are invalid (${problem})`);
  const pyramid = singanPyramid(config, h, w);
  if (!Object.is(header.scaleFactor, pyramid.scaleFactor))
    inconsistent('its scale factor does not follow from its settings');
  const shapes = header.scaleShapes;
  if (
    !Array.isArray(shapes) ||
    shapes.length !== pyramid.shapes.length ||
    !shapes.every((s, i) => isShape(s) && s[0] === pyramid.shapes[i][0] && s[1] === pyramid.shapes[i][1])
  ) {
    inconsistent('its scale sizes do not follow from its settings and image size');
  }
  const { scales } = header;
  if (!Array.isArray(scales) || scales.length > shapes.length) inconsistent('its list of finished scales is invalid');
  scales.forEach((s, i) => {
    if (s === null || typeof s !== 'object') inconsistent(`scale ${i} is invalid`);
    if (s.channels !== channelsAtScale(config, i))
      inconsistent(`scale ${i} has ${s.channels} channels, its settings give ${channelsAtScale(config, i)}`);
    if (typeof s.noiseAmp !== 'number' || !Number.isFinite(s.noiseAmp) || s.noiseAmp < 0)
      inconsistent(`scale ${i} has an invalid noise amplitude`);
  });
  const sequence = checkSequence(header.sequence, version, h, w, inconsistent);
  const expected = expectedManifest(config, pyramid.shapes, scales.length, sequence);
  const tensors = header.tensors;
  if (!Array.isArray(tensors) || tensors.length !== expected.length) {
    inconsistent(
      `it lists ${Array.isArray(tensors) ? tensors.length : 'no'} tensors, ${expected.length} expected for ${scales.length} finished scales`,
    );
  }
  let offset = 0;
  tensors.forEach((t, i) => {
    const e = expected[i];
    if (t === null || typeof t !== 'object' || t.name !== e.name) inconsistent(`tensor ${i} should be ${e.name}`);
    if (!Array.isArray(t.shape) || t.shape.length !== e.shape.length || !t.shape.every((d, j) => d === e.shape[j])) {
      inconsistent(`tensor ${e.name} has shape [${String(t.shape)}], expected [${e.shape.join(',')}]`);
    }
    if (t.offset !== offset) inconsistent(`tensor ${e.name} starts at ${t.offset}, expected ${offset}`);
    offset += e.shape.reduce((a, b) => a * b, 1);
  });
  if (offset !== payloadFloats) inconsistent(`its tensors hold ${offset} values but the file carries ${payloadFloats}`);
  return { shapes: pyramid.shapes, sequence };
}

/** Reads a still-image SinGAN model file; a GIF → GIF model (or anything else) throws SinganModelError with the reason. */
export function parseSinganModel(tf: Tf, bytes: Uint8Array): SinganModel {
  const model = parseModelFile(tf, bytes);
  if (isSequenceModel(model)) {
    disposeFileModel(model);
    fail('This is a GIF → GIF model (trained on an animation): use it with GIF → GIF.');
  }
  return model;
}

/** Frees every tensor of a parsed model of either kind. */
export function disposeFileModel(model: AnyModel): void {
  for (const s of model.scales) {
    const nets = [s.g, s.d, 'seq' in s ? s.seq : null];
    for (const net of nets) if (net) for (const t of Object.values(net.tensors)) t.dispose();
  }
}

/** Reads a model file written by serializeSinganModel (either kind); anything else throws SinganModelError with the reason. */
export function parseModelFile(tf: Tf, bytes: Uint8Array): AnyModel {
  if (!(bytes instanceof Uint8Array)) fail('Not a SinGAN model file (no bytes were given).');
  if (bytes.length < SINGAN_MODEL_MAGIC.length || !SINGAN_MODEL_MAGIC.every((b, i) => bytes[i] === b)) {
    fail('Not a SinGAN model file: it does not start with the SinGAN model signature.');
  }
  if (bytes.length < FIXED_BYTES)
    fail(`The model file is truncated: it has ${bytes.length} bytes, less than its ${FIXED_BYTES}-byte preamble.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (!READABLE_VERSIONS.includes(version)) {
    fail(
      `This SinGAN model file has format version ${version}; this studio reads versions ${READABLE_VERSIONS[0]} to ${READABLE_VERSIONS[READABLE_VERSIONS.length - 1]}` +
        (version > SINGAN_MODEL_FORMAT_VERSION ? ' (it was written by a newer version).' : '.'),
    );
  }
  const headerBytes = view.getUint32(12, true);
  const payloadBytes = view.getUint32(16, true);
  if (headerBytes % 4 !== 0 || payloadBytes % 4 !== 0)
    fail('The model file is corrupt: its section lengths are not multiples of 4.');
  const total = FIXED_BYTES + headerBytes + payloadBytes;
  if (bytes.length < total) fail(`The model file is truncated: it should be ${total} bytes but is ${bytes.length}.`);
  if (bytes.length > total) fail(`The model file is corrupt: ${bytes.length - total} unexpected bytes follow its end.`);
  if (crc32(bytes.subarray(FIXED_BYTES)) !== view.getUint32(20, true))
    fail('The model file is corrupt: its checksum does not match its contents.');

  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(FIXED_BYTES, FIXED_BYTES + headerBytes)),
    ) as Header;
  } catch {
    return fail('The model file is corrupt: its header is not valid JSON.');
  }
  const { shapes, sequence } = checkHeader(header, payloadBytes / 4, version);

  const start = bytes.byteOffset + FIXED_BYTES + headerBytes;
  let payload: Float32Array;
  if (LITTLE_ENDIAN_HOST) payload = new Float32Array(bytes.buffer.slice(start, start + payloadBytes));
  else {
    payload = new Float32Array(payloadBytes / 4);
    for (let i = 0; i < payload.length; i++) payload[i] = view.getFloat32(FIXED_BYTES + headerBytes + i * 4, true);
  }
  for (let i = 0; i < payload.length; i++) {
    if (!Number.isFinite(payload[i])) fail(`The model file is corrupt: it holds a non-finite weight (at value ${i}).`);
  }

  const valuesOf = (e: ManifestEntry) => payload.subarray(e.offset, e.offset + e.shape.reduce((a, b) => a * b, 1));
  const nets: Record<string, { tensors: NetWeights; values: Record<string, Float32Array> }> = {};
  const zStars: Float32Array[] = [];
  const created: NetWeights[] = [];
  try {
    for (const e of header.tensors) {
      const values = valuesOf(e);
      const z = ZSTAR_NAME.exec(e.name);
      if (z) {
        zStars[Number(z[1] ?? 0)] = values;
        continue;
      }
      const [, s, kind, param] = TENSOR_NAME.exec(e.name)!;
      const key = `${s}/${kind}`;
      if (!nets[key]) {
        nets[key] = { tensors: {}, values: {} };
        created.push(nets[key].tensors);
      }
      nets[key].values[param] = values;
      nets[key].tensors[param] = tf.tensor(values, e.shape, 'float32');
    }
  } catch (err) {
    for (const w of created) for (const t of Object.values(w)) t.dispose();
    throw err;
  }
  const base = {
    config: canonicalSinganConfig(header.config),
    imageShape: [header.imageShape[0], header.imageShape[1]] as const,
    scaleFactor: header.scaleFactor,
    scaleShapes: shapes,
    zStar: zStars[0],
  };
  const scale = (s: { channels: number; noiseAmp: number }, i: number): SinganScale => ({
    channels: s.channels,
    noiseAmp: s.noiseAmp,
    g: nets[`${i}/G`],
    d: nets[`${i}/D`],
  });
  if (!sequence) return { ...base, scales: header.scales.map(scale) };
  const hasSequencer = sequencerSpec(sequence.variant, sequence.hidden).length > 0;
  return {
    ...base,
    scales: header.scales.map((s, i): SequenceScale => ({ ...scale(s, i), seq: hasSequencer ? nets[`${i}/S`] : null })),
    sequence: { ...sequence, ...motionOf(sequence), zStars },
  };
}
