import { canonicalSinganConfig, SINGAN_CONFIG_KEYS, validateSinganConfig, type SinganConfig } from './singanConfig';
import type { FrozenNet, SinganModel, SinganScale } from './singanModel';
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
 *  24  header: JSON {kind, config, imageShape, scaleFactor, scaleShapes, scales, tensors}
 *      payload: float32 values of every tensor in manifest order
 * The writer is deterministic, so parse → serialize reproduces the bytes.
 */

export const SINGAN_MODEL_MAGIC: readonly number[] = [0x89, 0x53, 0x47, 0x4e, 0x0d, 0x0a, 0x1a, 0x0a];
export const SINGAN_MODEL_FORMAT_VERSION = 1;
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

interface Header {
  kind: string;
  config: SinganConfig;
  imageShape: [number, number];
  scaleFactor: number;
  scaleShapes: [number, number][];
  scales: { channels: number; noiseAmp: number }[];
  tensors: ManifestEntry[];
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const tensorName = (scale: number, kind: NetKind, param: string) => `s${scale}/${kind}/${param}`;

/** Expected tensors (name, shape) of a model with these settings, in file order. */
function expectedManifest(config: SinganConfig, shapes: readonly ScaleShape[], scales: number): { name: string; shape: number[] }[] {
  const [h0, w0] = shapes[0];
  const out = [{ name: 'zStar', shape: [h0, w0, 3] }];
  for (let s = 0; s < scales; s++) {
    const c = channelsAtScale(config, s);
    for (const kind of ['G', 'D'] as const) {
      for (const spec of netSpec(kind, config, c)) out.push({ name: tensorName(s, kind, spec.name), shape: [...spec.shape] });
    }
  }
  return out;
}

function netValues(scale: SinganScale, kind: NetKind): FrozenNet {
  return kind === 'G' ? scale.g : scale.d;
}

export function serializeSinganModel(model: SinganModel): Uint8Array {
  const { config } = model;
  const expected = expectedManifest(config, model.scaleShapes, model.scales.length);
  const arrays: Float32Array[] = [];
  const tensors: ManifestEntry[] = [];
  let offset = 0;
  for (const { name, shape } of expected) {
    let values: Float32Array | undefined;
    if (name === 'zStar') values = model.zStar;
    else {
      const [, s, kind, param] = /^s(\d+)\/([GD])\/(.+)$/.exec(name)!;
      values = netValues(model.scales[Number(s)], kind as NetKind).values[param];
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (!values || values.length !== size) throw new SinganModelError(`Cannot save the model: tensor ${name} is missing or has the wrong size.`);
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
  view.setUint32(8, SINGAN_MODEL_FORMAT_VERSION, true);
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

function checkHeader(header: Header, payloadFloats: number): { shapes: readonly ScaleShape[] } {
  const inconsistent = (what: string) => fail(`The model file is inconsistent: ${what}.`);
  if (header === null || typeof header !== 'object' || header.kind !== KIND) inconsistent('its header does not describe a SinGAN model');
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
  if (!Object.is(header.scaleFactor, pyramid.scaleFactor)) inconsistent('its scale factor does not follow from its settings');
  const shapes = header.scaleShapes;
  if (!Array.isArray(shapes) || shapes.length !== pyramid.shapes.length || !shapes.every((s, i) => isShape(s) && s[0] === pyramid.shapes[i][0] && s[1] === pyramid.shapes[i][1])) {
    inconsistent('its scale sizes do not follow from its settings and image size');
  }
  const { scales } = header;
  if (!Array.isArray(scales) || scales.length > shapes.length) inconsistent('its list of finished scales is invalid');
  scales.forEach((s, i) => {
    if (s === null || typeof s !== 'object') inconsistent(`scale ${i} is invalid`);
    if (s.channels !== channelsAtScale(config, i)) inconsistent(`scale ${i} has ${s.channels} channels, its settings give ${channelsAtScale(config, i)}`);
    if (typeof s.noiseAmp !== 'number' || !Number.isFinite(s.noiseAmp) || s.noiseAmp < 0) inconsistent(`scale ${i} has an invalid noise amplitude`);
  });
  const expected = expectedManifest(config, pyramid.shapes, scales.length);
  const tensors = header.tensors;
  if (!Array.isArray(tensors) || tensors.length !== expected.length) {
    inconsistent(`it lists ${Array.isArray(tensors) ? tensors.length : 'no'} tensors, ${expected.length} expected for ${scales.length} finished scales`);
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
  return { shapes: pyramid.shapes };
}

/** Reads a model file written by serializeSinganModel; anything else throws SinganModelError with the reason. */
export function parseSinganModel(tf: Tf, bytes: Uint8Array): SinganModel {
  if (!(bytes instanceof Uint8Array)) fail('Not a SinGAN model file (no bytes were given).');
  if (bytes.length < SINGAN_MODEL_MAGIC.length || !SINGAN_MODEL_MAGIC.every((b, i) => bytes[i] === b)) {
    fail('Not a SinGAN model file: it does not start with the SinGAN model signature.');
  }
  if (bytes.length < FIXED_BYTES) fail(`The model file is truncated: it has ${bytes.length} bytes, less than its ${FIXED_BYTES}-byte preamble.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== SINGAN_MODEL_FORMAT_VERSION) {
    fail(
      `This SinGAN model file has format version ${version}; this studio reads version ${SINGAN_MODEL_FORMAT_VERSION}` +
        (version > SINGAN_MODEL_FORMAT_VERSION ? ' (it was written by a newer version).' : '.'),
    );
  }
  const headerBytes = view.getUint32(12, true);
  const payloadBytes = view.getUint32(16, true);
  if (headerBytes % 4 !== 0 || payloadBytes % 4 !== 0) fail('The model file is corrupt: its section lengths are not multiples of 4.');
  const total = FIXED_BYTES + headerBytes + payloadBytes;
  if (bytes.length < total) fail(`The model file is truncated: it should be ${total} bytes but is ${bytes.length}.`);
  if (bytes.length > total) fail(`The model file is corrupt: ${bytes.length - total} unexpected bytes follow its end.`);
  if (crc32(bytes.subarray(FIXED_BYTES)) !== view.getUint32(20, true)) fail('The model file is corrupt: its checksum does not match its contents.');

  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(FIXED_BYTES, FIXED_BYTES + headerBytes))) as Header;
  } catch {
    return fail('The model file is corrupt: its header is not valid JSON.');
  }
  const { shapes } = checkHeader(header, payloadBytes / 4);

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
  let zStar: Float32Array = new Float32Array(0);
  const created: NetWeights[] = [];
  try {
    for (const e of header.tensors) {
      const values = valuesOf(e);
      if (e.name === 'zStar') {
        zStar = values;
        continue;
      }
      const [, s, kind, param] = /^s(\d+)\/([GD])\/(.+)$/.exec(e.name)!;
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
  return {
    config: canonicalSinganConfig(header.config),
    imageShape: [header.imageShape[0], header.imageShape[1]],
    scaleFactor: header.scaleFactor,
    scaleShapes: shapes,
    zStar,
    scales: header.scales.map((s, i) => ({ channels: s.channels, noiseAmp: s.noiseAmp, g: nets[`${i}/G`], d: nets[`${i}/D`] })),
  };
}
