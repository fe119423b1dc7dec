import { expect, test, type Page } from '@playwright/test';
import type { AttentionPlacement } from '../src/engine/singan/singanConfig';
import type { JsonGpGrads, JsonNetProblem, JsonTrainRun, NetOutputs } from '../src/harness/kernels/singanKernels';
import type { JsonImage } from '../src/harness/kernels/json';

/**
 * The SinGAN engine on tfjs-WebGPU (SwiftShader here) against the same engine
 * on tfjs's CPU backend in the same page: forward passes and the gradient
 * penalty's second-order gradient with identical weights, then a real
 * training run, the model file round trip and resuming. Sizes stay tiny: the
 * emulated GPU compiles every tfjs shader on the CPU.
 */

type Backends<T> = { webgpu: T; cpu: T; leakedTensors: number; withoutGradient?: string[] };

async function run<T>(page: Page, kernel: string, input: unknown): Promise<T> {
  return page.evaluate(([k, i]) => (globalThis as any).__harness.run(k, i), [kernel, input] as const) as Promise<T>;
}

/** Largest |a − b| over the largest |b| (at least `floor`). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 0): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let mag = floor;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    mag = Math.max(mag, Math.abs(b[i]));
  }
  return diff / mag;
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const fmt = (x: number) => x.toExponential(2);

/** A structured picture (ramps, stripes, a disc) in [0, 1]: something for the reconstruction to learn. */
function picture(height: number, width: number): JsonImage {
  const data: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const stripe = 0.5 + 0.4 * Math.sin((x + y) * 0.9);
      const disc = (x - width * 0.6) ** 2 + (y - height * 0.4) ** 2 < (Math.min(height, width) * 0.2) ** 2 ? 1 : 0;
      data.push(Math.min(1, 0.2 + 0.6 * stripe * (x / width) + 0.5 * disc), Math.min(1, 0.3 + 0.4 * stripe + 0.3 * disc), Math.min(1, 0.8 - 0.5 * (y / height) + 0.1 * stripe));
    }
  }
  return { height, width, data };
}

/** Sites per placement, as singanNet places them. */
const SITES: Record<AttentionPlacement, number> = { none: 0, head: 1, body: 1, tail: 1, 'head+tail': 2 };

test.describe.configure({ mode: 'serial' });
let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[page] ${m.text()}`);
  });
  await page.goto('/harness.html');
  const info = await page.evaluate(() => (globalThis as any).__harness.ready);
  expect(info.adapter).toBeTruthy();
});

test.afterAll(async () => {
  await page.close();
});

const NET: Omit<JsonNetProblem, 'attention' | 'feedForward' | 'seed'> = { channels: 8, height: 16, width: 20 };

test('G and D forward on WebGPU (WGSL attention) equal the CPU backend for every attention placement, eval and train BatchNorm', async () => {
  const cases: [AttentionPlacement, boolean][] = [['none', false], ['head', false], ['body', false], ['tail', false], ['head+tail', false], ['head', true]];
  let seed = 1;
  for (const [attention, feedForward] of cases) {
    const label = `${attention}${feedForward ? '+ff' : ''}`;
    const t0 = Date.now();
    const got = await run<Backends<NetOutputs>>(page, 'singan_forward_backends', { ...NET, attention, feedForward, seed: seed++ });
    const { webgpu: gpu, cpu } = got;
    const errs = {
      gEval: relErr(gpu.gEval, cpu.gEval, 1),
      gTrain: relErr(gpu.gTrain, cpu.gTrain, 1),
      dEval: relErr(gpu.dEval, cpu.dEval),
      dTrain: relErr(gpu.dTrain, cpu.dTrain),
    };
    console.log(`forward ${label}: ${Object.entries(errs).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}; |D| ≤ ${fmt(maxAbs(cpu.dEval))}; ${Date.now() - t0} ms`);
    expect(gpu.gEval.length).toBe(NET.height * NET.width * 3);
    expect(gpu.dShape).toEqual([1, NET.height - 10, NET.width - 10, 1]);
    for (const [k, v] of Object.entries(errs)) expect(v, `${label} ${k}`).toBeLessThan(1e-4);
    // Two axes per site, sites in both nets, four forwards; on WebGPU each call is one WGSL dispatch.
    const calls = 2 * SITES[attention] * 4;
    expect([gpu.coreCalls, cpu.coreCalls], label).toEqual([calls, calls]);
    expect([gpu.wgslPasses, cpu.wgslPasses], `${label}: WGSL passes`).toEqual([calls, 0]);
    expect(got.leakedTensors, label).toBe(0);
  }
});

test('the gradient penalty’s gradient w.r.t. D’s weights (second order) on WebGPU equals the CPU backend', async () => {
  for (const [attention, feedForward, seed] of [['none', false, 11], ['head+tail', true, 12]] as const) {
    const label = `${attention}${feedForward ? '+ff' : ''}`;
    const t0 = Date.now();
    const got = await run<Backends<JsonGpGrads>>(page, 'singan_gp_grads_backends', { ...NET, attention, feedForward, seed, alpha: 0.37, gpWeight: 0.1 });
    const { webgpu: gpu, cpu } = got;
    const names = Object.keys(cpu.grads);
    expect(Object.keys(gpu.grads)).toEqual(names);
    const global = Math.max(...names.map((n) => maxAbs(cpu.grads[n])));
    const errs = names.map((n) => [n, relErr(gpu.grads[n], cpu.grads[n], 1e-3 * global)] as const).sort((a, b) => b[1] - a[1]);
    const gpErr = Math.abs(gpu.gp - cpu.gp) / Math.abs(cpu.gp);
    console.log(`GP ${label}: gp ${cpu.gp.toPrecision(6)} (rel err ${fmt(gpErr)}), max |∂| ${fmt(global)}, worst tensors ${errs.slice(0, 4).map(([n, e]) => `${n} ${fmt(e)}`).join(', ')}; ${Date.now() - t0} ms`);
    expect(gpErr, label).toBeLessThan(1e-4);
    for (const [n, e] of errs) expect(e, `${label} ∂GP/∂${n}`).toBeLessThan(1e-3);
    if (attention !== 'none') {
      // The second-order path really runs through the attention (non-zero projection gradients) and the WGSL forward.
      for (const n of ['head.attn.rows.wq', 'head.attn.cols.wk', 'tail.attn.rows.wv', 'head.ff.w1']) expect(maxAbs(cpu.grads[n]), n).toBeGreaterThan(1e-4 * global);
      expect(gpu.wgslPasses).toBeGreaterThan(0);
      expect(gpu.wgslPasses).toBe(gpu.coreCalls);
    }
    expect(got.leakedTensors, label).toBe(0);
  }
});

/** 40×32 px limited to 20 px: two scales, 18×14 and 20×16; one D and one G step per iteration keep SwiftShader's time down. */
const TRAIN = {
  maxSize: 20,
  minSize: 14,
  iterations: 12,
  lrDropAt: 12,
  lr: 2e-3,
  dSteps: 1,
  gSteps: 1,
  baseChannels: 4,
  maxChannels: 4,
  attention: 'head',
  feedForward: false,
  previewEvery: 0,
  seed: 5,
} as const;
const IMAGE = picture(40, 32);

type TrainResult = JsonTrainRun & { reserializedIdentical: boolean; samples: { shape: number[]; original: number[]; parsed: number[]; cpu: number[] } };
let trained: TrainResult;

test('a tiny training on WebGPU: finite losses, falling reconstruction, no leaks, exact file round trip, CPU samples the same file', async () => {
  test.setTimeout(400_000);
  const t0 = Date.now();
  trained = await run<TrainResult>(page, 'singan_train_webgpu', { image: IMAGE, config: TRAIN, sampleSeed: 3 });
  console.log(`training: ${Date.now() - t0} ms (scales ${trained.scaleMs.map((ms) => Math.round(ms)).join(', ')} ms)`);
  for (const l of trained.losses) console.log(l.scale, l.iteration, Math.round(l.ms), l.losses.rec.toFixed(4));
});
