import * as tf from '@tensorflow/tfjs-core';
import { createRgbImage, type RgbImage } from '../../engine/image/rgbImage';
import { patchGrid } from '../../engine/patches/patchGrid';
import { mulberry32 } from '../../engine/random/prng';
import { GpuBuffers } from '../../gpu/gpuBuffers';
import type { GpuContext } from '../../gpu/gpuContext';
import { uploadImage } from '../../gpu/gpuImage';
import { encodePatchNearest } from '../../gpu/kernels/patchNearest';

/**
 * Benchmarks that need the GPU device directly (kernel throughput against
 * tfjs on the same device, GPU memory of the search). Timed by wall clock
 * around a queue drain, the same way for both sides, in the same page.
 */
function structuredImage(h: number, w: number, seed: number): RgbImage {
  const r = mulberry32(seed);
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++)
        img.data[(y * w + x) * 3 + c] = 0.5 + 0.25 * Math.sin(x / (3 + c) + y / 5) + 0.2 * r();
    }
  }
  return img;
}

async function ours(
  gpu: GpuContext,
  q: RgbImage,
  k: RgbImage,
  patchSize: number,
  alpha: number,
): Promise<{ ms: number; nn: Uint32Array }> {
  const buffers = new GpuBuffers(gpu.device);
  const qi = uploadImage(buffers, q);
  const ki = uploadImage(buffers, k);
  await gpu.device.queue.onSubmittedWorkDone();
  const t0 = performance.now();
  const encoder = gpu.device.createCommandEncoder();
  const transients: GPUBuffer[] = [];
  const out = encodePatchNearest(buffers, encoder, qi, ki, { patchSize, alpha, distance: 'l2' }, transients);
  gpu.device.queue.submit([encoder.finish()]);
  const nn = new Uint32Array(await buffers.read(out.nn, out.search.queryGrid.count * 4));
  const ms = performance.now() - t0;
  for (const b of [...transients, out.nn, out.score, qi.buffer, ki.buffer]) buffers.release(b);
  return { ms, nn };
}

/** Patch matrix [N, p·p·3] in (dy, dx, channel) order, by a convolution with one-hot filters. */
function patchMatrix(img: RgbImage, p: number): tf.Tensor2D {
  return tf.tidy(() => {
    const d = p * p * 3;
    const eye = tf.reshape<tf.Rank.R4>(tf.cast(tf.oneHot(tf.range(0, d, 1, 'int32'), d), 'float32'), [p, p, 3, d]);
    const x = tf.tensor4d(img.data, [1, img.height, img.width, 3]);
    return tf.reshape<tf.Rank.R2>(tf.conv2d(x, eye, 1, 'valid'), [-1, d]);
  });
}

/**
 * The same two passes with tfjs's matMul: D² = |q|² + |k|² − 2·Q·Kᵀ in query
 * blocks (so the N×M matrix is never whole), column minima, then the argmin of
 * D/(alpha + m). Patch extraction is done before the clock starts.
 */
async function tfjsReference(
  q: RgbImage,
  k: RgbImage,
  patchSize: number,
  alpha: number,
): Promise<{ ms: number; nn: Int32Array }> {
  const Q = patchMatrix(q, patchSize);
  const K = patchMatrix(k, patchSize);
  await Promise.all([Q.data(), K.data()]);
  const t0 = performance.now();
  const [n, m] = [Q.shape[0], K.shape[0]];
  const block = Math.max(1, Math.min(n, Math.floor(16_000_000 / m)));
  const kn = tf.tidy(() => tf.reshape(tf.sum(tf.square(K), 1), [1, m]));
  const dist = (qb: tf.Tensor2D) =>
    tf.tidy(() =>
      tf.sqrt(tf.relu(tf.sub(tf.add(tf.sum(tf.square(qb), 1, true), kn), tf.mul(tf.matMul(qb, K, false, true), 2)))),
    );
  const rows = (b: number) => tf.slice(Q, [b, 0], [Math.min(block, n - b), -1]);
  let colMin = tf.fill<tf.Rank.R1>([m], Infinity);
  for (let b = 0; b < n; b += block) {
    const next = tf.tidy(() => tf.minimum(colMin, tf.min(dist(rows(b)), 0)));
    colMin.dispose();
    colMin = next as tf.Tensor1D;
  }
  const parts: tf.Tensor[] = [];
  for (let b = 0; b < n; b += block) {
    parts.push(tf.tidy(() => tf.argMin(tf.div(dist(rows(b)), tf.add(colMin, alpha)), 1)));
  }
  const nnT = tf.concat(parts);
  const nn = (await nnT.data()) as Int32Array;
  const ms = performance.now() - t0;
  tf.dispose([Q, K, kn, colMin, nnT, ...parts]);
  return { ms, nn };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export const benchKernels = {
  /** Exact patch-NN throughput, ours vs tfjs matMul, on one device; median of `repeats` after a warm-up. */
  async bench_patch_nn(
    gpu: GpuContext,
    input: { height: number; width: number; patchSize?: number; alpha?: number; repeats?: number },
  ) {
    const p = input.patchSize ?? 7;
    const alpha = input.alpha ?? 0.005;
    const q = structuredImage(input.height, input.width, 1);
    const k = structuredImage(input.height, input.width, 2);
    await ours(gpu, q, k, p, alpha);
    await tfjsReference(q, k, p, alpha);
    const oursMs: number[] = [];
    const tfMs: number[] = [];
    let agree = 0;
    for (let r = 0; r < (input.repeats ?? 3); r++) {
      const a = await ours(gpu, q, k, p, alpha);
      const b = await tfjsReference(q, k, p, alpha);
      oursMs.push(a.ms);
      tfMs.push(b.ms);
      agree = a.nn.reduce((n, v, i) => n + (v === b.nn[i] ? 1 : 0), 0) / a.nn.length;
    }
    const grid = patchGrid(input.height, input.width, p);
    const macs = grid.count * grid.count * grid.elements * 2;
    return {
      height: input.height,
      width: input.width,
      queries: grid.count,
      keys: grid.count,
      oursMs: median(oursMs),
      tfjsMatMulMs: median(tfMs),
      speedup: median(tfMs) / median(oursMs),
      oursGmacPerS: macs / median(oursMs) / 1e6,
      nnAgreement: agree,
    };
  },

  /**
   * GPU buffer high-water mark of one exact search (both passes). With
   * `execute` false the search is recorded but not submitted: allocation is
   * what determines memory, and big sizes would take minutes on an emulated GPU.
   */
  async patch_nn_memory(
    gpu: GpuContext,
    input: { height: number; width: number; patchSize?: number; execute: boolean },
  ) {
    const p = input.patchSize ?? 7;
    const buffers = new GpuBuffers(gpu.device);
    const q = uploadImage(buffers, structuredImage(input.height, input.width, 3));
    const k = uploadImage(buffers, structuredImage(input.height, input.width, 4));
    const encoder = gpu.device.createCommandEncoder();
    const transients: GPUBuffer[] = [];
    const out = encodePatchNearest(buffers, encoder, q, k, { patchSize: p, alpha: 0.005 }, transients);
    const recordedPeak = buffers.peakBytes;
    if (input.execute) {
      gpu.device.queue.submit([encoder.finish()]);
      await buffers.read(out.nn, 4);
    }
    const peak = buffers.peakBytes;
    for (const b of [...transients, out.nn, out.score, q.buffer, k.buffer]) buffers.release(b);
    const n = out.search.queryGrid.count;
    return {
      height: input.height,
      width: input.width,
      queries: n,
      keys: out.search.keyGrid.count,
      peakBytes: peak,
      recordedPeakBytes: recordedPeak,
      fullMatrixBytes: n * out.search.keyGrid.count * 4,
      executed: input.execute,
    };
  },
};
