import tilesCode from '../../../shaders/patch_tiles.wgsl?raw';
import colminCode from '../../../shaders/patch_colmin.wgsl?raw';
import argminCode from '../../../shaders/patch_argmin.wgsl?raw';
import type { RgbImage } from '../../engine/image/rgbImage';
import {
  resolvePatchSearch,
  type PatchSearchOptions,
  type PatchSearchResult,
  type ResolvedPatchSearch,
} from '../../engine/patches/nearestPatches';
import { MAX_PATCH_SIZE, NO_MATCH, type PatchGrid } from '../../engine/patches/patchGrid';
import { searchOnGpu } from './searchOnGpu';
import { ComputeKernel, kernelCache } from '../computeKernel';
import type { GpuBuffers } from '../gpuBuffers';
import type { GpuImage } from '../gpuImage';
import { shaderParams } from '../uniformLayout';

/**
 * GPU twin of nearestPatches (src/engine/patches/nearestPatches.ts): the
 * two-pass exact patch search as WGSL kernels patch_colmin and patch_argmin,
 * O(N+M) GPU memory (images, m, nn, scores, per-dispatch uniforms; masks when
 * given).
 *
 * Each pass is a tiled distance "product" in which a workgroup owns 64
 * patches and streams the other side. The streamed side is cut into ranges,
 * one dispatch each, so no single dispatch runs long enough to trip a
 * browser's GPU watchdog at 44k × 44k patches; every dispatch folds its
 * result into the O(N) / O(M) outputs (min for m, lexicographic (score, index)
 * min for nn), which makes the split invisible in the result.
 */

/** Patches per tile on each side; patch elements staged in workgroup memory per step. */
const TILE = 64;
const CHUNK = 16;

/** The uniform and constants of shaders/patch_tiles.wgsl, shared by both passes. */
const tiles = shaderParams({
  params: {
    own_count: 'u32', // patches of the owned grid
    own_grid_w: 'u32',
    own_img_w: 'u32',
    str_count: 'u32', // patches of the streamed grid
    str_grid_w: 'u32',
    str_img_w: 'u32',
    str_begin: 'u32', // streamed patches handled by this dispatch
    str_end: 'u32',
    patch_size: 'u32', // p (`patch` is a WGSL reserved word)
    elems: 'u32', // 3·p²
    first: 'u32', // 1 on the first dispatch: the outputs hold nothing yet
    squared: 'u32', // 1: sum of squares ('sq'), 0: Euclidean ('l2')
    alpha: 'f32',
    plain: 'u32', // 1: alpha ≥ 1e30, score = D
    has_active: 'u32', // 0: every query is active (the mask buffer is a placeholder)
    has_key_info: 'u32', // 0: no key excluded, every scale 1 (placeholder buffer)
  },
  consts: {
    TILE: ['u32', TILE],
    CHUNK: ['u32', CHUNK],
    // Sizes the element-offset table in workgroup memory.
    MAX_ELEMS: ['u32', Math.ceil((3 * MAX_PATCH_SIZE ** 2) / CHUNK) * CHUNK],
    NONE: ['u32', NO_MATCH],
  },
});
/** patch_tiles.wgsl's three resources, then the query mask both passes declare next. */
const SHARED_BINDINGS = ['own_img', 'str_img', 'params', 'query_active'] as const;

/**
 * About 2·10⁹ multiply-adds: ~1 ms on a large discrete GPU, a few hundred ms on
 * a weak integrated one, far under the ~2 s watchdog either way.
 */
export const DEFAULT_MAX_MACS_PER_DISPATCH = 2 ** 31;

const kernel = kernelCache({
  colmin: (d) =>
    new ComputeKernel(d, {
      label: 'patch_colmin',
      code: [tilesCode, colminCode],
      params: tiles,
      bindings: [...SHARED_BINDINGS, 'col_min'],
    }),
  argmin: (d) =>
    new ComputeKernel(d, {
      label: 'patch_argmin',
      code: [tilesCode, argminCode],
      params: tiles,
      bindings: [...SHARED_BINDINGS, 'key_info', 'col_min', 'nn', 'best_score'],
    }),
});

export interface PatchNearestGpuOptions extends PatchSearchOptions {
  /**
   * Work per dispatch, in multiply-adds (owned patches, padded to 64 × streamed
   * patches × padded patch length); at least one 64-patch streamed tile is
   * always taken. Lower it to split into more, shorter dispatches.
   */
  readonly maxMacsPerDispatch?: number;
}

export interface EncodedPatchNearest {
  /** Per query, u32: the chosen key or NO_MATCH. Owned by the caller. */
  readonly nn: GPUBuffer;
  /** Per query, f32: the chosen score (+Infinity without a match). Owned by the caller. */
  readonly score: GPUBuffer;
  /** Per key, f32: m_j from pass 1. Pushed to `transients`, so it lives as long as they do. */
  readonly colMin: GPUBuffer;
  readonly search: ResolvedPatchSearch;
  /** Dispatches recorded by pass 1 and pass 2. */
  readonly dispatches: readonly [number, number];
}

/** Records both passes into `encoder`; the caller submits. */
export function encodePatchNearest(
  buffers: GpuBuffers,
  encoder: GPUCommandEncoder,
  query: GpuImage,
  keys: GpuImage,
  opts: PatchNearestGpuOptions,
  transients: GPUBuffer[],
): EncodedPatchNearest {
  const search = resolvePatchSearch(query, keys, opts);
  const maxMacs = opts.maxMacsPerDispatch ?? DEFAULT_MAX_MACS_PER_DISPATCH;
  if (!(maxMacs > 0)) throw new RangeError(`maxMacsPerDispatch must be > 0, got ${maxMacs}`);
  const { queryGrid: qg, keyGrid: kg } = search;
  const device = buffers.device;

  const placeholder = () => track(transients, buffers.storage(4, 'patch search placeholder'));
  const active = search.activeQueries
    ? track(transients, buffers.upload(search.activeQueries, 'patch active queries'))
    : placeholder();
  const keyInfoData = keyInfo(search);
  const keyInfoBuffer = keyInfoData ? track(transients, buffers.upload(keyInfoData, 'patch key info')) : placeholder();
  const colMin = track(transients, buffers.storage(kg.count, 'patch column minima'));
  const nn = buffers.storage(qg.count, 'patch nn');
  const score = buffers.storage(qg.count, 'patch nn score');
  const flags = { hasActive: !!search.activeQueries, hasKeyInfo: !!keyInfoData };

  const pass1 = streamRanges(kg.count, qg.count, qg.elements, maxMacs);
  pass1.forEach(([begin, end], d) => {
    const uniform = track(
      transients,
      buffers.uniform(params(kg, keys, qg, query, begin, end, d === 0, search, flags), 'patch colmin params'),
    );
    kernel(device, 'colmin').encode(
      encoder,
      { own_img: keys.buffer, str_img: query.buffer, params: uniform, query_active: active, col_min: colMin },
      Math.ceil(kg.count / TILE),
    );
  });
  const pass2 = streamRanges(qg.count, kg.count, qg.elements, maxMacs);
  pass2.forEach(([begin, end], d) => {
    const uniform = track(
      transients,
      buffers.uniform(params(qg, query, kg, keys, begin, end, d === 0, search, flags), 'patch argmin params'),
    );
    kernel(device, 'argmin').encode(
      encoder,
      {
        own_img: query.buffer,
        str_img: keys.buffer,
        params: uniform,
        query_active: active,
        key_info: keyInfoBuffer,
        col_min: colMin,
        nn,
        best_score: score,
      },
      Math.ceil(qg.count / TILE),
    );
  });
  return { nn, score, colMin, search, dispatches: [pass1.length, pass2.length] };
}

/** The search end to end (uploads, runs, reads back, releases): for tests and tools. */
export function patchNearestGpu(
  buffers: GpuBuffers,
  query: GpuImage | RgbImage,
  keys: GpuImage | RgbImage,
  opts: PatchNearestGpuOptions = {},
): Promise<PatchSearchResult> {
  return searchOnGpu(buffers, query, keys, 'patch nearest', (encoder, q, k, transients) =>
    encodePatchNearest(buffers, encoder, q, k, opts, transients),
  );
}

function track<T extends GPUBuffer | GpuImage>(transients: GPUBuffer[], b: T): T {
  transients.push('buffer' in b ? b.buffer : b);
  return b;
}

/** Per key: s_j, or −1 when excluded. Undefined when neither option is given (the kernel then skips the lookup). */
function keyInfo(s: ResolvedPatchSearch): Float32Array | undefined {
  if (!s.excludedKeys && !s.keyAlphaScale) return undefined;
  const out = new Float32Array(s.keyGrid.count);
  for (let j = 0; j < out.length; j++) {
    out[j] = s.excludedKeys && s.excludedKeys[j] !== 0 ? -1 : s.keyAlphaScale ? s.keyAlphaScale[j] : 1;
  }
  return out;
}

/** Cuts the streamed patches into consecutive ranges of whole tiles, each within the work cap. */
export function streamRanges(
  ownCount: number,
  streamCount: number,
  elems: number,
  maxMacs: number,
): [number, number][] {
  const perTile = Math.ceil(ownCount / TILE) * TILE * TILE * Math.ceil(elems / CHUNK) * CHUNK;
  const step = Math.max(1, Math.floor(maxMacs / perTile)) * TILE;
  const ranges: [number, number][] = [];
  for (let begin = 0; begin < streamCount; begin += step) ranges.push([begin, Math.min(streamCount, begin + step)]);
  return ranges;
}

/** The Params struct of shaders/patch_tiles.wgsl. */
function params(
  own: PatchGrid,
  ownImg: GpuImage,
  str: PatchGrid,
  strImg: GpuImage,
  begin: number,
  end: number,
  first: boolean,
  s: ResolvedPatchSearch,
  flags: { hasActive: boolean; hasKeyInfo: boolean },
): ArrayBuffer {
  return tiles.pack({
    own_count: own.count,
    own_grid_w: own.gridWidth,
    own_img_w: ownImg.width,
    str_count: str.count,
    str_grid_w: str.gridWidth,
    str_img_w: strImg.width,
    str_begin: begin,
    str_end: end,
    patch_size: own.patchSize,
    elems: own.elements,
    first,
    squared: s.distance === 'sq',
    // Plain NN never reads alpha; keep the uniform finite.
    alpha: s.plain ? 0 : s.alpha,
    plain: s.plain,
    has_active: flags.hasActive,
    has_key_info: flags.hasKeyInfo,
  });
}
