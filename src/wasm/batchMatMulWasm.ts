import { broadcast_util, util, type BatchMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { HeapAliases, heapView, wasmMatMulIds, wasmTranspose } from './wasmGemm';

/*
 * tfjs-wasm 4.22's BatchMatMul takes XNNPACK only for a plain product of batch
 * one; a transposed operand or a batch of products runs a scalar loop, about
 * 5× slower here. Every gradient of a matMul is a transposed product (dA =
 * dC·Bᵀ, dB = Aᵀ·dC), so the attention block's projections spent most of
 * their backward and double-backward passes in that loop. This kernel
 * transposes such an operand once (the backend's Transpose) and multiplies
 * batch by batch on the GEMM, each batch's operands and result addressed in
 * place. The plain product of batch one goes to the module exactly as before.
 */

interface Args {
  readonly inputs: { readonly a: TensorInfo; readonly b: TensorInfo };
  readonly backend: BackendWasm;
  readonly attrs: BatchMatMulAttrs;
}

const idOf = (backend: BackendWasm, t: TensorInfo) => backend.dataIdMap.get(t.dataId).id;

export function batchMatMulWasm({ inputs, backend, attrs }: Args): TensorInfo {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32')
    throw new Error('BatchMatMul on wasm needs float32 tensors (as tfjs-wasm itself).');
  const [ra, rb] = [a.shape.length, b.shape.length];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  util.assert(
    k === kb,
    () =>
      `Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ${a.shape.join(',')} and ${b.shape.join(',')} and ` +
      `transposeA=${transposeA} and transposeB=${transposeB} must match.`,
  );
  const outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const [batchA, batchB] = [util.sizeFromShape(a.shape.slice(0, -2)), util.sizeFromShape(b.shape.slice(0, -2))];
  const batch = Math.max(batchA, batchB);
  util.assert(
    batchA === batchB || batchA === 1 || batchB === 1,
    () => `BatchMatMul on wasm broadcasts a batch of one only, got batches ${batchA} and ${batchB}.`,
  );
  const out = backend.makeOutput([...outer, m, n], 'float32');
  if (batch * m * n === 0) return out;
  if (k === 0) {
    heapView(backend, out).fill(0);
    return out;
  }
  const aliases = new HeapAliases(backend);
  const temps: TensorInfo[] = [];
  try {
    // Operands as [batch, m, k] and [batch, k, n], transposing a transposed one once for all batches.
    const am = transposeA ? wasmTranspose(backend, a, [batchA, k, m], [0, 2, 1]) : a;
    const bm = transposeB ? wasmTranspose(backend, b, [batchB, n, k], [0, 2, 1]) : b;
    if (transposeA) temps.push(am);
    if (transposeB) temps.push(bm);
    // A B shared by every batch keeps one id, so the GEMM packs it once (b's own when untouched: cached as tfjs does).
    const sharedB = batchB === 1 ? (transposeB ? aliases.view(bm, 0, k * n) : idOf(backend, b)) : -1;
    for (let i = 0; i < batch; i++) {
      const ai = batchA === 1 && !transposeA ? idOf(backend, a) : aliases.view(am, batchA === 1 ? 0 : i * m * k, m * k);
      const bi = sharedB >= 0 ? sharedB : aliases.view(bm, i * k * n, k * n);
      const oi = batch === 1 ? idOf(backend, out) : aliases.view(out, i * m * n, m * n);
      wasmMatMulIds(backend, ai, bi, m, k, n, oi);
      for (const id of [ai, oi]) aliases.release(id);
      if (bi !== sharedB) aliases.release(bi);
    }
  } catch (err) {
    backend.disposeData(out.dataId);
    throw err;
  } finally {
    aliases.releaseAll();
    for (const t of temps) backend.disposeData(t.dataId);
  }
  return out;
}
