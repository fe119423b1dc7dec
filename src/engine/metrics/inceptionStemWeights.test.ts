import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  expectedStemTensors,
  fnv1a32,
  parseInceptionStemWeights,
  serializeInceptionStemWeights,
  type StemManifest,
} from './inceptionStemWeights';
import { STEM_LAYERS } from './stemArchitecture';
import { readStemFiles, REPO_ROOT } from '../../testing/metricsTestHelpers';

function committed(): { manifest: StemManifest; bin: Uint8Array } {
  const { manifest, bin } = readStemFiles();
  return { manifest: manifest as StemManifest, bin };
}

function withChecksum(manifest: StemManifest, bin: Uint8Array): StemManifest {
  return { ...manifest, byteLength: bin.length, checksum: { algorithm: 'fnv1a32', value: fnv1a32(bin) } };
}

describe('committed stem weight file', () => {
  it('parses and has the architecture’s shapes', () => {
    const { manifest, bin } = committed();
    expect(bin.length).toBe(692_288);
    expect(manifest.source).toMatchObject({ package: 'nsfwjs', version: '4.4.0' });
    const weights = parseInceptionStemWeights(manifest, bin);
    expect(weights.layers.map((l) => l.spec.conv)).toEqual([
      'conv2d_1',
      'conv2d_2',
      'conv2d_3',
      'conv2d_4',
      'conv2d_5',
    ]);
    weights.layers.forEach((layer, i) => {
      const [kh, kw, cin, cout] = STEM_LAYERS[i].kernelShape;
      expect(layer.kernel.length).toBe(kh * kw * cin * cout);
      expect(layer.beta.length).toBe(cout);
      expect(layer.movingMean.length).toBe(cout);
      expect(layer.movingVariance.length).toBe(cout);
    });
    expect(weights.layers.map((l) => l.spec.kernelShape[3])).toEqual([32, 32, 64, 80, 192]);
  });

  it('accepts an ArrayBuffer as well as a Uint8Array view', () => {
    const { manifest, bin } = committed();
    const buffer = Uint8Array.from(bin).buffer;
    expect(parseInceptionStemWeights(manifest, buffer).layers[4].kernel[123]).toBe(
      parseInceptionStemWeights(manifest, bin).layers[4].kernel[123],
    );
  });

  it('round-trips through serializeInceptionStemWeights byte for byte', () => {
    const { manifest, bin } = committed();
    const weights = parseInceptionStemWeights(manifest, bin);
    const tensors = new Map<string, Float32Array>();
    for (const l of weights.layers) {
      tensors.set(`${l.spec.conv}/kernel`, l.kernel);
      tensors.set(`${l.spec.bn}/beta`, l.beta);
      tensors.set(`${l.spec.bn}/moving_mean`, l.movingMean);
      tensors.set(`${l.spec.bn}/moving_variance`, l.movingVariance);
    }
    const again = serializeInceptionStemWeights(tensors, manifest.source);
    expect(Buffer.from(again.bin).equals(Buffer.from(bin))).toBe(true);
    expect(again.manifest).toEqual(manifest);
  });
});

describe('stem weight validation', () => {
  it('rejects a corrupted byte', () => {
    const { manifest, bin } = committed();
    const bad = bin.slice();
    bad[1000] ^= 0x40;
    expect(() => parseInceptionStemWeights(manifest, bad)).toThrow(/checksum mismatch/);
  });

  it('rejects a truncated file', () => {
    const { manifest, bin } = committed();
    expect(() => parseInceptionStemWeights(manifest, bin.subarray(0, bin.length - 4))).toThrow(
      /692284 bytes but the manifest declares 692288/,
    );
  });

  it('rejects a manifest whose shapes do not match the architecture', () => {
    const { manifest, bin } = committed();
    const tensors = manifest.tensors.map((t) => (t.name === 'conv2d_2/kernel' ? { ...t, shape: [3, 3, 32, 33] } : t));
    expect(() => parseInceptionStemWeights({ ...manifest, tensors }, bin)).toThrow(
      /conv2d_2\/kernel has shape \[3, 3, 32, 33\]/,
    );
  });

  it('rejects missing, duplicate and unexpected tensors', () => {
    const { manifest, bin } = committed();
    const missing = manifest.tensors.filter((t) => t.name !== 'batch_normalization_4/beta');
    expect(() => parseInceptionStemWeights({ ...manifest, tensors: missing }, bin)).toThrow(
      /missing tensor batch_normalization_4\/beta/,
    );
    const duplicate = [...manifest.tensors, manifest.tensors[0]];
    expect(() => parseInceptionStemWeights({ ...manifest, tensors: duplicate }, bin)).toThrow(
      /duplicate tensor conv2d_1\/kernel/,
    );
    const extra = [...manifest.tensors, { ...manifest.tensors[1], name: 'conv2d_6/kernel' }];
    expect(() => parseInceptionStemWeights({ ...manifest, tensors: extra }, bin)).toThrow(
      /unexpected tensors conv2d_6\/kernel/,
    );
  });

  it('rejects offsets past the end, wrong formats and non-JSON-objects', () => {
    const { manifest, bin } = committed();
    const tensors = manifest.tensors.map((t) => (t.name === 'conv2d_5/kernel' ? { ...t, offset: bin.length - 8 } : t));
    expect(() => parseInceptionStemWeights({ ...manifest, tensors }, bin)).toThrow(/runs past the end/);
    expect(() => parseInceptionStemWeights({ ...manifest, format: 'other/9' }, bin)).toThrow(/unsupported format/);
    expect(() => parseInceptionStemWeights(null, bin)).toThrow(/not a JSON object/);
    expect(() => parseInceptionStemWeights({ ...manifest, tensors: [{ name: 1 }] }, bin)).toThrow(
      /malformed tensor entry/,
    );
  });

  it('rejects non-finite values and negative variances even with a matching checksum', () => {
    const { manifest, bin } = committed();
    const entry = (name: string) => manifest.tensors.find((t) => t.name === name)!;

    const nan = bin.slice();
    new DataView(nan.buffer).setFloat32(entry('conv2d_3/kernel').offset + 40, Number.NaN, true);
    expect(() => parseInceptionStemWeights(withChecksum(manifest, nan), nan)).toThrow(
      /conv2d_3\/kernel\[10\] is not finite/,
    );

    const negative = bin.slice();
    new DataView(negative.buffer).setFloat32(entry('batch_normalization_2/moving_variance').offset, -1, true);
    expect(() => parseInceptionStemWeights(withChecksum(manifest, negative), negative)).toThrow(
      /moving_variance has negative/,
    );
  });
});

// nsfwjs is not a dependency (its engine range excludes Node 20, and the stem it
// yields is committed): this check runs where it was installed to re-extract,
// `npm i --no-save nsfwjs@4.4.0`, and is skipped elsewhere.
const nsfwjsModelDir = path.join(REPO_ROOT, 'node_modules/nsfwjs/dist/models/inception_v3');

describe.skipIf(!existsSync(nsfwjsModelDir))('extracted values against the nsfwjs payload', () => {
  // An independent reading of nsfwjs's files (plain require + base64), so the
  // extractor's own parsing is checked rather than reused.
  const modelDir = nsfwjsModelDir;
  const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'));

  interface Spec {
    name: string;
    shape: number[];
    quantization: { min: number; scale: number; dtype: string };
  }

  it('equals min + scale·q for every stem value', () => {
    const model = requireFromRepo(path.join(modelDir, 'model.min.js')) as {
      weightsManifest: { paths: string[]; weights: Spec[] }[];
    };
    expect(model.weightsManifest).toHaveLength(1);
    const group = model.weightsManifest[0];
    const shardBytes = group.paths.slice(0, 2).map((p) => {
      const text = readFileSync(path.join(modelDir, `${p}.min.js`), 'utf8');
      return Buffer.from(/exports="([^"]+)"/.exec(text)![1], 'base64');
    });
    const payload = Buffer.concat(shardBytes);

    const offsets = new Map<string, { spec: Spec; offset: number }>();
    let offset = 0;
    for (const spec of group.weights) {
      expect(spec.quantization.dtype).toBe('uint8');
      offsets.set(spec.name, { spec, offset });
      offset += spec.shape.reduce((a, b) => a * b, 1); // one byte per uint8 value, no padding
    }

    const { manifest, bin } = committed();
    const weights = parseInceptionStemWeights(manifest, bin);
    const byName = new Map<string, Float32Array>();
    for (const l of weights.layers) {
      byName.set(`${l.spec.conv}/kernel`, l.kernel);
      byName.set(`${l.spec.bn}/beta`, l.beta);
      byName.set(`${l.spec.bn}/moving_mean`, l.movingMean);
      byName.set(`${l.spec.bn}/moving_variance`, l.movingVariance);
    }

    let checked = 0;
    for (const { name, shape } of expectedStemTensors()) {
      const { spec, offset: at } = offsets.get(name)!;
      expect(spec.shape).toEqual(shape);
      const values = byName.get(name)!;
      const { min, scale } = spec.quantization;
      for (let i = 0; i < values.length; i++) {
        const q = payload[at + i];
        if (values[i] !== Math.fround(min + scale * q)) {
          throw new Error(`${name}[${i}]: extracted ${values[i]}, payload gives ${Math.fround(min + scale * q)}`);
        }
        checked++;
      }
    }
    // conv2d_5/kernel starts past the 4 MiB first shard: the second shard was read too.
    expect(offsets.get('conv2d_5/kernel')!.offset).toBeGreaterThan(shardBytes[0].length);
    expect(checked).toBe(bin.length / 4);
  });
});
