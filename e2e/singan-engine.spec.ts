import { expect, test } from './harnessFixture';
import type { AttentionPlacement } from '../src/engine/singan/singanConfig';
import type { JsonGpGrads, JsonNetProblem, JsonTrainRun, NetOutputs } from '../src/harness/kernels/singanKernels';
import type { JsonImage } from '../src/harness/kernels/json';
import { relativeError } from '../src/testing/relativeError';
import { runHarness as run } from '../scripts/lib/harness';

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>, floor = 0) => relativeError(a, b, floor);

/**
 * The SinGAN engine on tfjs-WebGPU (SwiftShader here) against the same engine
 * on tfjs's CPU backend in the same page: forward passes and the gradient
 * penalty's second-order gradient with identical weights, then a real
 * training run, the model file round trip and resuming. Sizes stay tiny: the
 * emulated GPU compiles every tfjs shader on the CPU.
 */

type Backends<T> = { webgpu: T; cpu: T; leakedTensors: number; withoutGradient?: string[] };

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const fmt = (x: number) => x.toExponential(2);

/** A structured picture (ramps, stripes, a disc) in [0, 1]: something for the reconstruction to learn. */
function picture(height: number, width: number): JsonImage {
  const data: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const stripe = 0.5 + 0.4 * Math.sin((x + y) * 0.9);
      const disc = (x - width * 0.6) ** 2 + (y - height * 0.4) ** 2 < (Math.min(height, width) * 0.2) ** 2 ? 1 : 0;
      data.push(
        Math.min(1, 0.2 + 0.6 * stripe * (x / width) + 0.5 * disc),
        Math.min(1, 0.3 + 0.4 * stripe + 0.3 * disc),
        Math.min(1, 0.8 - 0.5 * (y / height) + 0.1 * stripe),
      );
    }
  }
  return { height, width, data };
}

/** Sites per placement, as singanNet places them. */
const SITES: Record<AttentionPlacement, number> = { none: 0, head: 1, body: 1, tail: 1, 'head+tail': 2 };

test.describe.configure({ mode: 'serial' });

const NET: Omit<JsonNetProblem, 'attention' | 'feedForward' | 'seed'> = { channels: 8, height: 16, width: 20 };

test('G and D forward on WebGPU (WGSL attention) equal the CPU backend for every attention placement, eval and train BatchNorm', async ({
  harness: page,
}) => {
  const cases: [AttentionPlacement, boolean][] = [
    ['none', false],
    ['head', false],
    ['body', false],
    ['tail', false],
    ['head+tail', false],
    ['head', true],
  ];
  let seed = 1;
  for (const [attention, feedForward] of cases) {
    const label = `${attention}${feedForward ? '+ff' : ''}`;
    const t0 = Date.now();
    const got = await run<Backends<NetOutputs>>(page, 'singan_forward_backends', {
      ...NET,
      attention,
      feedForward,
      seed: seed++,
    });
    const { webgpu: gpu, cpu } = got;
    const errs = {
      gEval: relErr(gpu.gEval, cpu.gEval, 1),
      gTrain: relErr(gpu.gTrain, cpu.gTrain, 1),
      dEval: relErr(gpu.dEval, cpu.dEval),
      dTrain: relErr(gpu.dTrain, cpu.dTrain),
    };
    console.log(
      `forward ${label}: ${Object.entries(errs)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(', ')}; |D| ≤ ${fmt(maxAbs(cpu.dEval))}; ${Date.now() - t0} ms`,
    );
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

test('the gradient penalty’s gradient w.r.t. D’s weights (second order) on WebGPU equals the CPU backend', async ({
  harness: page,
}) => {
  for (const [attention, feedForward, seed] of [
    ['none', false, 11],
    ['head+tail', true, 12],
  ] as const) {
    const label = `${attention}${feedForward ? '+ff' : ''}`;
    const t0 = Date.now();
    const got = await run<Backends<JsonGpGrads>>(page, 'singan_gp_grads_backends', {
      ...NET,
      attention,
      feedForward,
      seed,
      alpha: 0.37,
      gpWeight: 0.1,
    });
    const { webgpu: gpu, cpu } = got;
    const names = Object.keys(cpu.grads);
    expect(Object.keys(gpu.grads)).toEqual(names);
    // D's last additive bias cannot reach ∇ₓD, so tf.grads has no path to it; everything else is compared.
    expect(got.withoutGradient).toEqual([attention === 'none' ? 'tail.conv.b' : 'tail.ff.b2']);
    const global = Math.max(...names.map((n) => maxAbs(cpu.grads[n])));
    // Gradients that are 0 in exact arithmetic come out as rounding noise on both backends: compared by size, not relatively.
    const live = names.filter((n) => maxAbs(cpu.grads[n]) > 1e-4 * global);
    const vanishing = names.filter((n) => !live.includes(n));
    const errs = live.map((n) => [n, relErr(gpu.grads[n], cpu.grads[n])] as const).sort((a, b) => b[1] - a[1]);
    const noise = Math.max(...vanishing.flatMap((n) => [maxAbs(gpu.grads[n]), maxAbs(cpu.grads[n])])) / global;
    const gpErr = Math.abs(gpu.gp - cpu.gp) / Math.abs(cpu.gp);
    console.log(
      `GP ${label}: gp ${cpu.gp.toPrecision(6)} (rel err ${fmt(gpErr)}), max |∂| ${fmt(global)}, ${live.length}/${names.length} tensors compared, ` +
        `worst ${errs
          .slice(0, 3)
          .map(([n, e]) => `${n} ${fmt(e)}`)
          .join(', ')}; vanishing ones (${vanishing.join(', ')}) ≤ ${fmt(noise)}·max; ${Date.now() - t0} ms`,
    );
    expect(gpErr, label).toBeLessThan(1e-5);
    /*
     * Per tensor, relative to its own largest entry. Each entry sums ~10⁴
     * float32 products (16×20 px × 72-wide 3×3 convs) through three passes
     * (forward, ∇ₓ, ∇_w of ‖∇ₓ‖), in different orders on the two backends and
     * with SwiftShader's own exp/sqrt: √n·ε·passes ≈ 100·6e-8·3 ≈ 2e-5 is the
     * expected size, measured up to ~1e-5; 1e-4 leaves room without hiding a
     * wrong term (a missing second-order term is an O(1) error).
     */
    for (const [n, e] of errs) expect(e, `${label} ∂GP/∂${n}`).toBeLessThan(1e-4);
    // A conv bias in front of train-mode BatchNorm is a shift the batch mean removes: its gradient must vanish.
    for (const n of names.filter((x) => /^(head|body\d+)\.conv\.b$/.test(x))) expect(vanishing, label).toContain(n);
    expect(noise, `${label}: vanishing gradients`).toBeLessThan(1e-5);
    if (attention !== 'none') {
      // The second-order path really runs through the attention projections and feed-forward, with the WGSL forward.
      for (const n of [
        'head.attn.rows.wq',
        'head.attn.cols.wk',
        'tail.attn.rows.wv',
        'tail.attn.cols.wq',
        'head.ff.w1',
        'tail.ff.w2',
      ])
        expect(live, n).toContain(n);
      expect(gpu.wgslPasses).toBeGreaterThan(0);
      expect(gpu.wgslPasses).toBe(gpu.coreCalls);
    }
    expect(got.leakedTensors, label).toBe(0);
  }
});

/** 40×32 px limited to 20 px: two scales, 18×14 and 20×16. One D and one G step per iteration keep SwiftShader's time down. */
const TRAIN = {
  maxSize: 20,
  minSize: 14,
  iterations: 10,
  lrDropAt: 10,
  // 4× the paper's rate so that ten iterations visibly fit the reconstruction.
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

type TrainResult = JsonTrainRun & {
  reserializedIdentical: boolean;
  samples: { shape: number[]; original: number[]; parsed: number[]; cpu: number[] };
};

test('a tiny training on WebGPU: finite losses, falling reconstruction, no leaks, exact file round trip, CPU samples the same file', async ({
  harness: page,
}) => {
  test.setTimeout(600_000);
  const t0 = Date.now();
  const r = await run<TrainResult>(page, 'singan_train_webgpu', { image: IMAGE, config: TRAIN, sampleSeed: 3 });
  const recs = [0, 1].map((s) => r.losses.filter((l) => l.scale === s).map((l) => l.losses.rec));
  const mean2 = (a: number[]) => (a[0] + a[1]) / 2;
  const cpuDiff = Math.max(...r.samples.cpu.map((v, i) => Math.abs(v - r.samples.original[i])));
  console.log(
    `training: ${Date.now() - t0} ms (scales ${r.scaleMs.map((ms) => Math.round(ms)).join(', ')} ms); ` +
      recs.map((rec, s) => `scale ${s} rec ${rec[0].toFixed(4)} → ${rec[rec.length - 1].toFixed(4)}`).join(', ') +
      `; tensors ${r.tensorsBefore} → ${r.tensorsAfterDispose}; WGSL passes ${r.wgslPasses}; CPU vs WebGPU sample max |Δ| ${fmt(cpuDiff)}`,
  );
  expect(r.scaleStarts).toEqual([0, 1]);
  expect(r.losses.map((l) => [l.scale, l.iteration])).toEqual(
    [0, 1].flatMap((s) => Array.from({ length: TRAIN.iterations }, (_, i) => [s, i])),
  );
  for (const { scale, iteration, losses } of r.losses) {
    for (const [k, v] of Object.entries(losses))
      expect(Number.isFinite(v), `scale ${scale} iteration ${iteration} ${k}`).toBe(true);
    expect(losses.gp).toBeGreaterThanOrEqual(0);
    expect(losses.rec).toBeGreaterThan(0);
  }
  // Both scales: scale 1 starts from scale 0's nets on a new input (the upsampled reconstruction), well above where scale 0 ended.
  recs.forEach((rec, s) => expect(mean2(rec.slice(-2)), `scale ${s} reconstruction`).toBeLessThan(0.75 * mean2(rec)));
  for (const s of [0, 1])
    expect(
      new Set(r.losses.filter((l) => l.scale === s).map((l) => l.tensors)).size,
      `tensors per iteration, scale ${s}`,
    ).toBe(1);
  expect(r.tensorsAfterDispose).toBe(r.tensorsBefore);
  // Head attention in both nets: the WGSL kernel ran inside training.
  expect(r.wgslPasses).toBeGreaterThan(0);

  expect(r.reserializedIdentical).toBe(true);
  expect(r.samples.shape).toEqual([20, 16]);
  expect(r.samples.parsed).toEqual(r.samples.original);
  // Two scales of G, a bilinear resize and WGSL-vs-ops attention on pixels in [0, 1]: float32 rounding (measured ~1e-7).
  expect(cpuDiff).toBeLessThan(1e-5);
  expect(maxAbs(r.samples.original.map((v) => v - 0.5))).toBeGreaterThan(0.1);
});

/** The parts of a model file's JSON header read here. */
interface ModelHeader {
  scales: unknown[];
  tensors: { name: string; shape: number[]; offset: number }[];
}

/** Tensor names and byte ranges of a model file (format of singanModelFile.ts). */
function manifest(bytes: Buffer): { header: ModelHeader; tensors: Map<string, Buffer> } {
  const headerBytes = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.subarray(24, 24 + headerBytes).toString('utf8')) as ModelHeader;
  const payload = bytes.subarray(24 + headerBytes);
  const tensors = new Map<string, Buffer>();
  for (const t of header.tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    tensors.set(t.name, payload.subarray(t.offset * 4, (t.offset + size) * 4));
  }
  return { header, tensors };
}

test('resume: stop after scale 0, save, parse, resume → continues at scale 1; scale 0 byte-identical in the final file', async ({
  harness: page,
}) => {
  const t0 = Date.now();
  // Cheaper than the run above (no attention, three iterations): this is about what is kept, not about learning.
  const config = { ...TRAIN, attention: 'none', iterations: 3, lrDropAt: 3 };
  const r = await run<{
    oneScale: string;
    final: string;
    straight: string;
    scaleStarts: number[];
    lossScales: number[];
    tensorsBefore: number;
    tensorsAfterStop: number;
    tensorsAfterDispose: number;
  }>(page, 'singan_resume_webgpu', { image: IMAGE, config });
  const one = manifest(Buffer.from(r.oneScale, 'base64'));
  const final = manifest(Buffer.from(r.final, 'base64'));
  console.log(
    `resume: ${Date.now() - t0} ms; files ${Buffer.from(r.oneScale, 'base64').length} → ${Buffer.from(r.final, 'base64').length} bytes`,
  );
  expect(r.scaleStarts).toEqual([1]);
  expect(r.lossScales).toEqual([1]);
  expect(one.header.scales.length).toBe(1);
  expect(final.header.scales.length).toBe(2);
  expect(final.header.scales[0]).toEqual(one.header.scales[0]);
  const kept = [...one.tensors.keys()];
  expect(kept.length).toBeGreaterThan(1);
  expect(kept.every((n) => n === 'zStar' || n.startsWith('s0/'))).toBe(true);
  for (const n of kept) expect(final.tensors.get(n)!.equals(one.tensors.get(n)!), n).toBe(true);
  expect([...final.tensors.keys()].some((n) => n.startsWith('s1/'))).toBe(true);
  // On WebGPU too the interrupted and the straight run give the same file, byte for byte.
  expect(r.final === r.straight).toBe(true);
  expect([r.tensorsAfterStop, r.tensorsAfterDispose]).toEqual([r.tensorsBefore, r.tensorsBefore]);
});
