import type { PatchDistance } from '../../engine/patches/nearestPatches';
import type { ColMinEstimate } from '../../engine/patches/patchMatchSchedule';
import { GpuBuffers } from '../../gpu/gpuBuffers';
import type { GpuContext } from '../../gpu/gpuContext';
import { uploadImage } from '../../gpu/gpuImage';
import { encodePatchMatch, patchMatchGpu, type PatchMatchGpuOptions } from '../../gpu/kernels/patchMatch';
import { toImage, typedMasks, type JsonImage, type JsonSearchMasks } from './json';

/** PatchMatch options as JSON: typed arrays become number lists. */
export interface JsonPatchMatchOptions extends JsonSearchMasks {
  patchSize?: number;
  distance?: PatchDistance;
  alpha?: number;
  seed?: number;
  iterations?: number;
  initialField?: number[];
  colMinEstimate?: ColMinEstimate;
}

function matchOptions(j: JsonPatchMatchOptions): PatchMatchGpuOptions & { initialField?: Uint32Array } {
  return { ...typedMasks(j), initialField: j.initialField && Uint32Array.from(j.initialField) };
}

/** The approximate patch search (patchmatch_* kernels). */
export const patchMatchKernels = {
  /**
   * The encoded search. `fieldOnGpu` hands the initial field over as a GPU
   * buffer, the way GPNN warm-starts from its previous nn buffer.
   */
  async patch_match(
    gpu: GpuContext,
    input: { query: JsonImage; keys?: JsonImage; opts: JsonPatchMatchOptions; fieldOnGpu?: boolean },
  ) {
    const buffers = new GpuBuffers(gpu.device);
    const q = uploadImage(buffers, toImage(input.query), 'query');
    // Without `keys`, a self-search on one buffer bound twice (both read-only), as the pipeline does.
    const k = input.keys ? uploadImage(buffers, toImage(input.keys), 'keys') : q;
    const opts: PatchMatchGpuOptions = matchOptions(input.opts);
    const field =
      input.fieldOnGpu && opts.initialField instanceof Uint32Array
        ? buffers.upload(opts.initialField, 'initial field')
        : undefined;
    const encoder = gpu.device.createCommandEncoder();
    const transients: GPUBuffer[] = [];
    const out = encodePatchMatch(buffers, encoder, q, k, field ? { ...opts, initialField: field } : opts, transients);
    gpu.device.queue.submit([encoder.finish()]);
    const n = out.search.queryGrid.count;
    const nn = Array.from(new Uint32Array(await buffers.read(out.nn, n * 4)));
    const score = Array.from(await buffers.readFloats(out.score, n));
    const peakBytes = buffers.peakBytes;
    const owned = [q.buffer, k.buffer, out.nn, out.score, ...(field ? [field] : []), ...transients];
    for (const b of new Set(owned)) buffers.release(b);
    return { nn, score, dispatches: out.dispatches, peakBytes, liveBytesAfter: buffers.liveBytes };
  },

  /** The convenience entry point, to prove it cleans up after itself. */
  async patch_match_simple(gpu: GpuContext, input: { query: JsonImage; keys: JsonImage; opts: JsonPatchMatchOptions }) {
    const buffers = new GpuBuffers(gpu.device);
    const { nn, score } = await patchMatchGpu(
      buffers,
      toImage(input.query),
      toImage(input.keys),
      matchOptions(input.opts),
    );
    return { nn: Array.from(nn), score: Array.from(score), liveBytesAfter: buffers.liveBytes };
  },
} as const;
