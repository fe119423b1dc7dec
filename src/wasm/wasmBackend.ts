import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';

import { registerWasmKernels } from './registerWasmKernels';

/** What the wasm backend runs with, for the badge and the reports. */
export interface WasmFeatures {
  readonly simd: boolean;
  /** Threads XNNPACK uses (1: see useWasmBackend). */
  readonly threads: number;
}

let pathsSet = false;

/**
 * Starts tfjs's wasm backend (XNNPACK, SIMD where the engine has it) with the
 * studio's own kernels. The binaries are the build's own assets (Vite `?url`),
 * so it works offline and under any sub-path, and nothing is fetched from a CDN.
 *
 * Single-threaded on purpose: tfjs 4.22's threaded build starts its pthread
 * workers from `factory.toString()`, and a bundler's minifier renames the
 * variables that source refers to, so every pthread worker dies with
 * "ReferenceError" (seen with Vite 8). Threads wait for a build that ships its
 * worker script as a file.
 */
export async function useWasmBackend(): Promise<WasmFeatures> {
  if (typeof WebAssembly !== 'object') throw new Error('This browser has no WebAssembly.');
  if (!pathsSet) {
    // tfjs wants an entry for all three binaries; the threaded one is never loaded (threads are off), so it is not shipped.
    setWasmPaths({ 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm, 'tfjs-backend-wasm-threaded-simd.wasm': simdWasm });
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    pathsSet = true;
  }
  registerWasmKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { simd: Boolean(simd), threads: 1 };
}
