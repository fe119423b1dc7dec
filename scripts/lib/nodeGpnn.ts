/**
 * The GPNN engine as the benches run it in Node: tfjs's wasm backend with the
 * studio's kernels (the page's CPU path, the same engine code the worker
 * runs), the wasm GEMM exact search, and the SIFID stem the page serves.
 */
// The packages' CommonJS builds: Node cannot load tfjs-core's ES build (directory imports).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../../src/wasm/registerWasmKernels';
import { gemmExactSearch } from '../../src/wasm/gemmExactSearch';
import { cpuGpnnBackend } from '../../src/engine/gpnn/cpuGpnnBackend';
import type { GpnnBackend } from '../../src/engine/gpnn/gpnnBackend';
import type { RgbImage } from '../../src/engine/image/rgbImage';
import { createInceptionStem, type InceptionStem } from '../../src/engine/metrics/inceptionStem';
import { readStemWeights } from './imageFiles';

export interface NodeGpnn {
  readonly backend: GpnnBackend<RgbImage>;
  readonly stem: InceptionStem;
}

export async function startNodeGpnn(): Promise<NodeGpnn> {
  registerWasmKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  await tf.ready();
  return {
    stem: createInceptionStem(tf, readStemWeights()),
    backend: cpuGpnnBackend({
      exactSearch: gemmExactSearch,
      exactSearchKind: 'wasm-gemm',
      yieldToHost: async () => {},
    }),
  };
}
