import { cpuImageOps } from '../engine/image/cpuImageOps';
import type { ImageOps } from '../engine/image/imageOps';
import { cpuGpnnBackend, type ExactSearch } from '../engine/gpnn/cpuGpnnBackend';
import type { GpnnBackend } from '../engine/gpnn/gpnnBackend';
import { gpuGpnnBackend } from '../gpu/gpuGpnnBackend';
import { GpuBuffers } from '../gpu/gpuBuffers';
import { requestGpu, type GpuContext } from '../gpu/gpuContext';
import { GpuImageOps } from '../gpu/gpuImageOps';
import { useCpuBackend, useWebGpuBackend } from '../gpu/tfBackend';
import type { BackendChoice, BackendInfo } from '../protocol/messages';
import { gemmExactSearch } from '../wasm/gemmExactSearch';
import { useWasmBackend } from '../wasm/wasmBackend';

/** What the engine computes with: one GPU device (shared by WGSL kernels and tfjs), or the CPU through wasm or plain JavaScript. */
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
  readonly choice?: BackendChoice;
  /** WebAssembly threads asked for; absent: useWasmBackend's automatic choice. */
  readonly wasmThreads?: number;
  /** Called once if the device is lost for any reason other than our own shutdown. */
  readonly onDeviceLost: (message: string) => void;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Starts the backend the user chose. 'auto' takes WebGPU on a hardware
 * adapter and tfjs-wasm otherwise (no adapter, or a software one such as
 * SwiftShader, which runs WGSL far slower than the same CPU runs XNNPACK).
 * Each step down says why in `fallbackReason`; plain JavaScript is the last
 * resort.
 */
export async function startRuntime({ choice = 'auto', wasmThreads, onDeviceLost }: RuntimeOptions): Promise<Runtime> {
  const reasons: string[] = [];
  if (choice === 'auto' || choice === 'webgpu') {
    try {
      const ctx = await requestGpu();
      if (choice === 'webgpu' || !ctx.software) return await gpuRuntime(ctx, onDeviceLost);
      reasons.push(
        `The WebGPU adapter (${ctx.adapterName}) renders on the CPU; WebAssembly runs the same work faster there.`,
      );
      ctx.device.destroy();
    } catch (err) {
      reasons.push(messageOf(err));
    }
  } else {
    reasons.push(
      choice === 'wasm' ? 'The WebAssembly backend was chosen.' : 'The plain JavaScript backend was chosen.',
    );
  }
  if (choice !== 'cpu') {
    try {
      const { simd, threads, singleThreadReason } = await useWasmBackend(wasmThreads);
      const adapter = `CPU · WebAssembly${simd ? ' SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'}`;
      // The badge's explanation is fallbackReason: why one thread belongs there beside why not WebGPU.
      if (singleThreadReason) reasons.push(singleThreadReason);
      return cpuRuntime(
        {
          kind: 'wasm',
          adapter,
          tfBackend: 'wasm',
          fallbackReason: reasons.join(' '),
          features: simd ? ['simd'] : [],
          threads,
        },
        gemmExactSearch,
      );
    } catch (err) {
      reasons.push(`The WebAssembly backend did not start: ${messageOf(err)}`);
    }
  }
  const tfBackend = await useCpuBackend();
  return cpuRuntime({
    kind: 'cpu',
    adapter: 'CPU (JavaScript)',
    tfBackend,
    fallbackReason: reasons.join(' '),
    features: [],
  });
}

async function gpuRuntime(ctx: GpuContext, onDeviceLost: (message: string) => void): Promise<Runtime> {
  let simulated = false;
  void ctx.device.lost.then((info) => {
    if (info.reason !== 'destroyed' || simulated) onDeviceLost(info.message || 'the GPU device was lost');
  });
  const tfBackend = await useWebGpuBackend(ctx);
  const buffers = new GpuBuffers(ctx.device);
  return {
    info: { kind: 'webgpu', adapter: ctx.adapterName, tfBackend, features: ctx.features, software: ctx.software },
    ops: new GpuImageOps(buffers),
    gpnn: gpuGpnnBackend(buffers),
    gpu: { ctx, buffers },
    simulateDeviceLoss() {
      simulated = true;
      ctx.device.destroy();
    },
  };
}

/** The CPU path; on wasm the exact search is the GEMM one (same answer as the JavaScript one, faster). */
function cpuRuntime(info: BackendInfo, exactSearch?: ExactSearch): Runtime {
  return {
    info,
    ops: cpuImageOps,
    gpnn: cpuGpnnBackend({
      exactSearch,
      exactSearchKind: exactSearch ? 'wasm-gemm' : 'js-blocked',
    }),
    gpu: null,
    simulateDeviceLoss() {
      throw new Error('There is no GPU device to lose: the engine runs on the CPU.');
    },
  };
}
