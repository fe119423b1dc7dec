import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import {
  HeapAliases,
  wasmFreeFloats,
  wasmMallocFloats,
  wasmMatMulIds,
  wasmSoftmaxIds,
  wasmTransposeIds,
} from './wasmGemm';

/** The module's memory (both builds have HEAPU8; tfjs's typings name it on the threaded one only). */
const heapBuffer = (backend: BackendWasm): ArrayBufferLike =>
  (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer;

/**
 * One kernel call's scratch: a block of heap floats (one malloc, freed by
 * dispose), handed out by bump allocation as float indices, and the module's
 * GEMM, softmax and transpose on any float indices of the heap (through ids
 * registered for one call each). A Float32Array over the whole heap is
 * re-taken whenever the heap has grown, which any allocation can do.
 */
export class Workspace {
  private readonly aliases: HeapAliases;
  private view: Float32Array;
  private readonly start: number;
  private used = 0;

  constructor(
    private readonly backend: BackendWasm,
    private readonly floats: number,
  ) {
    this.aliases = new HeapAliases(backend);
    this.start = wasmMallocFloats(backend, floats);
    this.view = new Float32Array(heapBuffer(backend));
  }

  /** The heap as floats; take it again after any allocation or module call. */
  heap(): Float32Array {
    const buffer = heapBuffer(this.backend);
    if (this.view.buffer !== buffer) this.view = new Float32Array(buffer);
    return this.view;
  }

  /** Float index of a heap tensor's first value. */
  at(t: TensorInfo): number {
    return this.backend.getMemoryOffset(t.dataId) / 4;
  }

  /** `size` floats of the scratch block. */
  alloc(size: number): number {
    if (this.used + size > this.floats) throw new Error('axial attention on wasm: scratch block too small');
    const at = this.start + this.used;
    this.used += size;
    return at;
  }

  /**
   * out[m×n] = A[m×k]·B[k×n] on the module's GEMM. B's id lives for this
   * product only: the GEMM caches its packing of B under the id.
   */
  gemm(a: number, m: number, k: number, b: number, n: number, o: number): void {
    const ids = [this.aliases.viewAt(a, m * k), this.aliases.viewAt(b, k * n), this.aliases.viewAt(o, m * n)];
    try {
      wasmMatMulIds(this.backend, ids[0], ids[1], m, k, n, ids[2]);
    } finally {
      for (const id of ids) this.aliases.release(id);
    }
  }

  /** Row-wise softmax of `rows` rows of `channels` from x into out. */
  softmax(x: number, o: number, channels: number, rows: number): void {
    const ids = [this.aliases.viewAt(x, channels * rows), this.aliases.viewAt(o, channels * rows)];
    try {
      wasmSoftmaxIds(this.backend, ids[0], ids[1], channels, rows);
    } finally {
      for (const id of ids) this.aliases.release(id);
    }
  }

  /** x read as `shape`, permuted by `perm` into o. */
  transpose(x: number, shape: number[], perm: number[], o: number): void {
    const size = shape.reduce((p, d) => p * d, 1);
    const ids = [this.aliases.viewAt(x, size), this.aliases.viewAt(o, size)];
    try {
      wasmTransposeIds(this.backend, ids[0], shape, perm, ids[1]);
    } finally {
      for (const id of ids) this.aliases.release(id);
    }
  }

  dispose(): void {
    this.aliases.releaseAll();
    wasmFreeFloats(this.backend, this.start);
  }
}
