import { CHANNELS, createRgbImage, type RgbImage } from '../engine/image/rgbImage';
import type { GpuBuffers } from './gpuBuffers';

/** An RgbImage living in a GPU storage buffer (same layout: height, width, RGB float32). */
export interface GpuImage {
  readonly buffer: GPUBuffer;
  readonly height: number;
  readonly width: number;
}

export function uploadImage(buffers: GpuBuffers, img: RgbImage, label = 'image'): GpuImage {
  return { buffer: buffers.upload(img.data, label), height: img.height, width: img.width };
}

export function allocImage(buffers: GpuBuffers, height: number, width: number, label = 'image'): GpuImage {
  return { buffer: buffers.storage(height * width * CHANNELS, label), height, width };
}

export async function downloadImage(buffers: GpuBuffers, img: GpuImage): Promise<RgbImage> {
  const data = await buffers.readFloats(img.buffer, img.height * img.width * CHANNELS);
  return createRgbImage(img.height, img.width, data);
}
