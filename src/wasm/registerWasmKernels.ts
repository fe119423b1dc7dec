import { getKernel, registerKernel, unregisterKernel, type KernelFunc } from '@tensorflow/tfjs-core';

import { conv2DBackpropFilterWasm, conv2DBackpropInputWasm } from './convBackpropWasm';

const WASM = 'wasm';

/**
 * The studio's kernels for tfjs's wasm backend; each has a test against the
 * CPU backend (wasmKernels.test.ts). `im2colBudget` (floats) bounds the
 * convolution gradients' scratch memory; tests shrink it to force blocking.
 */
export function wasmKernels(im2colBudget?: number): readonly { readonly name: string; readonly func: KernelFunc }[] {
  return [
    // Missing from tfjs-backend-wasm 4.22: SinGAN's weight gradients.
    { name: 'Conv2DBackpropFilter', func: conv2DBackpropFilterWasm(im2colBudget) as unknown as KernelFunc },
    // Replaces the backend's scalar loop with a GEMM (the input gradient costs as much as the forward pass).
    { name: 'Conv2DBackpropInput', func: conv2DBackpropInputWasm(im2colBudget) as unknown as KernelFunc },
  ];
}

/** Registers `kernels` for the wasm backend, replacing any already there. */
export function installWasmKernels(kernels = wasmKernels()): void {
  for (const { name, func } of kernels) {
    if (getKernel(name, WASM)) unregisterKernel(name, WASM);
    registerKernel({ kernelName: name, backendName: WASM, kernelFunc: func });
  }
}

let registered = false;

/** Idempotent; must run before the wasm backend is first used. */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  installWasmKernels();
}
