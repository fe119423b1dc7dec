import { CHANNELS, type RgbImage } from '../engine/image/rgbImage';
import {
  gaussianDownscaleSteps,
  linearResizeSteps,
  type Axis,
  type ResampleFilter,
  type ResampleStep,
} from '../engine/image/resample';
import type { ImageOps } from '../engine/image/imageOps';
import type { GpuBuffers } from './gpuBuffers';
import { allocImage, downloadImage, uploadImage, type GpuImage } from './gpuImage';
import { encodeResampleAxis } from './kernels/resampleAxis';

/**
 * Records `steps` one after the other. The result is a new image the caller
 * owns, even with no steps (a copy): whoever holds a handle may release it.
 * Intermediate images go to `transients`.
 */
export function encodeResample(
  buffers: GpuBuffers,
  encoder: GPUCommandEncoder,
  src: GpuImage,
  steps: readonly ResampleStep[],
  transients: GPUBuffer[],
): GpuImage {
  if (steps.length === 0) {
    const dst = allocImage(buffers, src.height, src.width, 'resample copy');
    encoder.copyBufferToBuffer(src.buffer, 0, dst.buffer, 0, src.height * src.width * CHANNELS * 4);
    return dst;
  }
  let cur = src;
  steps.forEach((s, i) => {
    const next = encodeResampleAxis(buffers, encoder, cur, s.axis, s.outLen, s.filter, transients);
    if (i > 0) transients.push(cur.buffer);
    cur = next;
  });
  return cur;
}

/**
 * ImageOps on the shared GPU device. Each call is one command buffer ending in
 * a readback, so awaiting it yields to the worker's message loop: a Cancel
 * arriving meanwhile is seen before the next call is issued.
 */
export class GpuImageOps implements ImageOps {
  readonly kind = 'webgpu' as const;

  constructor(readonly buffers: GpuBuffers) {}

  async resampleAxis(src: RgbImage, axis: Axis, outLen: number, filter: ResampleFilter): Promise<RgbImage> {
    return this.run(src, [{ axis, outLen, filter }]);
  }

  async resample(src: RgbImage, steps: readonly ResampleStep[]): Promise<RgbImage> {
    return steps.length === 0 ? src : this.run(src, steps);
  }

  async gaussianDownscale(src: RgbImage, height: number, width: number): Promise<RgbImage> {
    const steps = gaussianDownscaleSteps(src.height, src.width, height, width);
    return steps.length === 0 ? src : this.run(src, steps);
  }

  async resize(src: RgbImage, height: number, width: number): Promise<RgbImage> {
    const steps = linearResizeSteps(src.height, src.width, height, width);
    return steps.length === 0 ? src : this.run(src, steps);
  }

  private async run(src: RgbImage, steps: readonly ResampleStep[]): Promise<RgbImage> {
    const { buffers } = this;
    const input = uploadImage(buffers, src, 'ops input');
    const transients: GPUBuffer[] = [input.buffer];
    const device = buffers.device;
    device.pushErrorScope('validation');
    const encoder = device.createCommandEncoder();
    const out = encodeResample(buffers, encoder, input, steps, transients);
    transients.push(out.buffer);
    device.queue.submit([encoder.finish()]);
    const invalid = device.popErrorScope();
    try {
      const [error, image] = await Promise.all([invalid, downloadImage(buffers, out)]);
      if (error) throw new Error(`GPU validation error: ${error.message}`);
      return image;
    } finally {
      for (const b of transients) buffers.release(b);
    }
  }
}
