import { requestGpu, type GpuContext } from '../gpu/gpuContext';
import { useWebGpuBackend } from '../gpu/tfBackend';
import { harnessKernels, type HarnessKernel } from './kernelRegistry';

/**
 * The kernel test harness page (harness.html): one GPU device, set up exactly
 * as the engine worker does (tfjs's WebGPU backend on the same device), and a
 * `run(kernel, input)` entry point for the e2e tests.
 */
const gpuReady: Promise<GpuContext> = requestGpu().then(async (ctx) => {
  await useWebGpuBackend(ctx);
  return ctx;
});

const log = document.getElementById('log');

const harness = {
  ready: gpuReady.then((g) => ({ adapter: g.adapterName, features: g.features })),
  kernels: Object.keys(harnessKernels),
  async run(name: HarnessKernel, input: unknown) {
    const gpu = await gpuReady;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kernels are plain functions that never use `this`
    const kernel = harnessKernels[name] as (g: GpuContext, i: unknown) => Promise<unknown>;
    if (!kernel) throw new Error(`No kernel named ${name}`);
    gpu.device.pushErrorScope('validation');
    const out = await kernel(gpu, input);
    const error = await gpu.device.popErrorScope();
    if (error) throw new Error(`WebGPU validation error in ${name}: ${error.message}`);
    if (log) log.textContent += `${name} ok\n`;
    return out;
  },
};

export type HarnessApi = typeof harness;
/** The harness page's window, as the kernel tests and benchmarks see it from page.evaluate. */
export type HarnessWindow = typeof globalThis & { __harness: HarnessApi };
(globalThis as HarnessWindow).__harness = harness;
