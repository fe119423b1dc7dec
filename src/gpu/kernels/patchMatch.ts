import commonCode from '../../../shaders/patchmatch_common.wgsl?raw';
import initCode from '../../../shaders/patchmatch_init.wgsl?raw';
import stepCode from '../../../shaders/patchmatch_step.wgsl?raw';
import colminCode from '../../../shaders/patchmatch_colmin.wgsl?raw';
import type { RgbImage } from '../../engine/image/rgbImage';
import type { PatchSearchResult, ResolvedPatchSearch } from '../../engine/patches/nearestPatches';
import { NO_MATCH } from '../../engine/patches/patchGrid';
import {
  INIT_ROUND,
  INIT_TRIES,
  PATCHMATCH_PASSES,
  resolvePatchMatch,
  reverseSearchOptions,
  type PatchMatchOptions,
  type ResolvedPatchMatch,
} from '../../engine/patches/patchMatchSchedule';
import { searchOnGpu } from './searchOnGpu';
import { ComputeKernel, kernelCache } from '../computeKernel';
import type { GpuBuffers } from '../gpuBuffers';
import type { GpuImage } from '../gpuImage';
import { shaderParams } from '../uniformLayout';

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

/** The uniform and constants of shaders/patchmatch_common.wgsl, shared by every pass. */
const common = shaderParams({
  params: {
    q_count: 'u32',
    q_grid_h: 'u32',
    q_grid_w: 'u32',
    q_img_w: 'u32',
    k_count: 'u32',
    k_grid_h: 'u32',
    k_grid_w: 'u32',
    k_img_w: 'u32',
    patch_size: 'u32', // p (`patch` is a WGSL reserved word)
    squared: 'u32', // 1: D = Σ(q−k)² ('sq'), 0: its sqrt ('l2')
    plain: 'u32', // 1: score = D (alpha ≥ 1e30)
    alpha: 'f32',
    has_key_info: 'u32', // 0: no key excluded, every scale 1 (placeholder buffer)
    has_active: 'u32', // 0: every query active (placeholder buffer)
    has_init: 'u32', // 1: init_field holds a starting field
    seed: 'u32',
    iter: 'u32', // round of this pass (INIT_ROUND for the initialisation)
    jump: 'u32', // propagation distance of this pass, 0 = no propagation
    random_search: 'u32',
    radius0: 'u32', // first random-search radius: max(key grid H, W)
  },
  consts: {
    WG: ['u32', 64],
    NONE: ['u32', NO_MATCH],
    INIT_ROUND: ['u32', INIT_ROUND],
    INIT_TRIES: ['u32', INIT_TRIES],
  },
});

/** Every pass declares all of these (patchmatch_common.wgsl) and binds the ones it uses. */
const BINDINGS = [
  'params',
  'q_img',
  'k_img',
  'key_info',
  'query_active',
  'init_field',
  'col_est',
  'nn_in',
  'dist_in',
  'nn_out',
  'dist_out',
  'score_out',
] as const;
type Binding = (typeof BINDINGS)[number];

const passKernel = (label: string, code: string, entryPoint?: string) => (d: GPUDevice) =>
  new ComputeKernel(d, { label, code: [commonCode, code], params: common, bindings: BINDINGS, entryPoint });
const kernel = kernelCache({
  init: passKernel('patchmatch_init', initCode),
  step: passKernel('patchmatch_step', stepCode),
  colmin: passKernel('patchmatch_colmin', colminCode, 'colmin'),
  seedEstimate: passKernel('patchmatch_seed_estimate', colminCode, 'seed_estimate'),
  score: passKernel('patchmatch_score', colminCode, 'finish_score'),
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
  const r = resolvePatchMatch(query, keys, {
    ...opts,
    initialField: initBuffer ? undefined : (opts.initialField as Uint32Array | undefined),
  });
  const { queryGrid: qg, keyGrid: kg } = r.search;
  if (initBuffer && initBuffer.size < qg.count * 4) {
    throw new RangeError(
      `initialField buffer holds ${initBuffer.size} bytes, expected one u32 per query patch (${qg.count * 4})`,
    );
  }
  const device = buffers.device;
  let dispatches = 0;
  const keep = (b: GPUBuffer) => (transients.push(b), b);
  const placeholder = () => keep(buffers.storage(4, 'patchmatch placeholder'));

  // A 'reverse' estimate is a whole plain search the other way round; its distances seed m.
  const reverse = r.reverse
    ? encodePatchMatch(buffers, encoder, keys, query, reverseSearchOptions(r), transients)
    : undefined;
  if (reverse) {
    transients.push(reverse.nn, reverse.score);
    dispatches += reverse.dispatches;
  }

  const keyInfoData = keyInfo(r);
  const keyInfoBuf = keyInfoData ? keep(buffers.upload(keyInfoData, 'patchmatch key info')) : placeholder();
  const activeBuf = r.search.activeQueries
    ? keep(buffers.upload(r.search.activeQueries, 'patchmatch active'))
    : placeholder();
  const initBuf =
    initBuffer ?? (r.initialField ? keep(buffers.upload(r.initialField, 'patchmatch initial field')) : placeholder());
  const colEst = r.search.plain ? placeholder() : keep(buffers.storage(kg.count, 'patchmatch m estimate'));
  let nnIn = buffers.storage(qg.count, 'patchmatch nn');
  let distIn = buffers.storage(qg.count, 'patchmatch dist');
  let nnOut = buffers.storage(qg.count, 'patchmatch nn');
  let distOut = buffers.storage(qg.count, 'patchmatch dist');

  const flags = {
    hasKeyInfo: !!keyInfoData,
    hasActive: !!r.search.activeQueries,
    hasInit: !!(initBuffer || r.initialField),
  };
  const run = (
    name: 'init' | 'step' | 'colmin' | 'seedEstimate' | 'score',
    bound: { readonly [K in Exclude<Binding, 'params'>]?: GPUBuffer },
    pass: { iter: number; jump: number; randomSearch: boolean },
    threads: number,
  ) => {
    const uniform = keep(buffers.uniform(params(r, query, keys, flags, pass), `patchmatch ${name} params`));
    kernel(device, name).encode(encoder, { ...bound, params: uniform }, Math.ceil(threads / common.consts.WG));
    dispatches++;
  };
  const none = { iter: 0, jump: 0, randomSearch: false };
  const images = { q_img: query.buffer, k_img: keys.buffer };
  const estimate = () => {
    if (r.search.plain) return;
    if (reverse) run('seedEstimate', { dist_in: reverse.score, col_est: colEst }, none, kg.count);
    else encoder.clearBuffer(colEst);
    run('colmin', { nn_in: nnIn, dist_in: distIn, col_est: colEst }, none, qg.count);
  };

  // The init pass writes the "in" pair directly: swap first so it is the output.
  run(
    'init',
    { ...images, key_info: keyInfoBuf, query_active: activeBuf, init_field: initBuf, nn_out: nnIn, dist_out: distIn },
    { ...none, iter: INIT_ROUND },
    qg.count,
  );
  for (let round = 0; round < r.iterations; round++) {
    estimate();
    for (const pass of PATCHMATCH_PASSES) {
      run(
        'step',
        {
          ...images,
          key_info: keyInfoBuf,
          col_est: colEst,
          nn_in: nnIn,
          dist_in: distIn,
          nn_out: nnOut,
          dist_out: distOut,
        },
        { iter: round, ...pass },
        qg.count,
      );
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
  run(
    'score',
    { key_info: keyInfoBuf, col_est: colEst, nn_in: nnIn, dist_in: distIn, score_out: score },
    none,
    qg.count,
  );
  return { nn: nnIn, score, search: r.search, dispatches };
}

/** The search end to end (uploads, runs, reads back, releases): for tests and tools. */
export function patchMatchGpu(
  buffers: GpuBuffers,
  query: GpuImage | RgbImage,
  keys: GpuImage | RgbImage,
  opts: PatchMatchGpuOptions = {},
): Promise<PatchSearchResult> {
  return searchOnGpu(buffers, query, keys, 'patchmatch', (encoder, q, k, transients) =>
    encodePatchMatch(buffers, encoder, q, k, opts, transients),
  );
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

function params(
  r: ResolvedPatchMatch,
  query: GpuImage,
  keys: GpuImage,
  flags: { hasKeyInfo: boolean; hasActive: boolean; hasInit: boolean },
  pass: { iter: number; jump: number; randomSearch: boolean },
): ArrayBuffer {
  const { queryGrid: qg, keyGrid: kg, distance, plain, alpha } = r.search;
  return common.pack({
    q_count: qg.count,
    q_grid_h: qg.gridHeight,
    q_grid_w: qg.gridWidth,
    q_img_w: query.width,
    k_count: kg.count,
    k_grid_h: kg.gridHeight,
    k_grid_w: kg.gridWidth,
    k_img_w: keys.width,
    patch_size: qg.patchSize,
    squared: distance === 'sq',
    plain,
    // Plain NN never reads alpha; keep the uniform finite.
    alpha: plain ? 0 : alpha,
    has_key_info: flags.hasKeyInfo,
    has_active: flags.hasActive,
    has_init: flags.hasInit,
    seed: r.seed,
    iter: pass.iter,
    jump: pass.jump,
    random_search: pass.randomSearch,
    radius0: r.radius0,
  });
}
