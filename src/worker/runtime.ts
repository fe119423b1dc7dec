import { cpuImageOps } from '../engine/image/cpuImageOps';
import type { ImageOps } from '../engine/image/imageOps';
import { cpuGpnnBackend } from '../engine/gpnn/cpuGpnnBackend';
import type { GpnnBackend } from '../engine/gpnn/gpnnBackend';
import { gpuGpnnBackend } from '../gpu/gpuGpnnBackend';
import { GpuBuffers } from '../gpu/gpuBuffers';
import { requestGpu, type GpuContext } from '../gpu/gpuContext';
import { GpuImageOps } from '../gpu/gpuImageOps';
import { useCpuBackend, useWebGpuBackend } from '../gpu/tfBackend';
import type { BackendInfo } from '../protocol/messages';

/** What the engine computes with: one GPU device (shared by WGSL kernels and tfjs) or the CPU fallback. */
export interface Runtime {
  readonly info: BackendInfo;
  readonly ops: ImageOps;
  /** GPNN's compute backend; its image handles are opaque to the jobs. */
  readonly gpnn: GpnnBackend<unknown>;
  readonly gpu: { readonly ctx: GpuContext; readonly buffers: GpuBuffers } | null;
  /** Destroys the device on purpose (fault injection); the loss handler still runs. */
  simulateDeviceLoss(): void;
}

export interface RuntimeOptions {
  readonly preferCpu?: boolean;
  /** Called once if the device is lost for any reason other than our own shutdown. */
  readonly onDeviceLost: (message: string) => void;
}

export async function startRuntime({ preferCpu, onDeviceLost }: RuntimeOptions): Promise<Runtime> {
  let fallbackReason = 'CPU backend chosen by the user.';
  if (!preferCpu) {
    try {
      const ctx = await requestGpu();
      let simulated = false;
      void ctx.device.lost.then((info) => {
        if (info.reason !== 'destroyed' || simulated) onDeviceLost(info.message || 'the GPU device was lost');
      });
      const tfBackend = await useWebGpuBackend(ctx);
      const buffers = new GpuBuffers(ctx.device);
      return {
        info: { kind: 'webgpu', adapter: ctx.adapterName, tfBackend, features: ctx.features },
        ops: new GpuImageOps(buffers),
        gpnn: gpuGpnnBackend(buffers) as GpnnBackend<unknown>,
        gpu: { ctx, buffers },
        simulateDeviceLoss() {
          simulated = true;
          ctx.device.destroy();
        },
      };
    } catch (err) {
      fallbackReason = err instanceof Error ? err.message : String(err);
    }
  }
  const tfBackend = await useCpuBackend();
  return {
    info: { kind: 'cpu', adapter: 'CPU (JavaScript)', tfBackend, fallbackReason, features: [] },
    ops: cpuImageOps,
    gpnn: cpuGpnnBackend() as GpnnBackend<unknown>,
    gpu: null,
    simulateDeviceLoss() {
      throw new Error('There is no GPU device to lose: the engine runs on the CPU.');
    },
  };
}
