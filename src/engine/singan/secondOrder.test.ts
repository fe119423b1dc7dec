import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { axialCoreOps } from '../attention/axialCore';
import { HeldTensors, withAxialCoreGrad } from '../attention/axialCoreGrad';
import { gaussianSampler, mulberry32 } from '../random/prng';
import { axialAttentionBlock, feedForwardBlock, attentionSpecs } from './attentionBlock';
import { gradientPenalty } from './gradientPenalty';
import { batchNorm, leakyRelu } from './layers';
import { initWeights } from './paramSpec';
import { discriminatorForward, netSpec } from './singanNet';
import { centralDifferences, relativeError, tf, tinyConfig, useBackend } from '../../testing/singanTestSupport';
import type { NetWeights } from './tfTypes';

function randn(n: number, seed: number, scale = 1, offset = 0): Float32Array {
  const g = gaussianSampler(mulberry32(seed));
  return Float32Array.from({ length: n }, () => offset + scale * g());
}

/**
 * The shape of WGAN-GP's second order for an elementwise-or-reduction op f:
 * L(x) = Σ c ⊙ ∇ₓ Σ (w ⊙ f(x)); returns ∇L analytically (double backward)
 * and L itself for finite differences.
 */
function doubleBackward(f: (x: tf.Tensor) => tf.Tensor, shape: number[], seed: number) {
  const n = shape.reduce((a, b) => a * b, 1);
  const w = tf.tensor(randn(n, seed + 1), shape);
  const c = tf.tensor(randn(n, seed + 2), shape);
  const L = (x: tf.Tensor) => tf.sum(tf.mul(c, tf.grad((y: tf.Tensor) => tf.sum(tf.mul(w, f(y))))(x)));
  return {
    analytic: (x: Float32Array) => tf.tidy(() => tf.grad(L)(tf.tensor(x, shape)).dataSync() as Float32Array),
    value: (x: Float32Array) => tf.tidy(() => L(tf.tensor(x, shape)).dataSync()[0]),
  };
}

// Every check runs on tfjs's CPU backend and on its wasm backend with the studio's own kernels (src/wasm).
describe.each(['cpu', 'wasm'] as const)('on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  // What the attention cores keep for their backward (see HeldTensors), freed after each test.
  const held = new HeldTensors(tf);
  afterEach(() => held.release());

  describe('second derivatives of the ops D is built from (tfjs 4.22)', () => {
    const shape = [1, 4, 5, 3];
    const n = 60;
    // Inputs away from 0 so |x| has no kink within ±eps.
    const x0 = randn(n, 11).map((v) => (v >= 0 ? v + 0.3 : v - 0.3));
    const all = Array.from({ length: n }, (_, i) => i);
    const cases: [string, (x: tf.Tensor) => tf.Tensor][] = [
      ['square', (x) => tf.square(x)],
      ['x·mean(x) (Mean, broadcast Mul)', (x) => tf.mul(x, tf.mean(x, [0, 1, 2], true))],
      ['(x − mean)² (Sub with broadcast)', (x) => tf.square(tf.sub(x, tf.mean(x, [0, 1, 2], true)))],
      ['x / sqrt(Σx² + 1) (Sqrt, Div)', (x) => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), [0, 1, 2], true), 1)))],
      ['x·rsqrt(x² + 1) (Rsqrt)', (x) => tf.mul(x, tf.rsqrt(tf.add(tf.square(x), 1)))],
      ['|x|·x (Abs)', (x) => tf.mul(tf.abs(x), x)],
      ['LeakyReLU(0.2)·x', (x) => tf.mul(leakyRelu(tf, x), x)],
      // (The penalty's mixed term, input gradient → filter, is checked on D below; Conv2DBackpropFilter
      // itself has no gradient in tfjs, which WGAN-GP never needs.)
      [
        'conv2d(x, F)²',
        (x) => tf.square(tf.conv2d(x as tf.Tensor4D, tf.tensor4d(randn(27, 9), [3, 3, 3, 1]), 1, 'same')),
      ],
    ];
    for (const [name, f] of cases) {
      it(name, () => {
        const { analytic, value } = doubleBackward(f, shape, 3);
        const fd = centralDifferences(value, x0, all, 1e-2);
        expect(relativeError(analytic(x0), fd)).toBeLessThan(2e-3);
      });
    }

    it('tf.softmax is wrong to second order (why attention uses an explicit backward)', () => {
      // tfjs clones saved *outputs* onto the tape before the op's own node, so the
      // second backward never reaches softmax through its saved output.
      const { analytic, value } = doubleBackward((x) => tf.mul(x, tf.softmax(x)), shape, 5);
      const fd = centralDifferences(value, x0, all, 1e-2);
      expect(relativeError(analytic(x0), fd)).toBeGreaterThan(0.05);
    });
  });

  describe('LeakyReLU(0.2) as 0.6·x + 0.4·|x|', () => {
    it('equals max(x, 0.2·x) and has the right first derivative', () => {
      const x = Float32Array.from([-2, -0.5, -1e-3, 1e-3, 0.7, 3]);
      const y = tf.tidy(() => leakyRelu(tf, tf.tensor(x)).dataSync());
      const dy = tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) => tf.sum(leakyRelu(tf, t)))(tf.tensor(x))
          .dataSync(),
      );
      x.forEach((v, i) => {
        expect(y[i]).toBeCloseTo(v > 0 ? v : 0.2 * v, 6);
        expect(dy[i]).toBeCloseTo(v > 0 ? 1 : 0.2, 6);
      });
    });
  });

  describe('training-mode BatchNorm', () => {
    const shape = [1, 5, 5, 3];
    const gamma = Float32Array.from([1.1, 0.9, 1.3]);
    const beta = Float32Array.from([0.1, -0.2, 0]);
    const weights = (): NetWeights => ({ 'bn.gamma': tf.tensor(gamma), 'bn.beta': tf.tensor(beta) });
    const bn = (x: tf.Tensor) => batchNorm(tf, x as tf.Tensor4D, weights(), 'bn', { training: true });
    const x0 = randn(75, 21, 1.5, 0.4);
    const all = Array.from({ length: 75 }, (_, i) => i);

    it('normalises each channel over H and W (biased variance, ε = 1e-5)', () => {
      const y = tf.tidy(() => bn(tf.tensor(x0, shape)).dataSync());
      for (let c = 0; c < 3; c++) {
        const xs = all.filter((i) => i % 3 === c).map((i) => x0[i]);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
        all
          .filter((i) => i % 3 === c)
          .forEach((i) => {
            expect(y[i]).toBeCloseTo(((x0[i] - mean) / Math.sqrt(variance + 1e-5)) * gamma[c] + beta[c], 4);
          });
      }
    });

    it('has the right first derivative', () => {
      const w = randn(75, 22);
      const value = (x: Float32Array) =>
        tf.tidy(() => tf.sum(tf.mul(tf.tensor(w, shape), bn(tf.tensor(x, shape)))).dataSync()[0]);
      const analytic = tf.tidy(() =>
        tf
          .grad((x: tf.Tensor) => tf.sum(tf.mul(tf.tensor(w, shape), bn(x))))(tf.tensor(x0, shape))
          .dataSync(),
      );
      expect(relativeError(analytic, centralDifferences(value, x0, all, 1e-2))).toBeLessThan(2e-3);
    });

    it('has the right second derivative', () => {
      const { analytic, value } = doubleBackward(bn, shape, 23);
      const fd = centralDifferences(value, x0, all, 1e-2);
      expect(relativeError(analytic(x0), fd)).toBeLessThan(2e-3);
    });
  });

  describe('axial attention block', () => {
    const c = 4;
    const shape: [number, number, number, number] = [1, 6, 7, c];
    const core = withAxialCoreGrad(tf, axialCoreOps(tf), held);
    function blockWeights(): Record<string, Float32Array> {
      const specs = attentionSpecs('site', c, true);
      const out: Record<string, Float32Array> = {};
      specs.forEach((s, i) => {
        const size = s.shape.reduce((a, b) => a * b, 1);
        // γ = 0 would hide the attention path; every weight gets a generic value.
        out[s.name] = s.shape.length === 0 ? Float32Array.of(0.7 - 0.2 * i * 0.01) : randn(size, 100 + i, 0.5);
      });
      return out;
    }
    const toTensors = (v: Record<string, Float32Array>, spec = attentionSpecs('site', c, true)): NetWeights =>
      Object.fromEntries(spec.map((s) => [s.name, tf.tensor(v[s.name], [...s.shape])]));

    it('is the identity at initialisation (γ = 0)', () => {
      const w = initWeights(tf, attentionSpecs('site', c, true), gaussianSampler(mulberry32(1)), mulberry32(2));
      const x = tf.tensor<tf.Rank.R4>(randn(168, 5), shape);
      const y = tf.tidy(
        () => feedForwardBlock(tf, axialAttentionBlock(tf, x, w, 'site', core), w, 'site') as tf.Tensor,
      );
      expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    });

    it('second derivative w.r.t. its weights (∂/∂W of a gradient w.r.t. the input) matches finite differences', () => {
      const base = blockWeights();
      const x = tf.tensor(randn(168, 6), shape);
      const wOut = tf.tensor(randn(168, 7), shape);
      const cIn = tf.tensor(randn(168, 8), shape);
      const L = (v: Record<string, Float32Array>, name?: string, t?: tf.Tensor) => {
        const w = toTensors(v);
        if (name && t) w[name] = t;
        const block = (y: tf.Tensor) =>
          feedForwardBlock(tf, axialAttentionBlock(tf, y as tf.Tensor4D, w, 'site', core), w, 'site');
        return tf.sum(tf.mul(cIn, tf.grad((y: tf.Tensor) => tf.sum(tf.mul(wOut, block(y))))(x)));
      };
      for (const name of [
        'site.attn.rows.wq',
        'site.attn.cols.wk',
        'site.attn.rows.wv',
        'site.attn.cols.wo',
        'site.ff.w1',
      ]) {
        const analytic = tf.tidy(() =>
          tf
            .grad((t: tf.Tensor) => L(base, name, t))(tf.tensor(base[name], [c, name.endsWith('w1') ? 2 * c : c]))
            .dataSync(),
        );
        const idx = [0, 3, 5, 10, 15];
        // ε small enough that no LeakyReLU input of the feed-forward block changes sign: a difference
        // across that kink measures the jump, not the derivative (at ε = 1e-2, wv[10] gives −1.26 for 3.39).
        const fd = centralDifferences(
          (v) => tf.tidy(() => L({ ...base, [name]: v }).dataSync()[0]),
          base[name],
          idx,
          1e-3,
        );
        expect(
          relativeError(
            idx.map((i) => analytic[i]),
            fd,
          ),
          name,
        ).toBeLessThan(2e-3);
      }
    });
  });

  describe('gradient penalty of D with attention (head+tail, feed-forward)', () => {
    it('its gradient w.r.t. D weights matches finite differences', () => {
      const config = tinyConfig({ layers: 3, attention: 'head+tail', feedForward: true });
      const core = withAxialCoreGrad(tf, axialCoreOps(tf), held);
      const specs = netSpec('D', config, 4);
      const init = initWeights(tf, specs, gaussianSampler(mulberry32(3)), mulberry32(4));
      const base: Record<string, Float32Array> = {};
      for (const s of specs) {
        base[s.name] = init[s.name].dataSync().slice() as Float32Array;
        init[s.name].dispose();
        // Generic values: γ = 0 would switch attention off, 0.02-scale convs would make the penalty flat.
        if (s.name.endsWith('gamma') && s.shape.length === 0) base[s.name] = Float32Array.of(0.6);
        if (s.name.endsWith('conv.w')) base[s.name] = base[s.name].map((v) => v * 15);
      }
      // A 13×14 image leaves a 7×8 patch map after three 3×3 valid convolutions; attention runs at 11×12×4 and 7×8×1.
      const real = tf.tensor4d(randn(13 * 14 * 3, 31, 0.5), [1, 13, 14, 3]);
      const fake = tf.tensor4d(randn(13 * 14 * 3, 32, 0.5), [1, 13, 14, 3]);
      const gp = (v: Record<string, Float32Array>, name?: string, t?: tf.Tensor) => {
        const w: NetWeights = Object.fromEntries(specs.map((s) => [s.name, tf.tensor(v[s.name], [...s.shape])]));
        if (name && t) w[name] = t;
        const d = (x: tf.Tensor4D) => discriminatorForward(tf, config, w, x, { training: true }, core);
        return gradientPenalty(tf, d, real, fake, 0.3, 1);
      };
      const checked = [
        'head.conv.w',
        'head.bn.gamma',
        'body1.conv.w',
        'head.attn.rows.wq',
        'head.attn.cols.wv',
        'head.ff.w2',
        'tail.attn.rows.wk',
        'tail.attn.gamma',
      ];
      for (const name of checked) {
        const spec = specs.find((s) => s.name === name)!;
        const analytic = tf.tidy(() =>
          tf
            .grad((t: tf.Tensor) => gp(base, name, t))(tf.tensor(base[name], [...spec.shape]))
            .dataSync(),
        );
        const idx = [0, 1, 2, 3].filter((i) => i < base[name].length);
        const fd = centralDifferences(
          (v) => tf.tidy(() => gp({ ...base, [name]: v }).dataSync()[0]),
          base[name],
          idx,
          2e-3,
        );
        const an = idx.map((i) => analytic[i]);
        expect(
          relativeError(an, fd),
          `${name}: analytic ${an.join(', ')} vs finite differences ${fd.join(', ')}`,
        ).toBeLessThan(1e-2);
        expect(Math.max(...an.map(Math.abs)), `${name} gradient is not trivially zero`).toBeGreaterThan(1e-4);
      }
    });
  });
});
