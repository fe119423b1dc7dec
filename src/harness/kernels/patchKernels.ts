import type { Voting } from '../../engine/patches/voting';
import type { PatchDistance } from '../../engine/patches/nearestPatches';
import { GpuBuffers } from '../../gpu/gpuBuffers';
import type { GpuContext } from '../../gpu/gpuContext';
import { downloadImage, uploadImage } from '../../gpu/gpuImage';
import { encodePatchFold } from '../../gpu/kernels/patchFold';
import { encodePatchNearest, patchNearestGpu, type PatchNearestGpuOptions } from '../../gpu/kernels/patchNearest';
import { toImage, toJson, typedMasks, type JsonImage, type JsonSearchMasks } from './json';

/** Search options as JSON: typed arrays become number lists. */
export interface JsonPatchSearchOptions extends JsonSearchMasks {
  patchSize?: number;
  distance?: PatchDistance;
  alpha?: number;
  maxMacsPerDispatch?: number;
}

const searchOptions = (j: JsonPatchSearchOptions): PatchNearestGpuOptions => typedMasks(j);

/**
 * The GPNN patch kernels: exact nearest-patch search (patch_colmin +
 * patch_argmin) and the fold (patch_fold).
 */
export const patchKernels = {
  /** Both search passes; also returns m, the dispatch counts and the GPU memory high-water mark. */
  async patch_nearest(gpu: GpuContext, input: { query: JsonImage; keys?: JsonImage; opts: JsonPatchSearchOptions }) {
    const buffers = new GpuBuffers(gpu.device);
    const q = uploadImage(buffers, toImage(input.query), 'query');
    // Without `keys`, a self-search on one buffer bound twice (both read-only), as the pipeline does.
    const k = input.keys ? uploadImage(buffers, toImage(input.keys), 'keys') : q;
    const encoder = gpu.device.createCommandEncoder();
    const transients: GPUBuffer[] = [];
    const out = encodePatchNearest(buffers, encoder, q, k, searchOptions(input.opts), transients);
    gpu.device.queue.submit([encoder.finish()]);
    const n = out.search.queryGrid.count;
    const nn = Array.from(new Uint32Array(await buffers.read(out.nn, n * 4)));
    const score = Array.from(await buffers.readFloats(out.score, n));
    const colMin = Array.from(await buffers.readFloats(out.colMin, out.search.keyGrid.count));
    const peakBytes = buffers.peakBytes;
    for (const b of new Set([q.buffer, k.buffer, out.nn, out.score, ...transients])) buffers.release(b);
    return { nn, score, colMin, dispatches: out.dispatches, peakBytes, liveBytesAfter: buffers.liveBytes };
  },

  /** The convenience entry point, to prove it cleans up after itself. */
  async patch_nearest_simple(
    gpu: GpuContext,
    input: { query: JsonImage; keys: JsonImage; opts: JsonPatchSearchOptions },
  ) {
    const buffers = new GpuBuffers(gpu.device);
    const { nn, score } = await patchNearestGpu(
      buffers,
      toImage(input.query),
      toImage(input.keys),
      searchOptions(input.opts),
    );
    return { nn: Array.from(nn), score: Array.from(score), liveBytesAfter: buffers.liveBytes };
  },

  async patch_fold(
    gpu: GpuContext,
    input: {
      values: JsonImage;
      nn: number[];
      outHeight: number;
      outWidth: number;
      patchSize: number;
      fallback?: JsonImage;
      vote?: Voting;
    },
  ) {
    const buffers = new GpuBuffers(gpu.device);
    const v = uploadImage(buffers, toImage(input.values), 'values');
    const nn = buffers.upload(Uint32Array.from(input.nn), 'nn');
    const fallback = input.fallback && uploadImage(buffers, toImage(input.fallback), 'fallback');
    const encoder = gpu.device.createCommandEncoder();
    const transients: GPUBuffer[] = [];
    const out = encodePatchFold(
      buffers,
      encoder,
      v,
      nn,
      input.outHeight,
      input.outWidth,
      { patchSize: input.patchSize, fallback, vote: input.vote },
      transients,
    );
    gpu.device.queue.submit([encoder.finish()]);
    const image = toJson(await downloadImage(buffers, out));
    for (const b of [v.buffer, nn, out.buffer, ...(fallback ? [fallback.buffer] : []), ...transients])
      buffers.release(b);
    return { image, liveBytesAfter: buffers.liveBytes };
  },

  /** One GPNN step entirely on the GPU (search, then fold from the nn buffer), no readback between. */
  async patch_search_fold(
    gpu: GpuContext,
    input: { query: JsonImage; keys: JsonImage; values: JsonImage; opts: JsonPatchSearchOptions },
  ) {
    const buffers = new GpuBuffers(gpu.device);
    const q = uploadImage(buffers, toImage(input.query), 'query');
    const k = uploadImage(buffers, toImage(input.keys), 'keys');
    const v = uploadImage(buffers, toImage(input.values), 'values');
    const encoder = gpu.device.createCommandEncoder();
    const transients: GPUBuffer[] = [];
    const opts = searchOptions(input.opts);
    const found = encodePatchNearest(buffers, encoder, q, k, opts, transients);
    const out = encodePatchFold(
      buffers,
      encoder,
      v,
      found.nn,
      q.height,
      q.width,
      { patchSize: opts.patchSize },
      transients,
    );
    gpu.device.queue.submit([encoder.finish()]);
    const image = toJson(await downloadImage(buffers, out));
    for (const b of [q.buffer, k.buffer, v.buffer, found.nn, found.score, out.buffer, ...transients])
      buffers.release(b);
    return { image, liveBytesAfter: buffers.liveBytes };
  },
} as const;
