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
import { shaderParams } from '../uniformLayout';

const shader = shaderParams({
  params: {
    in_h: 'u32',
    in_w: 'u32',
    out_h: 'u32',
    out_w: 'u32',
    axis: 'u32', // AXIS_CODE
    filter_kind: 'u32', // FILTER_CODE
    sigma: 'f32', // gaussian std in input pixels
    radius: 'f32', // filter half-width in input pixels (blurLinear: the blur's ⌊4σ+½⌋)
  },
  consts: { WG: ['u32', 64] },
});

const kernel = kernelCache({
  resample: (d) =>
    new ComputeKernel(d, { label: 'resample_axis', code: [code], params: shader, bindings: ['src', 'dst', 'p'] }),
});

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
  const params = shader.pack({
    in_h: src.height,
    in_w: src.width,
    out_h: outH,
    out_w: outW,
    axis: AXIS_CODE[axis],
    filter_kind: FILTER_CODE[filter.kind],
    sigma: filter.kind === 'linear' ? 0 : filter.sigma,
    radius: filterRadius(filter, inLen, outLen),
  });
  const uniform = buffers.uniform(params, 'resample params');
  transients.push(uniform);
  kernel(buffers.device, 'resample').encode(
    encoder,
    { src: src.buffer, dst: dst.buffer, p: uniform },
    Math.ceil((outH * outW) / shader.consts.WG),
  );
  return dst;
}
