import { expect, test } from './harnessFixture';
import type { AttentionAxis } from '../src/engine/attention/axialCore';
import {
  axialAttentionGradReference,
  axialAttentionReference,
  type AxialShape,
} from '../src/engine/attention/axialCoreReference';
import { gaussianSampler, mulberry32 } from '../src/engine/random/prng';
import type { JsonAttention } from '../src/harness/kernels/attentionKernels';
import { relativeError } from '../src/testing/relativeError';
import { runHarness as run } from '../scripts/lib/harness';

/** Outputs are averages of unit-scale values, gradients span scales: at least 1 in the denominator. */
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>, floor = 1) => relativeError(a, b, floor);

/**
 * The WGSL axial attention core (shaders/axial_attention.wgsl) against the
 * float64 CPU reference and against the tfjs-op core on the same WebGPU
 * device, and its customGrad gradients (first and second order) against the
 * explicit formula in float64. SwiftShader runs WebGPU on the CPU: sizes stay small.
 */
type Shape3 = [number, number, number];
type Forward = { out: number[]; shape: number[]; leakedTensors: number; leakedGpuBytes: number };
type Grads = { dq: number[]; dk: number[]; dv: number[]; leakedTensors: number };

const AXES = ['rows', 'cols'] as const;

function problem([height, width, channels]: Shape3, axis: AttentionAxis, seed: number, scale = 1): JsonAttention {
  const g = gaussianSampler(mulberry32(seed));
  const n = height * width * channels;
  const draw = (s: number) => Array.from({ length: n }, () => Math.fround(s * g()));
  return { height, width, channels, axis, q: draw(scale), k: draw(scale), v: draw(1), dOut: draw(1) };
}

const shapeOf = (p: JsonAttention): AxialShape => ({ height: p.height, width: p.width, channels: p.channels });

// One page (one GPU device) for the whole file: SwiftShader compiles each pipeline in seconds.
test.describe.configure({ mode: 'serial' });

test('WGSL forward equals the CPU reference and the tfjs-op core on WebGPU: both axes, edge sizes, C up to 128', async ({
  harness: page,
}) => {
  // C = 1, 3 run the scalar entry point, C % 4 = 0 the vec4 one; 13×17 puts several lines in one workgroup.
  const shapes: Shape3[] = [
    [1, 1, 1],
    [1, 9, 3],
    [7, 1, 4],
    [13, 17, 8],
    [5, 6, 32],
    [4, 5, 128],
    [9, 11, 1],
  ];
  let seed = 1;
  for (const shape of shapes) {
    for (const axis of AXES) {
      const p = problem(shape, axis, seed++);
      const label = `${shape.join('×')} ${axis}`;
      const want = axialAttentionReference(p.q, p.k, p.v, shapeOf(p), axis);
      const got = await run<Forward>(page, 'attention_wgsl_forward', p);
      const ops = await run<Forward>(page, 'attention_ops_forward', p);
      expect(got.shape, label).toEqual(shape);
      expect(relErr(got.out, want), `${label}: WGSL vs reference`).toBeLessThan(1e-4);
      expect(relErr(got.out, ops.out), `${label}: WGSL vs tfjs ops`).toBeLessThan(1e-4);
      expect([got.leakedTensors, got.leakedGpuBytes], `${label}: no tensor or tfjs buffer left behind`).toEqual([0, 0]);
    }
  }
});

test('WGSL forward stays exact where scores are far beyond exp’s range, takes tensors tfjs never uploaded; wide C falls back', async ({
  harness: page,
}) => {
  // |q·k|/√C in the hundreds: only a max-subtracting (here: online) softmax survives.
  const hot = problem([6, 10, 4], 'rows', 50, 12);
  expect(
    relErr(
      (await run<Forward>(page, 'attention_wgsl_forward', hot)).out,
      axialAttentionReference(hot.q, hot.k, hot.v, shapeOf(hot), 'rows'),
    ),
  ).toBeLessThan(1e-4);
  const cold = problem([5, 4, 3], 'cols', 51);
  const got = await run<Forward>(page, 'attention_wgsl_forward', { ...cold, residence: 'cpu' });
  expect(relErr(got.out, axialAttentionReference(cold.q, cold.k, cold.v, shapeOf(cold), 'cols'))).toBeLessThan(1e-4);
  expect(got.leakedTensors).toBe(0);
  // Inputs that are reshaped views of a [H·W, C] result (SinGAN's projections) come back in q's 3-D shape.
  const viewed = await run<Forward>(page, 'attention_wgsl_forward', { ...cold, residence: 'reshaped' });
  expect(viewed.shape).toEqual([5, 4, 3]);
  expect(relErr(viewed.out, got.out)).toBeLessThan(1e-6);
  expect(viewed.leakedTensors).toBe(0);
  // axialCoreFor's core runs the same kernel, and falls back to tfjs ops past the shader's 128 channels.
  const core = await run<Forward>(page, 'attention_core_forward', cold);
  expect(relErr(core.out, got.out)).toBeLessThan(1e-6);
  const wide = problem([2, 3, 132], 'cols', 52);
  const viaOps = await run<Forward>(page, 'attention_core_forward', wide);
  expect(relErr(viaOps.out, axialAttentionReference(wide.q, wide.k, wide.v, shapeOf(wide), 'cols'))).toBeLessThan(1e-4);
  expect(viaOps.leakedTensors).toBe(0);
});

test('gradients of the WGSL-forward customGrad core equal the explicit formula in float64', async ({
  harness: page,
}) => {
  const shapes: Shape3[] = [
    [1, 1, 1],
    [1, 9, 3],
    [7, 1, 4],
    [5, 6, 8],
    [3, 4, 32],
  ];
  let seed = 100;
  for (const shape of shapes) {
    for (const axis of AXES) {
      const p = problem(shape, axis, seed++);
      const label = `${shape.join('×')} ${axis}`;
      const want = axialAttentionGradReference(p.q, p.k, p.v, p.dOut!, shapeOf(p), axis);
      const got = await run<Grads>(page, 'attention_wgsl_grads', p);
      expect(relErr(got.dq, want.dq, 1e-3), `${label} dq`).toBeLessThan(1e-4);
      expect(relErr(got.dk, want.dk, 1e-3), `${label} dk`).toBeLessThan(1e-4);
      expect(relErr(got.dv, want.dv, 1e-3), `${label} dv`).toBeLessThan(1e-4);
      expect(got.leakedTensors, label).toBe(0);
    }
  }
});

test('second order through the WGSL core (gradient-penalty shape) matches finite differences of the float64 backward', async ({
  harness: page,
}) => {
  const eps = 1e-6;
  for (const [shape, axis, seed] of [
    [[3, 4, 2], 'rows', 200],
    [[3, 4, 2], 'cols', 201],
    [[1, 5, 3], 'rows', 202],
  ] as const) {
    const p = problem([...shape], axis, seed);
    const s = shapeOf(p);
    const G = (x: number[][]) => {
      const g = axialAttentionGradReference(x[0], x[1], x[2], p.dOut!, s, axis);
      return [g.dq, g.dk, g.dv].reduce((acc, a) => acc + a.reduce((t, e) => t + e * e, 0), 0);
    };
    const at = [p.q, p.k, p.v];
    const got = await run<Grads>(page, 'attention_wgsl_second_order', p);
    [got.dq, got.dk, got.dv].forEach((g, which) => {
      const fd = at[which].map((_, i) => {
        const moved = (d: number) => at.map((a, w) => (w === which ? a.map((x, j) => (j === i ? x + d : x)) : a));
        return (G(moved(eps)) - G(moved(-eps))) / (2 * eps);
      });
      expect(relErr(g, fd, 1e-3), `${shape.join('×')} ${axis} ∂G/∂${'qkv'[which]}`).toBeLessThan(1e-4);
    });
    expect(got.leakedTensors).toBe(0);
  }
});

test('bench-axial-attention times both cores and they agree', async ({ harness: page }) => {
  const got = await run<{ wgslMs: number; opsMs: number; maxAbsDiff: number; repeats: number }>(
    page,
    'bench-axial-attention',
    {
      height: 8,
      width: 12,
      channels: 16,
      axis: 'cols',
      repeats: 2,
    },
  );
  expect(got.repeats).toBe(2);
  expect(got.wgslMs).toBeGreaterThan(0);
  expect(got.opsMs).toBeGreaterThan(0);
  expect(got.maxAbsDiff).toBeLessThan(1e-4);
});
