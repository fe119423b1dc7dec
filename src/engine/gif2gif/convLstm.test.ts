import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { axialCoreOps } from '../attention/axialCore';
import { HeldTensors, withAxialCoreGrad } from '../attention/axialCoreGrad';
import { gaussianSampler, mulberry32 } from '../random/prng';
import { gradientPenalty } from '../singan/gradientPenalty';

import { initWeights } from '../singan/paramSpec';
import { discriminatorForward, netSpec } from '../singan/singanNet';
import { centralDifferences, relativeError, tf, tinyConfig, useBackend } from '../../testing/singanTestSupport';
import type { NetWeights } from '../singan/tfTypes';
import { convLstmSpec, convLstmStep, type ConvLstmState } from './convLstm';
import { convLstmStepReference, type ConvLstmReferenceState } from './convLstmReference';
import { SEQUENCE_START, sequenceForward, sequencerSpec } from './sequenceNet';

function randn(n: number, seed: number, scale = 1): Float32Array {
  const g = gaussianSampler(mulberry32(seed));
  return Float32Array.from({ length: n }, () => scale * g());
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Generic values for every ConvLSTM weight (the init's zero biases would hide terms). */
function lstmValues(inC: number, hidden: number, kernel: number, seed: number): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  convLstmSpec('lstm', inC, hidden, kernel).forEach(
    (s, i) => (out[s.name] = randn(size(s.shape), seed + i, s.name.endsWith('.w') ? 0.4 : 0.5)),
  );
  return out;
}

const tensors = (v: Record<string, Float32Array>, inC: number, hidden: number, kernel: number): NetWeights =>
  Object.fromEntries(
    convLstmSpec('lstm', inC, hidden, kernel).map((s) => [s.name, tf.tensor(v[s.name], [...s.shape])]),
  );

describe.each(['cpu', 'wasm'] as const)('ConvLSTM on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const held = new HeldTensors(tf);
  afterEach(() => held.release());

  it('has the spec layout: one conv over [x, h] to 4·hidden gates, forget bias 1', () => {
    const specs = convLstmSpec('lstm', 3, 8);
    expect(specs.map((s) => [s.name, s.shape, s.init])).toEqual([
      ['lstm.w', [3, 3, 11, 32], 'linear'],
      ['lstm.bi', [8], 'zeros'],
      ['lstm.bf', [8], 'ones'],
      ['lstm.bo', [8], 'zeros'],
      ['lstm.bg', [8], 'zeros'],
    ]);
    expect(specs[0].fanIn).toBe(99);
  });

  // [height, width, inChannels, hidden, kernel]
  const cases: [number, number, number, number, number][] = [
    [1, 1, 3, 1, 3],
    [1, 1, 3, 8, 3],
    [5, 7, 3, 1, 3],
    [5, 7, 3, 8, 3],
    [4, 3, 2, 3, 1],
    [6, 5, 3, 2, 5],
  ];
  for (const [height, width, inC, hidden, kernel] of cases) {
    it(`equals the float64 reference: ${height}×${width}, ${inC} in, hidden ${hidden}, kernel ${kernel}, without and with state`, () => {
      const v = lstmValues(inC, hidden, kernel, 10 * hidden + kernel);
      const w = tensors(v, inC, hidden, kernel);
      const refW = { w: v['lstm.w'], bi: v['lstm.bi'], bf: v['lstm.bf'], bo: v['lstm.bo'], bg: v['lstm.bg'] };
      const xs = [1, 2, 3].map((k) => randn(height * width * inC, 100 + k));
      let refState: ConvLstmReferenceState | null = null;
      let state: ConvLstmState | null = null;
      for (const x of xs) {
        refState = convLstmStepReference(x, height, width, inC, hidden, kernel, refW, refState);
        const prevState: ConvLstmState | null = state;
        const next: ConvLstmState = tf.tidy(() => {
          const r = convLstmStep(tf, w, 'lstm', tf.tensor4d(x, [1, height, width, inC]), prevState);
          return { h: r.h, c: r.c };
        });
        if (prevState) [prevState.h, prevState.c].forEach((t) => t.dispose());
        state = next;
        expect(state.h.shape).toEqual([1, height, width, hidden]);
        expect(relativeError(state.h.dataSync(), refState.h, 1)).toBeLessThan(1e-5);
        expect(relativeError(state.c.dataSync(), refState.c, 1)).toBeLessThan(1e-5);
      }
      const last = state;
      if (last) [last.h, last.c].forEach((t) => t.dispose());
      Object.values(w).forEach((t) => t.dispose());
    });
  }

  it('gradients through 3 unrolled steps w.r.t. every weight and the inputs match central differences', () => {
    const [height, width, inC, hidden, kernel] = [3, 4, 3, 2, 3];
    const base = lstmValues(inC, hidden, kernel, 50);
    const xShape = [3, height, width, inC];
    base.x = randn(size(xShape), 60);
    const cH = tf.tensor4d(randn(height * width * hidden, 61), [1, height, width, hidden]);
    const cC = tf.tensor4d(randn(height * width * hidden, 62), [1, height, width, hidden]);
    const specs = convLstmSpec('lstm', inC, hidden, kernel);
    const shapeOf = (name: string) => (name === 'x' ? xShape : [...specs.find((s) => s.name === name)!.shape]);
    // L = Σ cH·h₃ + Σ cC·c₃ + Σ h₁ after steps on x₀, x₁, x₂.
    const loss = (v: Record<string, Float32Array>, name?: string, t?: tf.Tensor) => {
      const w = tensors(v, inC, hidden, kernel);
      const x = name === 'x' && t ? t : tf.tensor(v.x, xShape);
      if (name && name !== 'x' && t) w[name] = t;
      let state: ConvLstmState | null = null;
      let first: tf.Tensor | null = null;
      for (let i = 0; i < 3; i++) {
        state = convLstmStep(tf, w, 'lstm', tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D, state);
        first ??= tf.sum(state.h);
      }
      return tf.addN([tf.sum(tf.mul(cH, state!.h)), tf.sum(tf.mul(cC, state!.c)), first!]) as tf.Scalar;
    };
    for (const name of ['x', ...specs.map((s) => s.name)]) {
      const n = base[name].length;
      const idx =
        n <= 12
          ? Array.from({ length: n }, (_, i) => i)
          : Array.from({ length: 12 }, (_, i) => Math.floor((i * n) / 12) + (i % 3));
      const analytic = tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) => loss(base, name, t))(tf.tensor(base[name], shapeOf(name)))
          .dataSync(),
      );
      const fd = centralDifferences(
        (v) => tf.tidy(() => loss({ ...base, [name]: v }).dataSync()[0]),
        base[name],
        idx,
        1e-2,
      );
      const an = idx.map((i) => analytic[i]);
      expect(
        relativeError(an, fd),
        `${name}: analytic ${an.join(', ')} vs finite differences ${fd.join(', ')}`,
      ).toBeLessThan(3e-3);
      expect(Math.max(...an.map(Math.abs)), `${name} gradient is not trivially zero`).toBeGreaterThan(1e-4);
    }
    cH.dispose();
    cC.dispose();
  });

  it('second order: the gradient penalty on a chunk of generated frames, w.r.t. D weights, matches finite differences', () => {
    const config = tinyConfig({ layers: 3 });
    const core = withAxialCoreGrad(tf, axialCoreOps(tf), held);
    const [T, height, width, channels] = [3, 11, 12, 4];
    const rng = (seed: number) => [gaussianSampler(mulberry32(seed)), mulberry32(seed + 1)] as const;
    const g = initWeights(tf, netSpec('G', config, channels), ...rng(5));
    const seq = initWeights(tf, sequencerSpec('noise-lstm', 4), ...rng(7));
    // A chunk of frames as trainSequence's D step makes them: the noise-lstm sequencer and G, then detached.
    const fake = tf.tidy(
      () =>
        sequenceForward(
          tf,
          config,
          'noise-lstm',
          g,
          seq,
          1,
          tf.tensor4d(randn(T * height * width * 3, 8), [T, height, width, 3]),
          tf.tensor4d(randn(T * height * width * 3, 9, 0.3), [T, height, width, 3]),
          SEQUENCE_START,
          { training: true },
          core,
        ).frames,
    );
    held.release();
    const real = tf.tensor4d(randn(T * height * width * 3, 10, 0.5), [T, height, width, 3]);
    const specs = netSpec('D', config, channels);
    const init = initWeights(tf, specs, ...rng(11));
    const base: Record<string, Float32Array> = {};
    for (const s of specs) {
      base[s.name] = init[s.name].dataSync().slice() as Float32Array;
      init[s.name].dispose();
      if (s.name.endsWith('conv.w')) base[s.name] = base[s.name].map((v) => v * 15);
    }
    const gp = (v: Record<string, Float32Array>, name?: string, t?: tf.Tensor) => {
      const w: NetWeights = Object.fromEntries(specs.map((s) => [s.name, tf.tensor(v[s.name], [...s.shape])]));
      if (name && t) w[name] = t;
      const d = (x: tf.Tensor4D) => discriminatorForward(tf, config, w, x, { training: true }, core);
      return gradientPenalty(tf, d, real, fake, 0.3, 1);
    };
    for (const name of ['head.conv.w', 'head.bn.gamma', 'head.bn.beta', 'body1.conv.w', 'tail.conv.w']) {
      const spec = specs.find((s) => s.name === name)!;
      const analytic = tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) => gp(base, name, t))(tf.tensor(base[name], [...spec.shape]))
          .dataSync(),
      );
      held.release();
      const idx = [0, 1, 2, 3].filter((i) => i < base[name].length);
      const fd = centralDifferences(
        (v) => tf.tidy(() => gp({ ...base, [name]: v }).dataSync()[0]),
        base[name],
        idx,
        2e-3,
      );
      held.release();
      const an = idx.map((i) => analytic[i]);
      expect(
        relativeError(an, fd),
        `${name}: analytic ${an.join(', ')} vs finite differences ${fd.join(', ')}`,
      ).toBeLessThan(1e-2);
      expect(Math.max(...an.map(Math.abs)), `${name} gradient is not trivially zero`).toBeGreaterThan(1e-4);
    }
    // The frames are a chunk (batch of T) and differ from frame to frame.
    expect(fake.shape).toEqual([T, height, width, 3]);
    const f = fake.dataSync();
    const per = height * width * 3;
    expect(relativeError(f.slice(0, per), f.slice(per, 2 * per))).toBeGreaterThan(1e-3);
    [fake, real, ...Object.values(g), ...Object.values(seq)].forEach((t) => t.dispose());
  });
});
