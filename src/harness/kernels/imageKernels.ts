import * as tf from '@tensorflow/tfjs-core';
import type { Axis, ResampleFilter } from '../../engine/image/resample';
import type { PyramidParams } from '../../engine/pyramid/pyramidShape';
import { buildPyramid } from '../../engine/pyramid/buildPyramid';
import { GpuBuffers } from '../../gpu/gpuBuffers';
import { GpuImageOps } from '../../gpu/gpuImageOps';
import type { GpuContext } from '../../gpu/gpuContext';
import { encodeResampleAxis } from '../../gpu/kernels/resampleAxis';
import { downloadImage, uploadImage } from '../../gpu/gpuImage';
import { tensorFromBuffer, tfDevice } from '../../gpu/tfBackend';
import { toImage, toJson, type JsonImage } from './json';

/**
 * Image kernels (resampling, pyramid, resize) and the tfjs shared-device check.
 */
export const imageKernels = {
  async resample_axis(
    gpu: GpuContext,
    input: { image: JsonImage; axis: Axis; outLen: number; filter: ResampleFilter },
  ) {
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

  /** Proves the shared device: tfjs consumes a WGSL output buffer and a WGSL kernel consumes a tfjs buffer, no copies. */
  async tf_shared_device(gpu: GpuContext, input: { image: JsonImage }) {
    const buffers = new GpuBuffers(gpu.device);
    const img = toImage(input.image);
    const src = uploadImage(buffers, img);
    const transients: GPUBuffer[] = [];
    let encoder = gpu.device.createCommandEncoder();
    const narrow = encodeResampleAxis(buffers, encoder, src, 'width', 7, { kind: 'linear' }, transients);
    gpu.device.queue.submit([encoder.finish()]);
    const doubled = tf.tidy(() => tf.mul(tensorFromBuffer(narrow.buffer, [img.height, 7, 3]), 2));
    const scaled = Array.from(await doubled.data());
    doubled.dispose();

    // An op output, so the tensor's data lives in a GPU buffer (tf.tensor alone stays on the CPU until used).
    const tensor = tf.tidy(() => tf.mul(tf.tensor(img.data, [img.height, img.width, 3]), 1));
    const gpuData = tensor.dataToGPU();
    if (!gpuData.buffer) throw new Error('tfjs did not hand out a GPU buffer');
    encoder = gpu.device.createCommandEncoder();
    const same = encodeResampleAxis(
      buffers,
      encoder,
      { buffer: gpuData.buffer, height: img.height, width: img.width },
      'width',
      img.width,
      { kind: 'linear' },
      transients,
    );
    gpu.device.queue.submit([encoder.finish()]);
    const roundTrip = Array.from((await downloadImage(buffers, same)).data);
    gpuData.tensorRef.dispose();
    tensor.dispose();
    for (const b of [src.buffer, narrow.buffer, same.buffer, ...transients]) buffers.release(b);
    return { sameDevice: tfDevice() === gpu.device, backend: tf.getBackend(), scaled, roundTrip };
  },
} as const;
