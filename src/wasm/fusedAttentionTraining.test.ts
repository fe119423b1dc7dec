import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hasFusedAxialCore } from '../engine/attention/fusedAxialCore';
import type { AttentionPlacement } from '../engine/singan/singanConfig';
import { disposeSinganModel } from '../engine/singan/singanModel';
import { trainSingan, type SinganLosses } from '../engine/singan/trainSingan';
import { TINY_IMAGE, testImage, tf, tinyConfig, useBackend } from '../testing/singanTestSupport';
import {
  installWasmKernels,
  WASM_KERNELS_BEFORE_ATTENTION_WORK,
  wasmKernels,
  type WasmKernelOptions,
} from './registerWasmKernels';

const image = testImage(TINY_IMAGE.height, TINY_IMAGE.width);
const KEYS = ['dReal', 'dFake', 'gp', 'gAdv', 'rec'] as const;
/** Three scales of 3 iterations: the first scale's are iterations 0–2. */
const ITERATIONS = 3;

interface Run {
  readonly losses: SinganLosses[];
  /** Every scale's attention γ, G and D (tiny, so Adam's first steps may set its sign either way). */
  readonly gammas: number[];
}

async function train(kernels: WasmKernelOptions, attention: AttentionPlacement): Promise<Run> {
  installWasmKernels(wasmKernels(undefined, kernels));
  expect(hasFusedAxialCore(tf)).toBe(kernels.fusedAttention !== false);
  const losses: SinganLosses[] = [];
  const config = tinyConfig({ iterations: ITERATIONS, attention, feedForward: true });
  const model = await trainSingan(tf, image, config, { onIteration: (_s, _i, l) => losses.push(l) });
  const gammas = model.scales.flatMap((s) =>
    [s.g, s.d].flatMap((net) =>
      Object.entries(net.values)
        .filter(([name]) => name.endsWith('attn.gamma'))
        .map(([, v]) => v[0]),
    ),
  );
  disposeSinganModel(model);
  return { losses, gammas };
}

/** Largest difference between two runs' losses over their largest loss (at least 1e-2), over iterations [from, to). */
function lossDifference(a: SinganLosses[], b: SinganLosses[], from: number, to: number): number {
  let diff = 0;
  let mag = 1e-2;
  for (let i = from; i < to; i++)
    for (const k of KEYS) {
      diff = Math.max(diff, Math.abs(a[i][k] - b[i][k]));
      mag = Math.max(mag, Math.abs(b[i][k]));
    }
  return diff / mag;
}

/*
 * The fused kernels compute what the op chain computes, in float32 with sums
 * in another order (axialAttentionWasm.test.ts). Through training that
 * difference stays at float32 rounding while Adam takes its first steps on
 * the first scale (measured: below 3e-6 of the losses). Later it grows, as it
 * does for any change of summation order: Adam normalises each gradient, so a
 * weight whose gradient is near zero steps by ±lr on the rounding's sign, and
 * the trajectories part at the learning rate's scale (the op chain on the
 * studio's BatchMatMul parts from tfjs-wasm's own as far). Their correctness
 * to second order is checked where it is exact: the penalty's gradient
 * against finite differences through these kernels (secondOrder.test.ts on
 * wasm) and every kernel against the float64 reference.
 */
describe('SinGAN training on wasm with the fused attention kernels', () => {
  beforeAll(() => useBackend('wasm'));
  afterAll(() => installWasmKernels());

  for (const attention of ['head', 'head+tail'] as const) {
    it(`gives the losses of the op chain on tfjs-wasm's own kernels (${attention}, feed-forward)`, async () => {
      const before = await train(WASM_KERNELS_BEFORE_ATTENTION_WORK, attention);
      const after = await train({}, attention);
      expect(after.losses.length).toBe(3 * ITERATIONS);
      expect(lossDifference(after.losses, before.losses, 0, ITERATIONS)).toBeLessThan(2e-5);
      expect(after.losses.every((l) => KEYS.every((k) => Number.isFinite(l[k])))).toBe(true);
      // Later scales: the same training, parted by Adam at most at the learning rate's scale.
      expect(lossDifference(after.losses, before.losses, ITERATIONS, after.losses.length)).toBeLessThan(0.2);
      // Attention was trained through the kernels: every γ (G and D, every scale) has left 0.
      expect(after.gammas.length).toBe(attention === 'head' ? 6 : 12);
      for (const g of after.gammas) expect(Math.abs(g)).toBeGreaterThan(1e-4);
    });
  }
});
