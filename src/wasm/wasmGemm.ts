import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type BatchMatMulFn = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: boolean,
  transposeB: boolean,
  outId: number,
) => void;

// One wrapper per wasm module instance: a restarted backend brings a new module.
const wrapped = new WeakMap<object, BatchMatMulFn>();

function batchMatMulOf(backend: BackendWasm): BatchMatMulFn {
  let fn = wrapped.get(backend.wasm);
  if (!fn) {
    // The module's own export behind tfjs's BatchMatMul kernel (XNNPACK); called directly so
    // kernels written here can multiply heap buffers without a round trip through tfjs's engine.
    // Both module builds are Emscripten modules with cwrap; tfjs's typings name it on one only.
    const module = backend.wasm as unknown as { cwrap(name: string, ret: null, args: string[]): unknown };
    fn = module.cwrap('BatchMatMul', null, [
      'number',
      'array',
      'number',
      'number',
      'array',
      'number',
      'number',
      'number',
      'number',
    ]) as BatchMatMulFn;
    wrapped.set(backend.wasm, fn);
  }
  return fn;
}

function shapeBytes(shape: readonly number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

/**
 * C = A·B for rank-3 heap tensors with batch 1, on the wasm module's matrix
 * product: `a` is [1, M, K], `b` is [1, K, N]; returns a new [1, M, N] tensor
 * the caller owns. The kernels here lay their operands out so that neither
 * needs transposing (XNNPACK's transposed paths copy first).
 */
export function wasmMatMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  const out = backend.makeOutput([1, a.shape[1], b.shape[2]], 'float32');
  const id = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).id;
  batchMatMulOf(backend)(id(a), shapeBytes(a.shape), 3, id(b), shapeBytes(b.shape), 3, false, false, id(out));
  return out;
}

/** A float32 view of a heap tensor; re-take it after any allocation (the heap may grow and move). */
export function heapView(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}
