import code from '../../../shaders/patch_fold.wgsl?raw';
import { checkFoldInputs } from '../../engine/patches/foldPatches';
import { DEFAULT_PATCH_SIZE, patchGrid } from '../../engine/patches/patchGrid';
import { ComputeKernel, kernelCache } from '../computeKernel';
import type { GpuBuffers } from '../gpuBuffers';
import { allocImage, type GpuImage } from '../gpuImage';

const WORKGROUP = 64;
const kernel = kernelCache({ fold: (d) => new ComputeKernel(d, 'patch_fold', code) });

export interface GpuFoldOptions {
  /** Default 7. */
  readonly patchSize?: number;
  /** Value of pixels no valid patch covers (output size); default 0. */
  readonly fallback?: GpuImage;
}

/**
 * GPU twin of foldPatches (src/engine/patches/foldPatches.ts): the output
 * (outHeight × outWidth, the query image's size) averages the values patches
 * that `nn` (u32 per query patch, e.g. from encodePatchNearest) assigns to the
 * query patches covering each pixel. Records the dispatch; the caller submits
 * and owns the returned image.
 */
export function encodePatchFold(
  buffers: GpuBuffers,
  encoder: GPUCommandEncoder,
  values: GpuImage,
  nn: GPUBuffer,
  outHeight: number,
  outWidth: number,
  opts: GpuFoldOptions,
  transients: GPUBuffer[],
): GpuImage {
  const p = opts.patchSize ?? DEFAULT_PATCH_SIZE;
  const q = patchGrid(outHeight, outWidth, p, 'output (query) image');
  const k = patchGrid(values.height, values.width, p, 'values image');
  if (nn.size < q.count * 4) {
    throw new RangeError(`nn buffer holds ${Math.floor(nn.size / 4)} entries, expected one per query patch (${q.count})`);
  }
  checkFoldInputs(q.count, q.count, opts.fallback, outHeight, outWidth);
  const dst = allocImage(buffers, outHeight, outWidth, `patch fold ${outHeight}x${outWidth}`);
  // 12 words: the 9 fields of Params padded to a 16-byte multiple, as uniform layout wants.
  const params = new Uint32Array(12);
  params.set([outHeight, outWidth, q.gridHeight, q.gridWidth, values.width, k.gridWidth, k.count, p, opts.fallback ? 1 : 0]);
  const uniform = buffers.uniform(params.buffer, 'patch fold params');
  transients.push(uniform);
  let fallback = opts.fallback?.buffer;
  if (!fallback) transients.push((fallback = buffers.storage(4, 'patch fold placeholder')));
  kernel(buffers.device, 'fold').encode(
    encoder,
    [values.buffer, nn, fallback, dst.buffer, uniform],
    Math.ceil((outHeight * outWidth) / WORKGROUP),
  );
  return dst;
}
