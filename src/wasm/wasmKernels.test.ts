import { afterAll, describe, expect, it } from 'vitest';

import { gaussianSampler, mulberry32 } from '../engine/random/prng';
import { relativeError, tf, useBackend } from '../testing/singanTestSupport';
import { installWasmKernels, WASM_KERNELS_BEFORE_ATTENTION_WORK, wasmKernels } from './registerWasmKernels';

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  readonly name: string;
  readonly x: [number, number, number, number];
  readonly k: [number, number];
  readonly co: number;
  readonly stride: number | [number, number];
  readonly pad: Pad;
}

// Edge sizes included: 1×1 filters, one channel, strides that skip pixels, odd and explicit padding, batch 2.
const CASES: readonly Case[] = [
  { name: '3×3 valid, stride 1 (SinGAN)', x: [1, 9, 11, 3], k: [3, 3], co: 4, stride: 1, pad: 'valid' },
  { name: '3×3 same, batch 2', x: [2, 8, 6, 5], k: [3, 3], co: 3, stride: 1, pad: 'same' },
  { name: '5×5 same, stride 2', x: [1, 9, 11, 2], k: [5, 5], co: 6, stride: 2, pad: 'same' },
  { name: '5×3 valid, stride (2, 1)', x: [1, 10, 7, 4], k: [5, 3], co: 2, stride: [2, 1], pad: 'valid' },
  {
    name: 'explicit uneven padding',
    x: [1, 7, 8, 3],
    k: [3, 3],
    co: 5,
    stride: 1,
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
  },
  { name: '1×1, one channel in and out', x: [1, 5, 4, 1], k: [1, 1], co: 1, stride: 1, pad: 'valid' },
  { name: '2×2 valid, stride 3 (pixels skipped)', x: [1, 11, 10, 3], k: [2, 2], co: 3, stride: 3, pad: 'valid' },
  { name: 'numeric padding 1, 3×3', x: [2, 6, 6, 2], k: [3, 3], co: 3, stride: 1, pad: 1 },
];

function randn(n: number, seed: number): Float32Array {
  const g = gaussianSampler(mulberry32(seed));
  return Float32Array.from({ length: n }, () => g());
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function outShape(c: Case): number[] {
  return tf.tidy(
    () =>
      tf.conv2d(tf.zeros<tf.Rank.R4>(c.x), tf.zeros<tf.Rank.R4>([...c.k, c.x[3], c.co]), c.stride, c.pad as 'valid')
        .shape,
  );
}

interface Inputs {
  x: Float32Array;
  w: Float32Array;
  dy: Float32Array;
  dyShape: number[];
}

function inputs(c: Case, seed: number, dyShape: number[]): Inputs {
  return {
    x: randn(size(c.x), seed),
    w: randn(c.k[0] * c.k[1] * c.x[3] * c.co, seed + 1),
    dy: randn(size(dyShape), seed + 2),
    dyShape,
  };
}

/** Both gradient kernels, called directly (not through autodiff), on the active backend. */
function grads(c: Case, v: Inputs): { dw: Float32Array; dx: Float32Array } {
  const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap;
  return tf.tidy(() => {
    const x = tf.tensor(v.x, c.x);
    const w = tf.tensor(v.w, [...c.k, c.x[3], c.co]);
    const dy = tf.tensor(v.dy, v.dyShape);
    const dw = tf.engine().runKernel<tf.Tensor>(
      'Conv2DBackpropFilter',
      { x, dy },
      {
        ...attrs,
        filterShape: [...c.k, c.x[3], c.co],
      },
    );
    const dx = tf.engine().runKernel<tf.Tensor>(
      'Conv2DBackpropInput',
      { dy, filter: w },
      {
        ...attrs,
        inputShape: c.x,
      },
    );
    return { dw: dw.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
  });
}

async function on<T>(backend: 'cpu' | 'wasm', f: () => T): Promise<T> {
  await useBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  return f();
}

describe('convolution gradients on wasm equal the CPU backend', () => {
  afterAll(() => installWasmKernels());

  // A budget of 40 im2col floats splits every case into many blocks, the last one short.
  for (const budget of [undefined, 40]) {
    for (const [i, c] of CASES.entries()) {
      it(`${c.name}${budget ? ' (blocked)' : ''}`, async () => {
        await useBackend('wasm');
        installWasmKernels(wasmKernels(budget));
        const v = inputs(c, 10 * i + 1, outShape(c));
        const cpu = await on('cpu', () => grads(c, v));
        const wasm = await on('wasm', () => grads(c, v));
        expect(wasm.dw.length).toBe(cpu.dw.length);
        expect(wasm.dx.length).toBe(cpu.dx.length);
        expect(relativeError(wasm.dw, cpu.dw)).toBeLessThan(1e-5);
        expect(relativeError(wasm.dx, cpu.dx)).toBeLessThan(1e-5);
        expect(Math.max(...wasm.dw.map(Math.abs))).toBeGreaterThan(0.1);
      });
    }
  }

  it('leave no tensors or heap data behind', async () => {
    await useBackend('wasm');
    installWasmKernels();
    const c = CASES[0];
    const v = inputs(c, 99, outShape(c));
    grads(c, v);
    const before = {
      tensors: tf.memory().numTensors,
      ids: (tf.backend() as unknown as { numDataIds(): number }).numDataIds(),
    };
    for (let i = 0; i < 3; i++) grads(c, v);
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(before.ids);
  });
});

describe('BatchMatMul on wasm equals the CPU backend', () => {
  afterAll(() => installWasmKernels());

  interface MatMulCase {
    readonly a: number[];
    readonly b: number[];
    readonly ta: boolean;
    readonly tb: boolean;
  }
  // Plain, each operand transposed and both, batches (equal, and one broadcast either way), rank 4, and
  // degenerate sizes: a 1-wide inner dimension, one row, one column.
  const MATMULS: readonly MatMulCase[] = [
    { a: [7, 5], b: [5, 3], ta: false, tb: false },
    { a: [5, 7], b: [5, 3], ta: true, tb: false },
    { a: [7, 5], b: [3, 5], ta: false, tb: true },
    { a: [5, 7], b: [3, 5], ta: true, tb: true },
    { a: [4, 6, 5], b: [4, 5, 3], ta: false, tb: false },
    { a: [4, 5, 6], b: [4, 3, 5], ta: true, tb: true },
    { a: [4, 6, 5], b: [1, 3, 5], ta: false, tb: true },
    { a: [1, 5, 6], b: [4, 5, 3], ta: true, tb: false },
    { a: [2, 3, 6, 5], b: [2, 3, 5, 4], ta: false, tb: false },
    { a: [9, 1], b: [1, 8], ta: false, tb: false },
    { a: [1, 9], b: [8, 9], ta: false, tb: true },
    { a: [9, 6], b: [9, 1], ta: true, tb: false },
    // The attention block's projection gradients: dX = dY·Wᵀ, dW = Xᵀ·dY.
    { a: [300, 32], b: [32, 32], ta: false, tb: true },
    { a: [300, 32], b: [300, 32], ta: true, tb: false },
  ];

  const product = (c: MatMulCase, a: Float32Array, b: Float32Array) =>
    tf.tidy(() => tf.matMul(tf.tensor(a, c.a), tf.tensor(b, c.b), c.ta, c.tb).dataSync() as Float32Array);

  for (const c of MATMULS) {
    it(`${c.a.join('×')}${c.ta ? 'ᵀ' : ''} · ${c.b.join('×')}${c.tb ? 'ᵀ' : ''}`, async () => {
      const a = randn(size(c.a), size(c.a) + 1);
      const b = randn(size(c.b), size(c.b) + 2);
      const cpu = await on('cpu', () => product(c, a, b));
      const wasm = await on('wasm', () => product(c, a, b));
      expect(wasm.length).toBe(cpu.length);
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
    });
  }

  it('gives tfjs-wasm its own BatchMatMul back when left out, and takes it over again', async () => {
    const c = MATMULS[5];
    const [a, b] = [randn(size(c.a), 1), randn(size(c.b), 2)];
    await useBackend('wasm');
    const ours = product(c, a, b);
    installWasmKernels(wasmKernels(undefined, WASM_KERNELS_BEFORE_ATTENTION_WORK));
    const theirs = product(c, a, b);
    installWasmKernels();
    expect(relativeError(theirs, ours)).toBeLessThan(1e-5);
    expect(relativeError(product(c, a, b), ours)).toBe(0);
  });

  it('leaves no tensors or heap data behind', async () => {
    await useBackend('wasm');
    const ids = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    const run = () => MATMULS.forEach((c) => product(c, randn(size(c.a), 3), randn(size(c.b), 4)));
    run();
    const before = { tensors: tf.memory().numTensors, ids: ids() };
    run();
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(ids()).toBe(before.ids);
  });
});
