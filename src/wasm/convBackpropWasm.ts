import {
  backend_util,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { convGeometry, forEachTap, pixelsPerBlock, type ConvGeometry } from './convGeometry';
import { heapView, wasmMatMul } from './wasmGemm';

/*
 * Convolution gradients for tfjs's wasm backend as im2col/col2im around the
 * module's GEMM. The backend ships no Conv2DBackpropFilter at all (SinGAN
 * cannot train without it), and its Conv2DBackpropInput is a scalar loop;
 * both are matrix products over the same im2col matrix, so both go through
 * XNNPACK here. The im2col matrix is built a block of output pixels at a time,
 * so the extra memory stays under pixelsPerBlock's budget at any image size.
 */

interface KernelArgs<I, A> {
  readonly inputs: I;
  readonly backend: BackendWasm;
  readonly attrs: A;
}

function geometryOf(
  xShape: readonly number[],
  filterShape: readonly number[],
  a: Conv2DBackpropFilterAttrs | Conv2DBackpropInputAttrs,
): ConvGeometry {
  return convGeometry(
    backend_util.computeConv2DInfo(
      xShape as [number, number, number, number],
      filterShape as [number, number, number, number],
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
      false,
      backend_util.convertConv2DDataFormat(a.dataFormat),
    ),
  );
}

/** Rows [p0, p1) of dy as a [1, rows, Co] heap tensor: dy itself when that is all of it, else a copy the caller frees. */
function dyRows(
  backend: BackendWasm,
  dy: TensorInfo,
  p0: number,
  p1: number,
  pixels: number,
  co: number,
): { rows: TensorInfo; owned: boolean } {
  if (p0 === 0 && p1 === pixels)
    return { rows: { dataId: dy.dataId, shape: [1, pixels, co], dtype: 'float32' }, owned: false };
  const rows = backend.makeOutput([1, p1 - p0, co], 'float32');
  heapView(backend, rows).set(heapView(backend, dy).subarray(p0 * co, p1 * co));
  return { rows, owned: true };
}

function checkFloat(name: string, ...ts: TensorInfo[]): void {
  for (const t of ts)
    if (t.dtype !== 'float32') throw new Error(`${name} on wasm needs float32 tensors (got ${t.dtype}).`);
}

type FilterGradKernel = (args: KernelArgs<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs>) => TensorInfo;
type InputGradKernel = (args: KernelArgs<Conv2DBackpropInputInputs, Conv2DBackpropInputAttrs>) => TensorInfo;

/*
 * Both products are laid out as plain A·B: the module's BatchMatMul takes
 * XNNPACK's path only without transposes (a transposed operand runs about 3×
 * slower, measured), so im2col is written transposed and the filter is
 * transposed once per call.
 */

/** ∂L/∂W = im2col(x)ᵀ · dy, summed over blocks of at most `budget` im2col floats. */
export const conv2DBackpropFilterWasm =
  (budget?: number): FilterGradKernel =>
  ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    checkFloat('Conv2DBackpropFilter', x, dy);
    const g = geometryOf(x.shape, attrs.filterShape, attrs);
    const co = g.info.outChannels;
    const block = pixelsPerBlock(g, budget);
    const sum = new Float32Array(g.taps * co);
    for (let p0 = 0; p0 < g.pixels; p0 += block) {
      const p1 = Math.min(g.pixels, p0 + block);
      const n = p1 - p0;
      const colsT = backend.makeOutput([1, g.taps, n], 'float32');
      const { rows, owned } = dyRows(backend, dy, p0, p1, g.pixels, co);
      const colView = heapView(backend, colsT);
      const xView = heapView(backend, x);
      colView.fill(0);
      forEachTap(g, p0, p1, (row, tap, at, c) => {
        for (let k = 0; k < c; k++) colView[(tap + k) * n + row] = xView[at + k];
      });
      const part = wasmMatMul(backend, colsT, rows);
      const partView = heapView(backend, part);
      for (let i = 0; i < sum.length; i++) sum[i] += partView[i];
      backend.disposeData(part.dataId);
      backend.disposeData(colsT.dataId);
      if (owned) backend.disposeData(rows.dataId);
    }
    const dw = backend.makeOutput([...attrs.filterShape], 'float32');
    heapView(backend, dw).set(sum);
    return dw;
  };

/** ∂L/∂x = col2im(dy · Wᵀ), block by block. */
export const conv2DBackpropInputWasm =
  (budget?: number): InputGradKernel =>
  ({ inputs, backend, attrs }) => {
    const dy = inputs.dy as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    checkFloat('Conv2DBackpropInput', dy, filter);
    const g = geometryOf(attrs.inputShape, filter.shape, attrs);
    const co = g.info.outChannels;
    const block = pixelsPerBlock(g, budget);
    // Wᵀ [Co, taps] from W [taps, Co]: small (the filter), done once per call.
    const weightsT = backend.makeOutput([1, co, g.taps], 'float32');
    {
      const w = heapView(backend, filter);
      const wT = heapView(backend, weightsT);
      for (let t = 0; t < g.taps; t++) for (let o = 0; o < co; o++) wT[o * g.taps + t] = w[t * co + o];
    }
    const dx = backend.makeOutput([...attrs.inputShape], 'float32');
    heapView(backend, dx).fill(0);
    for (let p0 = 0; p0 < g.pixels; p0 += block) {
      const p1 = Math.min(g.pixels, p0 + block);
      const { rows, owned } = dyRows(backend, dy, p0, p1, g.pixels, co);
      const cols = wasmMatMul(backend, rows, weightsT);
      const colView = heapView(backend, cols);
      const dxView = heapView(backend, dx);
      forEachTap(g, p0, p1, (row, tap, at, c) => {
        const from = row * g.taps + tap;
        for (let k = 0; k < c; k++) dxView[at + k] += colView[from + k];
      });
      backend.disposeData(cols.dataId);
      if (owned) backend.disposeData(rows.dataId);
    }
    backend.disposeData(weightsT.dataId);
    return dx;
  };
