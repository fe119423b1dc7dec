// Extracts the InceptionV3 stem used by SIFID from the nsfwjs npm package into
// public/models/inception-stem/ (stem.json + stem.bin + NOTICE), so the studio
// never needs nsfwjs at runtime. Deterministic: same package in, same bytes out.
//
//   npm i --no-save nsfwjs@4.4.0 && npx tsx scripts/extract-inception-stem.ts
//
// nsfwjs is not a dependency (it asks for Node 22.13, the studio runs on 20):
// it is installed only for this, without touching package.json.
//
// nsfwjs ships its Keras InceptionV3 as browserify/UMD wrappers:
//   model.min.js           module.exports = { modelTopology, weightsManifest }
//                          (a JS object literal, not JSON, hence the vm evaluation)
//   group1-shardKof6.min.js  module.exports = "<base64 of the shard's raw bytes>"
// Weights are uint8-quantised (value = min + scale·q) and laid out back to back
// across the group's shards in manifest order, as the tfjs loader expects.

import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

import { STEM_BN_EPSILON, STEM_LAYERS, STEM_MAX_POOL } from '../src/engine/metrics/stemArchitecture';
import { expectedStemTensors, serializeInceptionStemWeights } from '../src/engine/metrics/inceptionStemWeights';

const EXPECTED_VERSION = '4.4.0';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(repoRoot, 'node_modules', 'nsfwjs');
const modelDir = path.join(pkgDir, 'dist', 'models', 'inception_v3');
const outDir = path.join(repoRoot, 'public', 'models', 'inception-stem');

interface Quantization {
  min: number;
  scale: number;
  dtype: string;
}
interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: Quantization;
}
interface WeightGroup {
  paths: string[];
  weights: WeightSpec[];
}
interface KerasLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[];
}
interface ModelJson {
  modelTopology: { model_config: { config: { layers: KerasLayer[] } } };
  weightsManifest: WeightGroup[];
}

function fail(message: string): never {
  throw new Error(`extract-inception-stem: ${message}`);
}

function loadModelJson(): ModelJson {
  const source = readFileSync(path.join(modelDir, 'model.min.js'), 'utf8');
  // A fresh context holding only `module`/`exports`: the wrapper needs nothing else, and Node's module cache stays untouched.
  const module = { exports: {} as unknown };
  vm.runInNewContext(source, { module, exports: module.exports }, { filename: 'model.min.js', timeout: 10_000 });
  const json = module.exports as Partial<ModelJson>;
  if (!json?.modelTopology || !Array.isArray(json.weightsManifest))
    fail('model.min.js did not export { modelTopology, weightsManifest }');
  return json as ModelJson;
}

function loadShard(name: string): Uint8Array {
  const source = readFileSync(path.join(modelDir, `${name}.min.js`), 'utf8');
  // Shards are pure data, so read the literal rather than executing the wrapper.
  const matches = [...source.matchAll(/exports="([A-Za-z0-9+/]*={0,2})"/g)];
  if (matches.length !== 1) fail(`${name}.min.js: expected exactly one base64 payload, found ${matches.length}`);
  return new Uint8Array(Buffer.from(matches[0][1], 'base64'));
}

function layerByName(layers: KerasLayer[], name: string): KerasLayer {
  const layer = layers.find((l) => l.name === name);
  if (!layer) fail(`layer ${name} not in model topology`);
  return layer;
}

function inboundOf(layer: KerasLayer): string {
  const node = layer.inbound_nodes as [[[string, ...unknown[]]]];
  if (node.length !== 1 || node[0].length !== 1) fail(`${layer.name} does not have exactly one input`);
  return node[0][0][0];
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    fail(`${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

/** Confirms the Keras graph is exactly the stem of STEM_LAYERS before trusting its weights. */
function verifyTopology(json: ModelJson): void {
  const layers = json.modelTopology.model_config.config.layers;
  let previous = 'input_1';
  STEM_LAYERS.forEach((spec, i) => {
    const conv = layerByName(layers, spec.conv);
    expectEqual(`${spec.conv} class`, conv.class_name, 'Conv2D');
    expectEqual(`${spec.conv} input`, inboundOf(conv), previous);
    const c = conv.config;
    expectEqual(`${spec.conv} filters`, c.filters, spec.kernelShape[3]);
    expectEqual(`${spec.conv} kernel_size`, c.kernel_size, spec.kernelShape.slice(0, 2));
    expectEqual(`${spec.conv} strides`, c.strides, [spec.stride, spec.stride]);
    expectEqual(`${spec.conv} padding`, c.padding, spec.padding);
    expectEqual(`${spec.conv} use_bias`, c.use_bias, false);
    expectEqual(`${spec.conv} activation`, c.activation, 'linear');
    expectEqual(`${spec.conv} dilation_rate`, c.dilation_rate, [1, 1]);
    expectEqual(`${spec.conv} data_format`, c.data_format, 'channels_last');
    // nsfwjs's last training phase left these frozen; see NOTICE for what that does and does not imply.
    expectEqual(`${spec.conv} trainable`, c.trainable, false);

    const bn = layerByName(layers, spec.bn);
    expectEqual(`${spec.bn} class`, bn.class_name, 'BatchNormalization');
    expectEqual(`${spec.bn} input`, inboundOf(bn), spec.conv);
    expectEqual(`${spec.bn} epsilon`, bn.config.epsilon, STEM_BN_EPSILON);
    expectEqual(`${spec.bn} center`, bn.config.center, true);
    expectEqual(`${spec.bn} scale`, bn.config.scale, false);
    expectEqual(`${spec.bn} axis`, bn.config.axis, 3);

    const act = layerByName(layers, `activation_${i + 1}`);
    expectEqual(`activation_${i + 1} input`, inboundOf(act), spec.bn);
    expectEqual(`activation_${i + 1} activation`, act.config.activation, 'relu');
    previous = act.name;

    if (spec.maxPoolAfter) {
      const pool = layerByName(layers, 'max_pooling2d_1');
      expectEqual('max_pooling2d_1 class', pool.class_name, 'MaxPooling2D');
      expectEqual('max_pooling2d_1 input', inboundOf(pool), previous);
      expectEqual('max_pooling2d_1 pool_size', pool.config.pool_size, [STEM_MAX_POOL.size, STEM_MAX_POOL.size]);
      expectEqual('max_pooling2d_1 strides', pool.config.strides, [STEM_MAX_POOL.stride, STEM_MAX_POOL.stride]);
      expectEqual('max_pooling2d_1 padding', pool.config.padding, STEM_MAX_POOL.padding);
      previous = pool.name;
    }
  });
}

const BYTES_PER_QUANTIZED: Record<string, number> = { uint8: 1, uint16: 2 };

function byteSize(spec: WeightSpec): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.quantization) {
    const bytes = BYTES_PER_QUANTIZED[spec.quantization.dtype];
    if (!bytes) fail(`${spec.name}: unsupported quantization dtype ${spec.quantization.dtype}`);
    return count * bytes;
  }
  if (spec.dtype !== 'float32') fail(`${spec.name}: unsupported dtype ${spec.dtype}`);
  return count * 4;
}

interface Located {
  spec: WeightSpec;
  group: WeightGroup;
  /** Byte offset within the group's concatenated shards. */
  offset: number;
}

function locateWeights(json: ModelJson): Map<string, Located> {
  const located = new Map<string, Located>();
  for (const group of json.weightsManifest) {
    let offset = 0;
    for (const spec of group.weights) {
      if (located.has(spec.name)) fail(`duplicate weight ${spec.name}`);
      located.set(spec.name, { spec, group, offset });
      offset += byteSize(spec);
    }
  }
  return located;
}

interface GroupData {
  bytes: Uint8Array;
  shardSizes: number[];
}

/** Concatenated shard bytes of a group, checked against the manifest's total so a layout mismatch cannot go unnoticed. */
function loadGroup(group: WeightGroup): GroupData {
  const shards = group.paths.map(loadShard);
  const total = shards.reduce((a, s) => a + s.length, 0);
  const expected = group.weights.reduce((a, s) => a + byteSize(s), 0);
  if (total !== expected) fail(`shards of ${group.paths[0]} hold ${total} bytes, manifest needs ${expected}`);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const s of shards) {
    bytes.set(s, at);
    at += s.length;
  }
  return { bytes, shardSizes: shards.map((s) => s.length) };
}

function dequantize(bytes: Uint8Array, located: Located): Float32Array {
  const { spec, offset } = located;
  const q = spec.quantization;
  if (!q || q.dtype !== 'uint8') fail(`${spec.name}: expected uint8 quantisation, got ${JSON.stringify(q)}`);
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(count);
  // Same expression and rounding as tfjs's io.decodeWeights, so values match what nsfwjs itself computes.
  for (let i = 0; i < count; i++) out[i] = bytes[offset + i] * q.scale + q.min;
  return out;
}

function shardsSpanned(located: Located, sizes: number[]): string[] {
  // From the actual shard sizes rather than assuming tfjs's 4 MiB.
  const start = located.offset;
  const end = start + byteSize(located.spec);
  const spanned: string[] = [];
  let at = 0;
  located.group.paths.forEach((p, i) => {
    if (at < end && at + sizes[i] > start) spanned.push(p);
    at += sizes[i];
  });
  return spanned;
}

function notice(licenseText: string, shards: string[]): string {
  return `Inception stem weights (stem.bin, stem.json)
===============================================

These files hold the first five convolution layers of InceptionV3
(conv2d_1..conv2d_5 with batch_normalization_1..5: kernels and BatchNorm
beta / moving_mean / moving_variance), used only to compute the SIFID metric.

Origin
------
The weights originate from the Keras InceptionV3 ImageNet weights
(keras.applications.InceptionV3, weights="imagenet"), on which nsfwjs built its
classifier.

They were taken from the npm package nsfwjs ${EXPECTED_VERSION} (MIT licence,
https://github.com/infinitered/nsfwjs), files
${['model.min.js', ...shards.map((s) => `${s}.min.js`)].map((f) => `  dist/models/inception_v3/${f}`).join('\n')}
nsfwjs's exported graph marks these layers frozen (trainable: false). Their
BatchNorm moving statistics, however, fit inputs scaled to [0, 1] (nsfwjs's
preprocessing) rather than Keras's [-1, 1], so they were re-estimated during
nsfwjs's training: treat the set as ImageNet-derived InceptionV3 weights, not
as a bit-exact copy of the Keras file. nsfwjs stores them uint8-quantised;
scripts/extract-inception-stem.ts dequantised them (value = q * scale + min,
rounded to float32) without any other change.

nsfwjs licence (verbatim from node_modules/nsfwjs/LICENSE)
-----------------------------------------------------------

${licenseText.trimEnd()}
`;
}

function main(): void {
  if (!existsSync(path.join(pkgDir, 'package.json')))
    fail(`nsfwjs is not installed; run \`npm i --no-save nsfwjs@${EXPECTED_VERSION}\` first`);
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { name: string; version: string };
  if (pkg.name !== 'nsfwjs' || pkg.version !== EXPECTED_VERSION) {
    fail(
      `expected nsfwjs@${EXPECTED_VERSION}, found ${pkg.name}@${pkg.version}; re-verify the layer layout before updating`,
    );
  }
  const licenseText = readFileSync(path.join(pkgDir, 'LICENSE'), 'utf8');
  if (!/^MIT License/.test(licenseText)) fail('nsfwjs LICENSE is no longer MIT; stop and check the licence');

  const json = loadModelJson();
  verifyTopology(json);
  const located = locateWeights(json);

  const groups = new Map<WeightGroup, GroupData>();
  const tensors = new Map<string, Float32Array>();
  const shardsUsed = new Set<string>();
  for (const { name, shape } of expectedStemTensors()) {
    const loc = located.get(name);
    if (!loc) fail(`weight ${name} not in manifest`);
    expectEqual(`${name} shape`, loc.spec.shape, shape);
    if (!groups.has(loc.group)) groups.set(loc.group, loadGroup(loc.group));
    const group = groups.get(loc.group)!;
    tensors.set(name, dequantize(group.bytes, loc));
    for (const s of shardsSpanned(loc, group.shardSizes)) shardsUsed.add(s);
  }
  const shards = [...shardsUsed].sort();

  const { manifest, bin } = serializeInceptionStemWeights(tensors, {
    package: 'nsfwjs',
    version: EXPECTED_VERSION,
    license: 'MIT',
    files: ['dist/models/inception_v3/model.min.js', ...shards.map((s) => `dist/models/inception_v3/${s}.min.js`)],
    originalWeights:
      'Keras InceptionV3 ImageNet weights as carried by nsfwjs (BatchNorm statistics re-estimated by nsfwjs for [0,1] input)',
    dequantization: 'uint8, value = fround(q * scale + min)',
    generatedBy: 'scripts/extract-inception-stem.ts',
  });

  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'stem.bin'), bin);
  writeFileSync(path.join(outDir, 'stem.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(path.join(outDir, 'NOTICE'), notice(licenseText, shards));
  console.log(
    `wrote ${path.relative(repoRoot, outDir)}/stem.bin (${bin.length} bytes, fnv1a32 ${manifest.checksum.value}) from ${shards.join(', ')}`,
  );
}

main();
