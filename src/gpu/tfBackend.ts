import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { GpuContext } from './gpuContext';

const WEBGPU = 'webgpu';

/**
 * Registers tfjs's WebGPU backend on the engine's own device. The package's
 * import-time registration would request a second device; replacing it keeps
 * tfjs tensors and WGSL kernels in one address space (buffers pass by
 * reference through `tensorFromBuffer` / `dataToGPU`). Kernels stay registered
 * under the name 'webgpu', so the replacement must keep that name.
 */
export async function useWebGpuBackend(ctx: GpuContext): Promise<string> {
  if (WEBGPU in tf.engine().registryFactory) tf.removeBackend(WEBGPU);
  tf.registerBackend(WEBGPU, () => new WebGPUBackend(ctx.device, ctx.adapterInfo), 3);
  // tfjs runs small ops on the CPU by default; the engine hands tensors to WGSL kernels, so they must live on the GPU.
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  if (!(await tf.setBackend(WEBGPU))) throw new Error('tfjs could not start its WebGPU backend on the shared device');
  return WEBGPU;
}

export async function useCpuBackend(): Promise<string> {
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs could not start its CPU backend');
  return 'cpu';
}

/** The GPUDevice tfjs computes on, when its active backend is WebGPU. */
export function tfDevice(): GPUDevice | null {
  const backend = tf.backend();
  return backend instanceof WebGPUBackend ? backend.device : null;
}

/** Wraps a storage buffer holding float32 values as a tensor without copying it. */
export function tensorFromBuffer(buffer: GPUBuffer, shape: number[]): tf.Tensor {
  return tf.tensor({ buffer, zeroCopy: true }, shape, 'float32');
}
