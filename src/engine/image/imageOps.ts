import type { RgbImage } from './rgbImage';
import type { Axis, ResampleFilter, ResampleStep } from './resample';

/**
 * Image operations the engines need, implemented twice: on the GPU (WGSL
 * kernels, src/gpu/gpuImageOps.ts) and on the CPU (cpuImageOps.ts, the
 * reference and the fallback). Engines are written against this interface.
 */
export interface ImageOps {
  readonly kind: 'webgpu' | 'cpu';
  resampleAxis(src: RgbImage, axis: Axis, outLen: number, filter: ResampleFilter): Promise<RgbImage>;
  /** Several separable passes in order (a pyramid level's); no passes gives the source back. */
  resample(src: RgbImage, steps: readonly ResampleStep[]): Promise<RgbImage>;
  /** One Gaussian-pyramid level: blur + downscale to (height, width). */
  gaussianDownscale(src: RgbImage, height: number, width: number): Promise<RgbImage>;
  /** Antialiased bilinear resize. */
  resize(src: RgbImage, height: number, width: number): Promise<RgbImage>;
}
