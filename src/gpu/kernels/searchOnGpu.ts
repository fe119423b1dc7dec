import type { RgbImage } from '../../engine/image/rgbImage';
import type { PatchSearchResult, ResolvedPatchSearch } from '../../engine/patches/nearestPatches';
import type { GpuBuffers } from '../gpuBuffers';
import { uploadImage, type GpuImage } from '../gpuImage';

/** What an encode function of a patch search hands back: per-query nn and score buffers. */
export interface EncodedSearch {
  readonly nn: GPUBuffer;
  readonly score: GPUBuffer;
  readonly search: ResolvedPatchSearch;
}

/**
 * A patch search end to end, for tests and tools: uploads RgbImages if given,
 * records the search with `encode`, reads nn and scores back and releases
 * everything it allocated. Shared by the exact search and PatchMatch.
 */
export async function searchOnGpu(
  buffers: GpuBuffers,
  query: GpuImage | RgbImage,
  keys: GpuImage | RgbImage,
  label: string,
  encode: (encoder: GPUCommandEncoder, q: GpuImage, k: GpuImage, transients: GPUBuffer[]) => EncodedSearch,
): Promise<PatchSearchResult> {
  const transients: GPUBuffer[] = [];
  const onGpu = (img: GpuImage | RgbImage): GpuImage => {
    if ('buffer' in img) return img;
    const g = uploadImage(buffers, img, `${label} image`);
    transients.push(g.buffer);
    return g;
  };
  const q = onGpu(query);
  const k = keys === query ? q : onGpu(keys);
  const encoder = buffers.device.createCommandEncoder({ label });
  try {
    const out = encode(encoder, q, k, transients);
    transients.push(out.nn, out.score);
    buffers.device.queue.submit([encoder.finish()]);
    const n = out.search.queryGrid.count;
    const nn = new Uint32Array(await buffers.read(out.nn, n * 4));
    const score = await buffers.readFloats(out.score, n);
    return { nn, score };
  } finally {
    for (const b of new Set(transients)) buffers.release(b);
  }
}
