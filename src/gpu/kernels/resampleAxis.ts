import code from '../../../shaders/resample_axis.wgsl?raw';
import {
  AXIS_CODE,
  FILTER_CODE,
  filterRadius,
  validateFilter,
  type Axis,
  type ResampleFilter,
} from '../../engine/image/resample';
import { ComputeKernel, kernelCache } from '../computeKernel';
import type { GpuBuffers } from '../gpuBuffers';
import { allocImage, type GpuImage } from '../gpuImage';

const WORKGROUP = 64;
const kernel = kernelCache({ resample: (d) => new ComputeKernel(d, 'resample_axis', code) });

/** GPU twin of `resampleAxis` in engine/image/resample.ts. Records the dispatch; the caller submits. */
export function encodeResampleAxis(
  buffers: GpuBuffers,
  encoder: GPUCommandEncoder,
  src: GpuImage,
  axis: Axis,
  outLen: number,
  filter: ResampleFilter,
  transients: GPUBuffer[],
): GpuImage {
  validateFilter(filter);
  const inLen = axis === 'height' ? src.height : src.width;
  const outH = axis === 'height' ? outLen : src.height;
  const outW = axis === 'width' ? outLen : src.width;
  const dst = allocImage(buffers, outH, outW, `resample ${outH}x${outW}`);
  const params = new ArrayBuffer(32);
  const u = new Uint32Array(params);
  const f = new Float32Array(params);
  u.set([src.height, src.width, outH, outW, AXIS_CODE[axis], FILTER_CODE[filter.kind]]);
  f[6] = filter.kind === 'linear' ? 0 : filter.sigma;
  f[7] = filterRadius(filter, inLen, outLen);
  const uniform = buffers.uniform(params, 'resample params');
  transients.push(uniform);
  kernel(buffers.device, 'resample').encode(
    encoder,
    [src.buffer, dst.buffer, uniform],
    Math.ceil((outH * outW) / WORKGROUP),
  );
  return dst;
}
