import { getKernel, type TensorInfo } from '@tensorflow/tfjs-core';
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

const shapes = new Int32Array(6);
const shapeBytesA = new Uint8Array(shapes.buffer, 0, 12);
const shapeBytesB = new Uint8Array(shapes.buffer, 12, 12);

type SoftmaxFn = (xId: number, outId: number, channels: number, batch: number) => void;

const wrappedSoftmax = new WeakMap<object, SoftmaxFn>();

function softmaxOf(backend: BackendWasm): SoftmaxFn {
  let fn = wrappedSoftmax.get(backend.wasm);
  if (!fn) {
    const module = backend.wasm as unknown as { cwrap(name: string, ret: null, args: string[]): unknown };
    // The module's export behind tfjs's Softmax kernel (XNNPACK, its operator cached by row length and count).
    fn = module.cwrap('Softmax', null, ['number', 'number', 'number', 'number']) as SoftmaxFn;
    wrappedSoftmax.set(backend.wasm, fn);
  }
  return fn;
}

const idOf = (backend: BackendWasm, t: TensorInfo) => backend.dataIdMap.get(t.dataId).id;

/**
 * C = A·B for rank-3 heap tensors with batch 1, on the wasm module's matrix
 * product: `a` is [1, M, K], `b` is [1, K, N]; returns a new [1, M, N] tensor
 * the caller owns. The kernels here lay their operands out so that neither
 * needs transposing (XNNPACK's transposed paths copy first).
 */
export function wasmMatMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  const out = backend.makeOutput([1, a.shape[1], b.shape[2]], 'float32');
  wasmMatMulInto(backend, a, b, a.shape[1], a.shape[2], b.shape[2], out);
  return out;
}

/**
 * out = A·B with A read as [m, k] and B as [k, n] (row-major, batch 1), into
 * `out` as [m, n]: only the buffers' starts matter, so `a` and `out` may be
 * scratch buffers larger than that and be reused from call to call. `b` may
 * not: the module packs B once and caches the packed copy under b's id until
 * b is disposed, so a `b` whose values change must be a fresh tensor.
 */
export function wasmMatMulInto(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  m: number,
  k: number,
  n: number,
  out: TensorInfo,
): void {
  wasmMatMulIds(backend, idOf(backend, a), idOf(backend, b), m, k, n, idOf(backend, out));
}

/** wasmMatMulInto on the module's own tensor ids (e.g. HeapAliases' views), same rules. */
export function wasmMatMulIds(
  backend: BackendWasm,
  a: number,
  b: number,
  m: number,
  k: number,
  n: number,
  out: number,
): void {
  // The module copies shape arrays at each call, so two fixed buffers serve every product (the kernels here
  // make thousands of small ones per step, and two typed arrays each cost more than the call itself).
  shapes.set([1, m, k, 1, k, n]);
  batchMatMulOf(backend)(a, shapeBytesA, 3, b, shapeBytesB, 3, false, false, out);
}

/**
 * Views of heap memory as tensors of the module, without tfjs knowing: an id
 * registered at any address (a line inside a tensor, a block of a scratch
 * buffer), which the module's kernels accept like any tensor's. Releasing an
 * id frees nothing (the memory stays its owner's) but runs the module's
 * disposal hooks, e.g. drops the GEMM's packed copy of a B operand.
 */
export class HeapAliases {
  private readonly live = new Set<number>();
  private readonly registry: {
    registerTensor(id: number, size: number, at: number): void;
    disposeData(id: number): void;
  };

  constructor(private readonly backend: BackendWasm) {
    this.registry = (backend.wasm as unknown as { tfjs: HeapAliases['registry'] }).tfjs;
  }

  /** A new id for `size` floats starting `offset` floats into heap tensor `t`. */
  view(t: TensorInfo, offset: number, size: number): number {
    return this.viewAt(this.backend.getMemoryOffset(t.dataId) / 4 + offset, size);
  }

  /** A new id for `size` floats starting at float index `at` of the heap. */
  viewAt(at: number, size: number): number {
    // Ids come from the backend's own counter, so they can never meet a tensor's.
    const b = this.backend as unknown as { dataIdNextNumber: number };
    const id = b.dataIdNextNumber++;
    this.registry.registerTensor(id, size, 4 * at);
    this.live.add(id);
    return id;
  }

  release(id: number): void {
    if (this.live.delete(id)) this.registry.disposeData(id);
  }

  releaseAll(): void {
    for (const id of this.live) this.registry.disposeData(id);
    this.live.clear();
  }
}

/** Row-wise softmax of the module tensor `x` read as [rows, channels] into `out` (ids; not in place). */
export function wasmSoftmaxIds(backend: BackendWasm, x: number, out: number, channels: number, rows: number): void {
  softmaxOf(backend)(x, out, channels, rows);
}

/** A float32 view of a heap tensor; re-take it after any allocation (the heap may grow and move). */
export function heapView(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

type TransposeKernel = (args: {
  inputs: { x: TensorInfo };
  backend: BackendWasm;
  attrs: { perm: number[] };
}) => TensorInfo;

/** The backend's own Transpose kernel on heap tensor `x` read as `shape`: a new tensor the caller owns. */
export function wasmTranspose(backend: BackendWasm, x: TensorInfo, shape: number[], perm: number[]): TensorInfo {
  const kernel = getKernel('Transpose', 'wasm').kernelFunc as unknown as TransposeKernel;
  return kernel({ inputs: { x: { dataId: x.dataId, shape, dtype: x.dtype } }, backend, attrs: { perm } });
}

type TransposeFn = (
  xId: number,
  xShape: Uint8Array,
  xRank: number,
  dtype: number,
  outId: number,
  perm: Uint8Array,
  permRank: number,
) => void;

const wrappedTranspose = new WeakMap<object, TransposeFn>();

/**
 * The module's transpose (the export behind tfjs's Transpose kernel) on
 * module ids: x read as `shape`, permuted by `perm` into out. Dimensions of
 * one are dropped first, as tfjs's kernel does.
 */
export function wasmTransposeIds(backend: BackendWasm, x: number, shape: number[], perm: number[], out: number): void {
  let fn = wrappedTranspose.get(backend.wasm);
  if (!fn) {
    const module = backend.wasm as unknown as { cwrap(name: string, ret: null, args: string[]): unknown };
    fn = module.cwrap('Transpose', null, [
      'number',
      'array',
      'number',
      'number',
      'number',
      'array',
      'number',
    ]) as TransposeFn;
    wrappedTranspose.set(backend.wasm, fn);
  }
  const kept = shape.map((_, i) => i).filter((i) => shape[i] !== 1);
  const reducedShape = kept.map((i) => shape[i]);
  // The kept axes in their permuted order, renumbered 0…r−1.
  const reducedPerm = perm.filter((a) => shape[a] !== 1).map((a) => kept.indexOf(a));
  if (reducedShape.length === 0) {
    reducedShape.push(1);
    reducedPerm.push(0);
  }
  const bytes = (v: number[]) => new Uint8Array(new Int32Array(v).buffer);
  const FLOAT32 = 0; // tfjs-wasm's CppDType
  fn(x, bytes(reducedShape), reducedShape.length, FLOAT32, out, bytes(reducedPerm), reducedPerm.length);
}

/** Heap memory outside tfjs's accounting: a float index into the heap, and its release. */
export function wasmMallocFloats(backend: BackendWasm, floats: number): number {
  const module = backend.wasm as unknown as { _malloc(bytes: number): number };
  // `>>> 0`: above 2 GB malloc's pointer comes back as a negative int32 (as in tfjs's own allocation).
  const pointer = module._malloc(Math.max(1, floats) * 4) >>> 0;
  if (pointer === 0) throw new RangeError(`WebAssembly heap exhausted (asked for ${floats} floats of scratch)`);
  return pointer / 4;
}

export function wasmFreeFloats(backend: BackendWasm, at: number): void {
  (backend.wasm as unknown as { _free(pointer: number): void })._free(at * 4);
}
