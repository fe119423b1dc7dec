import {
  engine,
  getGradient,
  getKernel,
  registerGradient,
  registerKernel,
  unregisterKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';

import { axialAttentionGradConfigs, axialAttentionWasmKernels } from './axialAttentionWasm';
import { batchMatMulWasm } from './batchMatMulWasm';
import { conv2DBackpropFilterWasm, conv2DBackpropInputWasm } from './convBackpropWasm';

const WASM = 'wasm';

export interface WasmKernelOptions {
  /**
   * The fused axial attention kernels (default true). Without them the
   * engine's attention runs as a chain of tfjs ops, as on every other
   * backend.
   */
  readonly fusedAttention?: boolean;
  /** The studio's BatchMatMul (default true); without it tfjs-wasm's own, with its scalar loop for transposes. */
  readonly batchMatMul?: boolean;
  /** Floats of attention scores the fused kernels hold at once (tests shrink it to force blocks of one line). */
  readonly attentionBlockFloats?: number;
}

/** The kernel set before the fused attention and BatchMatMul: what benchmarks and tests compare against. */
export const WASM_KERNELS_BEFORE_ATTENTION_WORK: WasmKernelOptions = { fusedAttention: false, batchMatMul: false };

/**
 * The studio's kernels for tfjs's wasm backend; each has a test against the
 * CPU backend or the engine's reference (wasmKernels.test.ts,
 * axialAttentionWasm.test.ts). `im2colBudget` (floats) bounds the
 * convolution gradients' scratch memory; tests shrink it to force blocking.
 */
export function wasmKernels(
  im2colBudget?: number,
  options: WasmKernelOptions = {},
): readonly { readonly name: string; readonly func: KernelFunc }[] {
  return [
    // Missing from tfjs-backend-wasm 4.22: SinGAN's weight gradients.
    { name: 'Conv2DBackpropFilter', func: conv2DBackpropFilterWasm(im2colBudget) as unknown as KernelFunc },
    // Replaces the backend's scalar loop with a GEMM (the input gradient costs as much as the forward pass).
    { name: 'Conv2DBackpropInput', func: conv2DBackpropInputWasm(im2colBudget) as unknown as KernelFunc },
    // Transposed and batched products on the GEMM too (every matMul gradient is one).
    ...(options.batchMatMul === false ? [] : [{ name: 'BatchMatMul', func: batchMatMulWasm as unknown as KernelFunc }]),
    ...(options.fusedAttention === false
      ? []
      : [
          // The attention core, its gradient and its gradient's gradient (src/engine/attention/fusedAxialCore.ts).
          ...Object.entries(axialAttentionWasmKernels(options.attentionBlockFloats)).map(([name, func]) => ({
            name,
            func,
          })),
        ]),
  ];
}

/** Every kernel name wasmKernels can give: installWasmKernels replaces the whole set. */
const STUDIO_KERNELS = wasmKernels().map((k) => k.name);

/** tfjs-wasm's own kernels the studio's replace, as first found, to put back when a set leaves one out. */
const originals = new Map<string, KernelConfig | undefined>();

/** The wasm backend if it has been started (kernels registered later miss their setup otherwise). */
function liveWasmBackend(): KernelBackend | undefined {
  return (engine() as unknown as { registry: Record<string, KernelBackend | undefined> }).registry[WASM];
}

/**
 * Registers `kernels` for the wasm backend, replacing any already there.
 * The studio's kernels that `kernels` leaves out are unregistered, and
 * tfjs-wasm's own put back where the studio's replaced one (e.g.
 * `installWasmKernels(wasmKernels(undefined, WASM_KERNELS_BEFORE_ATTENTION_WORK))`
 * gives the op chain on tfjs's BatchMatMul). The fused attention's gradients
 * are registered once, for every backend: they run only after its kernels did.
 */
export function installWasmKernels(kernels = wasmKernels()): void {
  for (const name of STUDIO_KERNELS) {
    if (!originals.has(name)) originals.set(name, getKernel(name, WASM));
    if (getKernel(name, WASM)) unregisterKernel(name, WASM);
  }
  const names = new Set(kernels.map((k) => k.name));
  for (const name of STUDIO_KERNELS) {
    const original = originals.get(name);
    if (names.has(name) || !original) continue;
    registerKernel(original);
    const backend = liveWasmBackend();
    if (backend) original.setupFunc?.(backend);
  }
  for (const { name, func } of kernels) registerKernel({ kernelName: name, backendName: WASM, kernelFunc: func });
  for (const config of axialAttentionGradConfigs) if (!getGradient(config.kernelName)) registerGradient(config);
}

let registered = false;

/** Idempotent; must run before the wasm backend is first used. */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  installWasmKernels();
}
