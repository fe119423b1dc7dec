import code from '../../../shaders/patch_fold.wgsl?raw';
import { checkFoldInputs } from '../../engine/patches/foldPatches';
import { DEFAULT_PATCH_SIZE, patchGrid } from '../../engine/patches/patchGrid';
import type { Voting } from '../../engine/patches/voting';
import { ComputeKernel, kernelCache } from '../computeKernel';
import type { GpuBuffers } from '../gpuBuffers';
import { allocImage, type GpuImage } from '../gpuImage';
import { shaderParams } from '../uniformLayout';

const shader = shaderParams({
  params: {
    out_h: 'u32',
    out_w: 'u32',
    q_grid_h: 'u32',
    q_grid_w: 'u32',
    v_w: 'u32',
    k_grid_w: 'u32',
    k_count: 'u32',
    patch_size: 'u32',
    has_fallback: 'u32',
  },
  consts: { WG: ['u32', 64] },
});

// One pipeline per vote: MEDIAN_VOTE is a constant, so the mean's pipeline never fills or scans the array of votes.
const foldKernel = (vote: Voting) => (d: GPUDevice) =>
  new ComputeKernel(d, {
    label: `patch_fold (${vote})`,
    code: [`const MEDIAN_VOTE = ${vote === 'median'};`, code],
    params: shader,
    bindings: ['values', 'nn', 'fallback', 'dst', 'params'],
  });

const kernel = kernelCache({ mean: foldKernel('mean'), median: foldKernel('median') });

export interface GpuFoldOptions {
  /** Default 7. */
  readonly patchSize?: number;
  /** Value of pixels no valid patch covers (output size); default 0. */
  readonly fallback?: GpuImage;
  /** Default 'mean'; see src/engine/patches/voting.ts. */
  readonly vote?: Voting;
}

/**
 * GPU twin of foldPatches (src/engine/patches/foldPatches.ts): the output
 * (outHeight × outWidth, the query image's size) averages the values patches
 * that `nn` (u32 per query patch, e.g. from encodePatchNearest) assigns to the
 * query patches covering each pixel (or takes their median). Records the dispatch; the caller submits
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
    throw new RangeError(
      `nn buffer holds ${Math.floor(nn.size / 4)} entries, expected one per query patch (${q.count})`,
    );
  }
  checkFoldInputs(q.count, q.count, opts.fallback, outHeight, outWidth);
  const dst = allocImage(buffers, outHeight, outWidth, `patch fold ${outHeight}x${outWidth}`);
  const params = shader.pack({
    out_h: outHeight,
    out_w: outWidth,
    q_grid_h: q.gridHeight,
    q_grid_w: q.gridWidth,
    v_w: values.width,
    k_grid_w: k.gridWidth,
    k_count: k.count,
    patch_size: p,
    has_fallback: !!opts.fallback,
  });
  const uniform = buffers.uniform(params, 'patch fold params');
  transients.push(uniform);
  let fallback = opts.fallback?.buffer;
  if (!fallback) transients.push((fallback = buffers.storage(4, 'patch fold placeholder')));
  kernel(buffers.device, opts.vote ?? 'mean').encode(
    encoder,
    { values: values.buffer, nn, fallback, dst: dst.buffer, params: uniform },
    Math.ceil((outHeight * outWidth) / shader.consts.WG),
  );
  return dst;
}
