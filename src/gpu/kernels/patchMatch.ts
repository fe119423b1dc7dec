import commonCode from '../../../shaders/patchmatch_common.wgsl?raw';
import initCode from '../../../shaders/patchmatch_init.wgsl?raw';
import stepCode from '../../../shaders/patchmatch_step.wgsl?raw';
import colminCode from '../../../shaders/patchmatch_colmin.wgsl?raw';
import type { RgbImage } from '../../engine/image/rgbImage';
import type { PatchSearchResult, ResolvedPatchSearch } from '../../engine/patches/nearestPatches';
import {
  INIT_ROUND,
  PATCHMATCH_PASSES,
  resolvePatchMatch,
  reverseSearchOptions,
  type PatchMatchOptions,
  type ResolvedPatchMatch,
} from '../../engine/patches/patchMatch';
import { searchOnGpu } from './searchOnGpu';
import { ComputeKernel, foldWorkgroups, kernelCache } from '../computeKernel';
import type { GpuBuffers } from '../gpuBuffers';
import type { GpuImage } from '../gpuImage';

/**
 * GPU twin of patchMatch (src/engine/patches/patchMatch.ts): approximate
 * nearest-patch search in O(N+M) GPU memory (images, two (nn, dist) fields,
 * m, per-key info, one small uniform per dispatch). Dispatches: 1 init, then
 * per round 4 passes (+1 scatter for the m estimate), +2 at the end for the
 * scores with completeness; each is one thread per query (64 per workgroup)
 * and at most 4 + log2(max key grid side) + 1 distance evaluations per thread,
 * far below any watchdog. 'reverse' runs a whole plain search first.
 *
 * Same hash, same candidates, same double-buffered passes as the CPU code,
 * so for equal seeds the fields are equal wherever float32 rounding agrees.
 */

const WORKGROUP = 64;
const PARAMS_BYTES = 80;

/** Resource bindings of shaders/patchmatch_common.wgsl. */
const B = {
  params: 0,
  query: 1,
  keys: 2,
  keyInfo: 3,
  active: 4,
  initField: 5,
  colEst: 6,
  nnIn: 7,
  distIn: 8,
  nnOut: 9,
  distOut: 10,
  scoreOut: 11,
} as const;

const kernel = kernelCache({
  init: (d) => new ComputeKernel(d, 'patchmatch_init', `${commonCode}\n${initCode}`),
  step: (d) => new ComputeKernel(d, 'patchmatch_step', `${commonCode}\n${stepCode}`),
  colmin: (d) => new ComputeKernel(d, 'patchmatch_colmin', `${commonCode}\n${colminCode}`, 'colmin'),
  seedEstimate: (d) => new ComputeKernel(d, 'patchmatch_seed_estimate', `${commonCode}\n${colminCode}`, 'seed_estimate'),
  score: (d) => new ComputeKernel(d, 'patchmatch_score', `${commonCode}\n${colminCode}`, 'finish_score'),
});

export interface PatchMatchGpuOptions extends Omit<PatchMatchOptions, 'initialField'> {
  /**
   * Starting field, per query (u32): on the CPU, or a GPU buffer such as the
   * previous GPNN iteration's nn, read by the init pass and left untouched.
   */
  readonly initialField?: Uint32Array | GPUBuffer;
}

export interface EncodedPatchMatch {
  /** Per query, u32: the chosen key or NO_MATCH. Owned by the caller. */
  readonly nn: GPUBuffer;
  /** Per query, f32: the chosen key's score (D for plain NN; +Infinity without a match). Owned by the caller. */
  readonly score: GPUBuffer;
  readonly search: ResolvedPatchSearch;
  readonly dispatches: number;
}

/** Records the whole search into `encoder`; the caller submits. */
export function encodePatchMatch(
  buffers: GpuBuffers,
  encoder: GPUCommandEncoder,
  query: GpuImage,
  keys: GpuImage,
  opts: PatchMatchGpuOptions,
  transients: GPUBuffer[],
): EncodedPatchMatch {
  const initBuffer = opts.initialField instanceof Uint32Array ? undefined : opts.initialField;
  const r = resolvePatchMatch(query, keys, { ...opts, initialField: initBuffer ? undefined : (opts.initialField as Uint32Array | undefined) });
  const { queryGrid: qg, keyGrid: kg } = r.search;
  if (initBuffer && initBuffer.size < qg.count * 4) {
    throw new RangeError(`initialField buffer holds ${initBuffer.size} bytes, expected one u32 per query patch (${qg.count * 4})`);
  }
  const device = buffers.device;
  let dispatches = 0;
  const keep = (b: GPUBuffer) => (transients.push(b), b);
  const placeholder = () => keep(buffers.storage(4, 'patchmatch placeholder'));

  // A 'reverse' estimate is a whole plain search the other way round; its distances seed m.
  const reverse = r.reverse ? encodePatchMatch(buffers, encoder, keys, query, reverseSearchOptions(r), transients) : undefined;
  if (reverse) {
    transients.push(reverse.nn, reverse.score);
    dispatches += reverse.dispatches;
  }

  const keyInfoData = keyInfo(r);
  const keyInfoBuf = keyInfoData ? keep(buffers.upload(keyInfoData, 'patchmatch key info')) : placeholder();
  const activeBuf = r.search.activeQueries ? keep(buffers.upload(r.search.activeQueries, 'patchmatch active')) : placeholder();
  const initBuf = initBuffer ?? (r.initialField ? keep(buffers.upload(r.initialField, 'patchmatch initial field')) : placeholder());
  const colEst = r.search.plain ? placeholder() : keep(buffers.storage(kg.count, 'patchmatch m estimate'));
  let nnIn = buffers.storage(qg.count, 'patchmatch nn');
  let distIn = buffers.storage(qg.count, 'patchmatch dist');
  let nnOut = buffers.storage(qg.count, 'patchmatch nn');
  let distOut = buffers.storage(qg.count, 'patchmatch dist');

  const flags = { hasKeyInfo: !!keyInfoData, hasActive: !!r.search.activeQueries, hasInit: !!(initBuffer || r.initialField) };
  const run = (
    name: 'init' | 'step' | 'colmin' | 'seedEstimate' | 'score',
    bound: Partial<Record<keyof typeof B, GPUBuffer>>,
    pass: { iter: number; jump: number; randomSearch: boolean },
    threads: number,
  ) => {
    const uniform = keep(buffers.uniform(params(r, query, keys, flags, pass), `patchmatch ${name} params`));
    dispatch(kernel(device, name), encoder, { ...bound, params: uniform }, Math.ceil(threads / WORKGROUP));
    dispatches++;
  };
  const none = { iter: 0, jump: 0, randomSearch: false };
  const images = { query: query.buffer, keys: keys.buffer };
  const estimate = () => {
    if (r.search.plain) return;
    if (reverse) run('seedEstimate', { distIn: reverse.score, colEst }, none, kg.count);
    else encoder.clearBuffer(colEst);
    run('colmin', { nnIn, distIn, colEst }, none, qg.count);
  };

  // The init pass writes the "in" pair directly: swap first so it is the output.
  run('init', { ...images, keyInfo: keyInfoBuf, active: activeBuf, initField: initBuf, nnOut: nnIn, distOut: distIn }, { ...none, iter: INIT_ROUND }, qg.count);
  for (let round = 0; round < r.iterations; round++) {
    estimate();
    for (const pass of PATCHMATCH_PASSES) {
      run('step', { ...images, keyInfo: keyInfoBuf, colEst, nnIn, distIn, nnOut, distOut }, { iter: round, ...pass }, qg.count);
      [nnIn, nnOut] = [nnOut, nnIn];
      [distIn, distOut] = [distOut, distIn];
    }
  }
  transients.push(nnOut, distOut);
  if (r.search.plain) return { nn: nnIn, score: distIn, search: r.search, dispatches };
  // Scores under the estimate of the returned field itself (as the CPU's finish).
  transients.push(distIn);
  estimate();
  const score = buffers.storage(qg.count, 'patchmatch score');
  run('score', { keyInfo: keyInfoBuf, colEst, nnIn, distIn, scoreOut: score }, none, qg.count);
  return { nn: nnIn, score, search: r.search, dispatches };
}

/** The search end to end (uploads, runs, reads back, releases): for tests and tools. */
export function patchMatchGpu(
  buffers: GpuBuffers,
  query: GpuImage | RgbImage,
  keys: GpuImage | RgbImage,
  opts: PatchMatchGpuOptions = {},
): Promise<PatchSearchResult> {
  return searchOnGpu(buffers, query, keys, 'patchmatch', (encoder, q, k, transients) => encodePatchMatch(buffers, encoder, q, k, opts, transients));
}

/** ComputeKernel.encode binds by position; these kernels bind by the number in the shared map, leaving gaps. */
function dispatch(
  k: ComputeKernel,
  encoder: GPUCommandEncoder,
  bound: Partial<Record<keyof typeof B, GPUBuffer>>,
  workgroups: number,
): void {
  const bindGroup = k.device.createBindGroup({
    layout: k.pipeline.getBindGroupLayout(0),
    entries: Object.entries(bound).map(([name, buffer]) => ({ binding: B[name as keyof typeof B], resource: { buffer: buffer! } })),
  });
  const pass = encoder.beginComputePass({ label: k.label });
  pass.setPipeline(k.pipeline);
  pass.setBindGroup(0, bindGroup);
  const [x, y] = foldWorkgroups(workgroups, k.device.limits.maxComputeWorkgroupsPerDimension);
  pass.dispatchWorkgroups(x, y);
  pass.end();
}

/** KeyInfo per key: (next allowed key, s_j). Undefined when no key is excluded and no scale given. */
function keyInfo(r: ResolvedPatchMatch): Uint32Array | undefined {
  const { excludedKeys, keyAlphaScale, keyGrid } = r.search;
  if (!excludedKeys && !keyAlphaScale) return undefined;
  const out = new Uint32Array(keyGrid.count * 2);
  const f = new Float32Array(out.buffer);
  for (let j = 0; j < keyGrid.count; j++) {
    out[2 * j] = r.keyNext ? r.keyNext[j] : j;
    f[2 * j + 1] = keyAlphaScale ? keyAlphaScale[j] : 1;
  }
  return out;
}

/** The Params struct of shaders/patchmatch_common.wgsl. */
function params(
  r: ResolvedPatchMatch,
  query: GpuImage,
  keys: GpuImage,
  flags: { hasKeyInfo: boolean; hasActive: boolean; hasInit: boolean },
  pass: { iter: number; jump: number; randomSearch: boolean },
): ArrayBuffer {
  const { queryGrid: qg, keyGrid: kg, distance, plain, alpha } = r.search;
  const data = new ArrayBuffer(PARAMS_BYTES);
  const u = new Uint32Array(data);
  u.set([
    qg.count, qg.gridHeight, qg.gridWidth, query.width,
    kg.count, kg.gridHeight, kg.gridWidth, keys.width,
    qg.patchSize, distance === 'sq' ? 1 : 0, plain ? 1 : 0,
  ]);
  // Plain NN never reads alpha; keep the uniform finite.
  new Float32Array(data)[11] = plain ? 0 : alpha;
  u.set([
    flags.hasKeyInfo ? 1 : 0, flags.hasActive ? 1 : 0, flags.hasInit ? 1 : 0,
    r.seed, pass.iter >>> 0, pass.jump, pass.randomSearch ? 1 : 0, r.radius0,
  ], 12);
  return data;
}
