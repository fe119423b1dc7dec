import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { axialCoreOps, type AttentionAxis, type AxialCore } from '../engine/attention/axialCore';
import { HeldTensors, withAxialCoreGrad } from '../engine/attention/axialCoreGrad';
import {
  axialAttention64,
  axialAttentionGradGradReference,
  axialAttentionGradReference,
  type AxialShape,
} from '../engine/attention/axialCoreReference';
import {
  AXIAL_ATTENTION_GRAD,
  AXIAL_ATTENTION_GRAD_GRAD,
  fusedAxialCore,
  hasFusedAxialCore,
} from '../engine/attention/fusedAxialCore';
import { gaussianSampler, mulberry32 } from '../engine/random/prng';
import { relativeError, tf, useBackend } from '../testing/singanTestSupport';
import { installWasmKernels, wasmKernels } from './registerWasmKernels';

type Shape3 = [number, number, number];

// Edge sizes: a single position, a single line either way, one channel (D's tail attention), three (G's
// tail), odd sizes, lines longer than the channels and the reverse, and SinGAN-like 32-channel maps.
const SHAPES: Shape3[] = [
  [1, 1, 1],
  [1, 9, 3],
  [7, 1, 4],
  [5, 6, 1],
  [4, 3, 8],
  [13, 17, 3],
  [6, 5, 32],
  [11, 9, 16],
  [20, 24, 32],
];
const AXES: readonly AttentionAxis[] = ['rows', 'cols'];

/**
 * Tolerances (relativeError: largest difference over the largest reference
 * value, at least 1). The fused kernels and the op chain both compute in
 * float32 with sums in other orders, so they agree to float32 rounding; the
 * float64 reference and central differences sit as far from either.
 * Measured here: at most 2.7e-7 forward, 4.3e-7 for gradients, 6.8e-7 for
 * second order; the bounds leave 3–7× room.
 */
const TOL = { forward: 2e-6, grad: 2e-6, gradGrad: 5e-6 };
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => relativeError(a, b, 1);

function randn(n: number, seed: number, scale = 1): Float32Array {
  const g = gaussianSampler(mulberry32(seed));
  return Float32Array.from({ length: n }, () => scale * g());
}

const size = ([h, w, c]: Shape3) => h * w * c;
const shapeOf = ([height, width, channels]: Shape3): AxialShape => ({ height, width, channels });

/** Forces the op chain on wasm (the studio's other kernels stay). */
const opChainOnWasm = () => installWasmKernels(wasmKernels(undefined, { fusedAttention: false }));
/**
 * Scores the fused kernels hold at once: by default every line of these sizes
 * in one block; 100 floats makes blocks of 1–11 lines, the last one short.
 */
let blockFloats: number | undefined;
const fusedOnWasm = () => installWasmKernels(wasmKernels(undefined, { attentionBlockFloats: blockFloats }));

/** L = Σ out ⊙ r: ∂L/∂out = r. */
const loss = (core: AxialCore, axis: AttentionAxis, r: tf.Tensor3D) => (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
  tf.sum(tf.mul(core(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, axis), r));

function forward(core: AxialCore, shape: Shape3, xs: Float32Array[], axis: AttentionAxis): Float32Array {
  return tf.tidy(
    () =>
      core(
        ...(xs.map((a) => tf.tensor3d(a, shape)) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D]),
        axis,
      ).dataSync() as Float32Array,
  );
}

function firstOrder(core: AxialCore, shape: Shape3, xs: Float32Array[], r: Float32Array, axis: AttentionAxis) {
  return tf.tidy(() =>
    tf
      .grads(loss(core, axis, tf.tensor3d(r, shape)))(xs.map((a) => tf.tensor3d(a, shape)))
      .map((g) => g.dataSync() as Float32Array),
  );
}

/** The shape of a gradient penalty: ∂/∂(q, k, v) of ‖∂L/∂q‖² + ‖∂L/∂k‖² + ‖∂L/∂v‖². */
function secondOrder(core: AxialCore, shape: Shape3, xs: Float32Array[], r: Float32Array, axis: AttentionAxis) {
  return tf.tidy(() => {
    const rt = tf.tensor3d(r, shape);
    const penalty = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
      tf.addN(
        tf
          .grads(loss(core, axis, rt))([q, k, v])
          .map((g) => tf.sum(tf.square(g))),
      );
    return tf
      .grads(penalty)(xs.map((a) => tf.tensor3d(a, shape)))
      .map((g) => g.dataSync() as Float32Array);
  });
}

/** Central differences (float64) of f at every element of input `which`. */
function finiteDiff(f: (x: Float64Array[]) => number, x: Float64Array[], which: number, eps: number): Float64Array {
  const d = new Float64Array(x[which].length);
  for (let i = 0; i < d.length; i++) {
    const at = (delta: number) => {
      const moved = x.map((a) => Float64Array.from(a));
      moved[which][i] += delta;
      return f(moved);
    };
    d[i] = (at(eps) - at(-eps)) / (2 * eps);
  }
  return d;
}

const held = new HeldTensors(tf);
const opChain = withAxialCoreGrad(tf, axialCoreOps(tf), held);
const fused = fusedAxialCore(tf);

beforeAll(async () => {
  await useBackend('wasm');
  fusedOnWasm();
});
afterAll(() => {
  held.release();
  fusedOnWasm();
});

describe('fused axial attention on wasm: dispatch', () => {
  it('is used by withAxialCoreGrad on wasm, and not once its kernels are removed or on the CPU backend', async () => {
    expect(hasFusedAxialCore(tf)).toBe(true);
    opChainOnWasm();
    expect(hasFusedAxialCore(tf)).toBe(false);
    fusedOnWasm();
    await useBackend('cpu');
    expect(hasFusedAxialCore(tf)).toBe(false);
    await useBackend('wasm');
    expect(hasFusedAxialCore(tf)).toBe(true);
  });
});

describe.each([
  ['all lines in one block', undefined],
  ['small blocks of lines', 100],
])('fused axial attention on wasm, %s', (_, floats) => {
  beforeAll(() => {
    blockFloats = floats;
    fusedOnWasm();
  });
  afterAll(() => {
    blockFloats = undefined;
    fusedOnWasm();
  });

  describe('forward', () => {
    it('equals the float64 reference and the op chain on wasm, both axes, edge sizes', () => {
      let seed = 1;
      for (const shape of SHAPES) {
        const xs = [0, 1, 2].map(() => randn(size(shape), seed++));
        for (const axis of AXES) {
          const got = forward(fused, shape, xs, axis);
          const ref = axialAttention64(xs[0], xs[1], xs[2], shapeOf(shape), axis);
          opChainOnWasm();
          const ops = forward(axialCoreOps(tf), shape, xs, axis);
          fusedOnWasm();
          expect(relErr(got, ref), `${shape.join('×')} ${axis} vs reference`).toBeLessThan(TOL.forward);
          expect(relErr(got, ops), `${shape.join('×')} ${axis} vs op chain`).toBeLessThan(TOL.forward);
        }
      }
    });

    it('keeps large scores finite (softmax subtracts the row maximum)', () => {
      const shape: Shape3 = [3, 5, 4];
      const xs = [randn(60, 7, 30), randn(60, 8, 30), randn(60, 9)];
      for (const axis of AXES) {
        const got = forward(fused, shape, xs, axis);
        expect(got.every(Number.isFinite)).toBe(true);
        expect(relErr(got, axialAttention64(xs[0], xs[1], xs[2], shapeOf(shape), axis))).toBeLessThan(TOL.forward);
      }
    });
  });

  describe('gradient', () => {
    it("equals the op chain's explicit backward, and the float64 reference backward, both axes, edge sizes", () => {
      let seed = 100;
      for (const shape of SHAPES) {
        const [q, k, v, r] = [0, 1, 2, 3].map(() => randn(size(shape), seed++));
        for (const axis of AXES) {
          const got = firstOrder(fused, shape, [q, k, v], r, axis);
          const ref = axialAttentionGradReference(q, k, v, r, shapeOf(shape), axis);
          opChainOnWasm();
          const ops = firstOrder(opChain, shape, [q, k, v], r, axis);
          held.release();
          fusedOnWasm();
          [ref.dq, ref.dk, ref.dv].forEach((want, i) => {
            expect(relErr(got[i], want), `${shape.join('×')} ${axis} d${'qkv'[i]} vs reference`).toBeLessThan(TOL.grad);
            expect(relErr(got[i], ops[i]), `${shape.join('×')} ${axis} d${'qkv'[i]} vs op chain`).toBeLessThan(
              TOL.grad,
            );
          });
        }
      }
    });

    it('matches central differences of the float64 forward on tiny inputs', () => {
      let seed = 200;
      for (const shape of [
        [3, 4, 2],
        [1, 5, 3],
        [4, 1, 1],
      ] as Shape3[]) {
        const s = shapeOf(shape);
        const [q, k, v, r] = [0, 1, 2, 3].map(() => randn(size(shape), seed++));
        for (const axis of AXES) {
          const L = ([a, b, c]: Float64Array[]) =>
            axialAttention64(a, b, c, s, axis).reduce((acc, o, i) => acc + o * r[i], 0);
          const at = [q, k, v].map((a) => Float64Array.from(a));
          const got = firstOrder(fused, shape, [q, k, v], r, axis);
          got.forEach((g, i) =>
            expect(relErr(g, finiteDiff(L, at, i, 1e-6)), `${shape.join('×')} ${axis} d${'qkv'[i]}`).toBeLessThan(
              TOL.grad,
            ),
          );
        }
      }
    });

    it('the gradient kernel itself equals the reference (called directly)', () => {
      const shape: Shape3 = [5, 7, 6];
      const [q, k, v, dy] = [0, 1, 2, 3].map((i) => randn(size(shape), 300 + i));
      for (const axis of AXES) {
        const got = tf.tidy(() =>
          tf
            .engine()
            .runKernel<tf.Tensor[]>(
              AXIAL_ATTENTION_GRAD,
              {
                q: tf.tensor3d(q, shape),
                k: tf.tensor3d(k, shape),
                v: tf.tensor3d(v, shape),
                dy: tf.tensor3d(dy, shape),
              },
              { axis },
            )
            .map((t) => t.dataSync() as Float32Array),
        );
        const ref = axialAttentionGradReference(q, k, v, dy, shapeOf(shape), axis);
        [ref.dq, ref.dk, ref.dv].forEach((want, i) =>
          expect(relErr(got[i], want), `${axis} ${i}`).toBeLessThan(TOL.grad),
        );
      }
    });
  });

  describe('second order (gradient penalty)', () => {
    it('the gradient-of-gradient kernel equals axialAttentionGradGradReference, both axes, edge sizes', () => {
      let seed = 400;
      for (const shape of SHAPES) {
        const xs = [0, 1, 2, 3, 4, 5, 6].map(() => randn(size(shape), seed++));
        for (const axis of AXES) {
          const got = tf.tidy(() => {
            const [q, k, v, dy, ddq, ddk, ddv] = xs.map((a) => tf.tensor3d(a, shape));
            const outs = tf
              .engine()
              .runKernel<tf.Tensor[]>(AXIAL_ATTENTION_GRAD_GRAD, { q, k, v, dy, ddq, ddk, ddv }, { axis });
            return outs.map((t) => t.dataSync() as Float32Array);
          });
          const [q, k, v, dy, ddq, ddk, ddv] = xs;
          const ref = axialAttentionGradGradReference(q, k, v, dy, ddq, ddk, ddv, shapeOf(shape), axis);
          [ref.gq, ref.gk, ref.gv, ref.gdOut].forEach((want, i) =>
            expect(relErr(got[i], want), `${shape.join('×')} ${axis} output ${i}`).toBeLessThan(TOL.gradGrad),
          );
        }
      }
    });

    it("equals the op chain's double backward and central differences of the float64 penalty", () => {
      let seed = 500;
      for (const shape of [
        [3, 4, 2],
        [1, 6, 3],
        [5, 1, 1],
        [6, 5, 8],
      ] as Shape3[]) {
        const s = shapeOf(shape);
        const [q, k, v, r] = [0, 1, 2, 3].map(() => randn(size(shape), seed++));
        for (const axis of AXES) {
          const got = secondOrder(fused, shape, [q, k, v], r, axis);
          opChainOnWasm();
          const ops = secondOrder(opChain, shape, [q, k, v], r, axis);
          held.release();
          fusedOnWasm();
          const penalty64 = ([a, b, c]: Float64Array[]) => {
            const g = axialAttentionGradReference(a, b, c, r, s, axis);
            return [g.dq, g.dk, g.dv].reduce((acc, x) => acc + x.reduce((t, e) => t + e * e, 0), 0);
          };
          const at = [q, k, v].map((a) => Float64Array.from(a));
          got.forEach((g, i) => {
            expect(relErr(g, ops[i]), `${shape.join('×')} ${axis} ∂G/∂${'qkv'[i]} vs op chain`).toBeLessThan(
              TOL.gradGrad,
            );
            if (size(shape) <= 60)
              expect(
                relErr(g, finiteDiff(penalty64, at, i, 1e-6)),
                `${shape.join('×')} ${axis} ∂G/∂${'qkv'[i]} vs differences`,
              ).toBeLessThan(TOL.gradGrad);
          });
        }
      }
    });

    it('leaves no tensors or heap data behind after forward, first- and second-order passes', () => {
      const shape: Shape3 = [4, 5, 3];
      const [q, k, v, r] = [0, 1, 2, 3].map((i) => randn(60, 600 + i));
      const run = () => {
        forward(fused, shape, [q, k, v], 'rows');
        firstOrder(fused, shape, [q, k, v], r, 'cols');
        secondOrder(fused, shape, [q, k, v], r, 'rows');
      };
      run();
      const ids = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
      const before = { tensors: tf.memory().numTensors, ids: ids() };
      for (let i = 0; i < 3; i++) run();
      expect(tf.memory().numTensors).toBe(before.tensors);
      expect(ids()).toBe(before.ids);
    });
  });
});
