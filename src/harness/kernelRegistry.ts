import { createRgbImage } from '../engine/image/rgbImage';
import type { Axis, ResampleFilter } from '../engine/image/resample';
import type { PyramidParams } from '../engine/pyramid/pyramidShape';
import { buildPyramid } from '../engine/pyramid/buildPyramid';
import { GpuBuffers } from '../gpu/gpuBuffers';
import { GpuImageOps } from '../gpu/gpuImageOps';
import type { GpuContext } from '../gpu/gpuContext';
import { encodeResampleAxis } from '../gpu/kernels/resampleAxis';
import { downloadImage, uploadImage } from '../gpu/gpuImage';

/** Plain-JSON image so inputs and outputs cross page.evaluate unchanged. */
export interface JsonImage {
  height: number;
  width: number;
  data: number[];
}

const toImage = (j: JsonImage) => createRgbImage(j.height, j.width, Float32Array.from(j.data));
const toJson = (img: { height: number; width: number; data: Float32Array }): JsonImage => ({
  height: img.height,
  width: img.width,
  data: Array.from(img.data),
});

/**
 * Every GPU kernel (or kernel chain) the tests compare with a CPU reference,
 * by name. Inputs and outputs are JSON; the CPU side runs in the test process.
 */
export const harnessKernels = {
  async resample_axis(gpu: GpuContext, input: { image: JsonImage; axis: Axis; outLen: number; filter: ResampleFilter }) {
    const buffers = new GpuBuffers(gpu.device);
    const src = uploadImage(buffers, toImage(input.image));
    const encoder = gpu.device.createCommandEncoder();
    const transients: GPUBuffer[] = [];
    const out = encodeResampleAxis(buffers, encoder, src, input.axis, input.outLen, input.filter, transients);
    gpu.device.queue.submit([encoder.finish()]);
    const result = await downloadImage(buffers, out);
    for (const b of [src.buffer, out.buffer, ...transients]) buffers.release(b);
    return { image: toJson(result), liveBytesAfter: buffers.liveBytes };
  },

  async gaussian_pyramid(gpu: GpuContext, input: { image: JsonImage; params: PyramidParams }) {
    const ops = new GpuImageOps(new GpuBuffers(gpu.device));
    const levels = await buildPyramid(ops, toImage(input.image), input.params);
    return { levels: levels.map(toJson) };
  },

  async resize_linear(gpu: GpuContext, input: { image: JsonImage; height: number; width: number }) {
    const ops = new GpuImageOps(new GpuBuffers(gpu.device));
    return { image: toJson(await ops.resize(toImage(input.image), input.height, input.width)) };
  },
} as const;

export type HarnessKernel = keyof typeof harnessKernels;
