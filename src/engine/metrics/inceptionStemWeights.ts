// The stem weight file format (public/models/inception-stem/stem.json + stem.bin):
// a small JSON manifest and a blob of little-endian float32 tensors. Pure: the
// caller fetches or reads the bytes, so this runs the same in a worker and in Node.

import { STEM_LAYERS, type StemConvSpec } from './stemArchitecture';

export const STEM_WEIGHTS_FORMAT = 'sifid-inception-stem/1';

export interface StemManifestTensor {
  name: string;
  shape: number[];
  /** Byte offset into stem.bin. */
  offset: number;
  byteLength: number;
}

export interface StemManifest {
  format: typeof STEM_WEIGHTS_FORMAT;
  dtype: 'float32';
  byteOrder: 'little-endian';
  byteLength: number;
  /** Catches a stem.bin that does not belong to this stem.json (stale cache, partial download). */
  checksum: { algorithm: 'fnv1a32'; value: string };
  /** Provenance only; not interpreted. */
  source: Record<string, unknown>;
  tensors: StemManifestTensor[];
}

export interface StemLayerWeights {
  spec: StemConvSpec;
  /** [kh, kw, in, out] row-major, as tfjs conv2d expects. */
  kernel: Float32Array;
  beta: Float32Array;
  movingMean: Float32Array;
  movingVariance: Float32Array;
}

export interface InceptionStemWeights {
  /** Same order as STEM_LAYERS. */
  layers: StemLayerWeights[];
}

export class StemWeightsError extends Error {
  constructor(message: string) {
    super(`Inception stem weights: ${message}`);
    this.name = 'StemWeightsError';
  }
}

export interface ExpectedStemTensor {
  name: string;
  shape: number[];
}

/** The tensors a stem file must hold, in the order the writer lays them out. */
export function expectedStemTensors(): ExpectedStemTensor[] {
  const out: ExpectedStemTensor[] = [];
  for (const layer of STEM_LAYERS) {
    const channels = layer.kernelShape[3];
    out.push({ name: `${layer.conv}/kernel`, shape: [...layer.kernelShape] });
    for (const param of ['beta', 'moving_mean', 'moving_variance']) {
      out.push({ name: `${layer.bn}/${param}`, shape: [channels] });
    }
  }
  return out;
}

export function fnv1a32(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Lays the tensors out (manifest order = expectedStemTensors()) and builds the manifest. */
export function serializeInceptionStemWeights(
  tensors: ReadonlyMap<string, Float32Array>,
  source: Record<string, unknown>,
): { manifest: StemManifest; bin: Uint8Array } {
  const expected = expectedStemTensors();
  const entries: StemManifestTensor[] = [];
  let offset = 0;
  for (const { name, shape } of expected) {
    const values = tensors.get(name);
    if (!values) throw new StemWeightsError(`missing tensor ${name}`);
    if (values.length !== product(shape)) {
      throw new StemWeightsError(`${name} has ${values.length} values, expected ${product(shape)}`);
    }
    entries.push({ name, shape, offset, byteLength: values.length * 4 });
    offset += values.length * 4;
  }
  const bin = new Uint8Array(offset);
  const view = new DataView(bin.buffer);
  for (const entry of entries) {
    const values = tensors.get(entry.name)!;
    // Explicit little-endian so the file is the same whatever the host's byte order.
    for (let i = 0; i < values.length; i++) view.setFloat32(entry.offset + 4 * i, values[i], true);
  }
  const manifest: StemManifest = {
    format: STEM_WEIGHTS_FORMAT,
    dtype: 'float32',
    byteOrder: 'little-endian',
    byteLength: bin.length,
    checksum: { algorithm: 'fnv1a32', value: fnv1a32(bin) },
    source,
    tensors: entries,
  };
  return { manifest, bin };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function readManifestTensors(manifest: Record<string, unknown>): Map<string, StemManifestTensor> {
  if (!Array.isArray(manifest.tensors)) throw new StemWeightsError('manifest has no "tensors" array');
  const byName = new Map<string, StemManifestTensor>();
  for (const raw of manifest.tensors) {
    if (
      !isRecord(raw) ||
      typeof raw.name !== 'string' ||
      !Array.isArray(raw.shape) ||
      !raw.shape.every(isNonNegativeInt) ||
      !isNonNegativeInt(raw.offset) ||
      !isNonNegativeInt(raw.byteLength)
    ) {
      throw new StemWeightsError(`malformed tensor entry ${JSON.stringify(raw)}`);
    }
    if (byName.has(raw.name)) throw new StemWeightsError(`duplicate tensor ${raw.name}`);
    byName.set(raw.name, {
      name: raw.name,
      shape: raw.shape,
      offset: raw.offset,
      byteLength: raw.byteLength,
    });
  }
  return byName;
}

function readTensor(view: DataView, entry: StemManifestTensor): Float32Array {
  const count = entry.byteLength / 4;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const v = view.getFloat32(entry.offset + 4 * i, true);
    if (!Number.isFinite(v)) throw new StemWeightsError(`${entry.name}[${i}] is not finite`);
    out[i] = v;
  }
  return out;
}

/**
 * Validates manifest + bytes against the stem's architecture and returns the
 * weights. Throws StemWeightsError naming the first problem found.
 */
export function parseInceptionStemWeights(manifest: unknown, data: ArrayBuffer | Uint8Array): InceptionStemWeights {
  if (!isRecord(manifest)) throw new StemWeightsError('manifest is not a JSON object');
  if (manifest.format !== STEM_WEIGHTS_FORMAT) {
    throw new StemWeightsError(
      `unsupported format ${JSON.stringify(manifest.format)}, expected "${STEM_WEIGHTS_FORMAT}"`,
    );
  }
  if (manifest.dtype !== 'float32' || manifest.byteOrder !== 'little-endian') {
    throw new StemWeightsError('only little-endian float32 data is supported');
  }
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (manifest.byteLength !== bytes.length) {
    throw new StemWeightsError(
      `data is ${bytes.length} bytes but the manifest declares ${String(manifest.byteLength)}`,
    );
  }
  const checksum = manifest.checksum;
  if (!isRecord(checksum) || checksum.algorithm !== 'fnv1a32' || typeof checksum.value !== 'string') {
    throw new StemWeightsError('manifest has no fnv1a32 checksum');
  }
  const actual = fnv1a32(bytes);
  if (actual !== checksum.value) {
    throw new StemWeightsError(
      `checksum mismatch (data ${actual}, manifest ${checksum.value}): corrupt or mismatched stem.bin`,
    );
  }

  const byName = readManifestTensors(manifest);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Map<string, Float32Array>();
  for (const { name, shape } of expectedStemTensors()) {
    const entry = byName.get(name);
    if (!entry) throw new StemWeightsError(`missing tensor ${name}`);
    if (!sameShape(entry.shape, shape)) {
      throw new StemWeightsError(`${name} has shape [${entry.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
    if (entry.byteLength !== product(shape) * 4) {
      throw new StemWeightsError(`${name} is ${entry.byteLength} bytes, expected ${product(shape) * 4}`);
    }
    if (entry.offset + entry.byteLength > bytes.length) {
      throw new StemWeightsError(
        `${name} (bytes ${entry.offset}..${entry.offset + entry.byteLength}) runs past the end of the data`,
      );
    }
    values.set(name, readTensor(view, entry));
  }
  if (byName.size !== values.size) {
    const extra = [...byName.keys()].filter((n) => !values.has(n));
    throw new StemWeightsError(`unexpected tensors ${extra.join(', ')}`);
  }

  const layers = STEM_LAYERS.map((spec): StemLayerWeights => {
    const movingVariance = values.get(`${spec.bn}/moving_variance`)!;
    if (movingVariance.some((v) => v < 0))
      throw new StemWeightsError(`${spec.bn}/moving_variance has negative entries`);
    return {
      spec,
      kernel: values.get(`${spec.conv}/kernel`)!,
      beta: values.get(`${spec.bn}/beta`)!,
      movingMean: values.get(`${spec.bn}/moving_mean`)!,
      movingVariance,
    };
  });
  return { layers };
}
