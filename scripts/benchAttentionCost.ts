/**
 * What axial attention costs SinGAN training on the CPU path, in one Node
 * process on tfjs's wasm backend (the studio's CPU backend, with its own
 * kernels): the fast preset's nets trained on one small image with no
 * attention, attention after the head, and after head and tail, under three
 * kernel sets: `before` (the attention core as tfjs ops on tfjs-wasm's own
 * BatchMatMul, as before the fused kernels), `matmul` (the op chain on the
 * studio's BatchMatMul) and `fused` (the fused attention kernels, the
 * default). Per run: CPU and wall milliseconds per iteration (every scale,
 * 3 D + 3 G steps each), attention ÷ plain within each kernel set, and the
 * peak of tfjs's memory in the finest scale's first iteration.
 *
 *   npm run bench:attention-cost                       # 48 px, 3 iterations per scale, 1 round, before and fused
 *   npm run bench:attention-cost -- --size 48 --iterations 4 --rounds 2 --modes before,matmul,fused
 *   npm run bench:attention-cost -- --size 64 --image public/examples/coast.png
 *   npm run bench:attention-cost -- --profile --modes before,fused   # time per tfjs kernel instead (1 iteration per scale)
 *
 * Rounds interleave the runs (each round runs every kernel set and
 * placement), so a machine whose load drifts weighs on all of them alike;
 * CPU time (process.cpuUsage, one wasm thread) is the figure to trust on a
 * shared machine, wall time is reported beside it. The first iteration of
 * each scale is left out of the times (it is the one measured for memory).
 * Writes bench/results/attention-cost-<date>/results.json and table.md
 * (`-profile` for --profile).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
// The packages' CommonJS builds: Node cannot load tfjs-core's ES build (directory imports).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  installWasmKernels,
  registerWasmKernels,
  WASM_KERNELS_BEFORE_ATTENTION_WORK,
  wasmKernels,
  type WasmKernelOptions,
} from '../src/wasm/registerWasmKernels';
import { hasFusedAxialCore } from '../src/engine/attention/fusedAxialCore';
import { resizeAntialiased } from '../src/engine/image/resample';
import type { RgbImage } from '../src/engine/image/rgbImage';
import { configFromPreset } from '../src/engine/singan/configFromPreset';
import type { AttentionPlacement, SinganConfig } from '../src/engine/singan/singanConfig';
import { disposeSinganModel } from '../src/engine/singan/singanModel';
import { channelsAtScale, singanPyramid } from '../src/engine/singan/singanPyramid';
import { trainSingan } from '../src/engine/singan/trainSingan';
import { fixedOrDash } from './lib/benchStats';
import { decodeImageFile } from './lib/imageFiles';

/**
 * before: the kernel set before the fused attention (the core as tfjs ops, tfjs-wasm's BatchMatMul);
 * matmul: the op chain on the studio's BatchMatMul (transposed products on the GEMM);
 * fused: the default, fused attention kernels and the studio's BatchMatMul.
 */
const MODES = ['before', 'matmul', 'fused'] as const;
type Mode = (typeof MODES)[number];
const MODE_OPTIONS: Record<Mode, WasmKernelOptions> = {
  before: WASM_KERNELS_BEFORE_ATTENTION_WORK,
  matmul: { fusedAttention: false },
  fused: {},
};
const MODE_LABEL: Record<Mode, string> = {
  before: 'before (op chain)',
  matmul: 'op chain + BatchMatMul',
  fused: 'fused',
};

const USAGE = `Usage: npm run bench:attention-cost -- [--size 48] [--iterations 3] [--rounds 1] [--image FILE]
       [--placements none,head,head+tail] [--modes before,matmul,fused] [--profile] [--out bench/results]`;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    size: { type: 'string', default: '48' },
    iterations: { type: 'string' },
    rounds: { type: 'string', default: '1' },
    image: { type: 'string', default: 'public/examples/valley.png' },
    placements: { type: 'string', default: 'none,head,head+tail' },
    modes: { type: 'string', default: 'before,fused' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results' },
  },
});

function usage(problem: string): never {
  console.error(`error: ${problem}\n\n${USAGE}`);
  process.exit(2);
}

const size = Number(values.size);
const iterations = Number(values.iterations ?? (values.profile ? 1 : 3));
const rounds = values.profile ? 1 : Number(values.rounds);
if (!Number.isInteger(size) || size < 32 || size > 250) usage('--size must be a whole number of pixels, 32–250');
if (!Number.isInteger(iterations) || iterations < 1) usage('--iterations must be a positive whole number');
if (!Number.isInteger(rounds) || rounds < 1) usage('--rounds must be a positive whole number');
const placements = values.placements.split(',') as AttentionPlacement[];
if (!values.profile && !placements.includes('none')) usage('--placements must include none (the ratios are to it)');
const modes = values.modes.split(',') as Mode[];
if (modes.some((m) => !MODES.includes(m))) usage(`--modes takes ${MODES.join(', ')}`);

interface ScaleTimes {
  scale: number;
  shape: readonly [number, number];
  channels: number;
  /** Per iteration, in order: wall ms and process CPU ms. */
  wallMs: number[];
  cpuMs: number[];
  /** Peak tfjs memory within the scale's first iteration (measured under tf.profile; that iteration is not timed). */
  peakBytes?: number;
}

interface Run {
  mode: Mode;
  placement: AttentionPlacement;
  round: number;
  scales: ScaleTimes[];
  /** Mean per iteration over every scale, the first iteration of each scale left out when there are more. */
  wallMsPerIteration: number;
  cpuMsPerIteration: number;
}

const cpuMsNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function setMode(mode: Mode): void {
  installWasmKernels(wasmKernels(undefined, MODE_OPTIONS[mode]));
  if (hasFusedAxialCore(tf) !== (MODE_OPTIONS[mode].fusedAttention !== false))
    throw new Error(`could not switch to ${mode}`);
}

function steadyMean(scales: ScaleTimes[], key: 'wallMs' | 'cpuMs'): number {
  const v = scales.flatMap((s) => (s[key].length > 1 ? s[key].slice(1) : s[key]));
  return v.reduce((a, b) => a + b, 0) / v.length;
}

async function train(image: RgbImage, config: SinganConfig, memory = false): Promise<ScaleTimes[]> {
  const scales: ScaleTimes[] = [];
  let wall = 0;
  let cpu = 0;
  const model = await trainSingan(tf, image, config, {
    onScaleStart: (scale, _n, shape) => {
      scales.push({ scale, shape, channels: channelsAtScale(config, scale), wallMs: [], cpuMs: [] });
      wall = performance.now();
      cpu = cpuMsNow();
    },
    onIteration: () => {
      const [w, c] = [performance.now(), cpuMsNow()];
      scales[scales.length - 1].wallMs.push(w - wall);
      scales[scales.length - 1].cpuMs.push(c - cpu);
      [wall, cpu] = [w, c];
    },
    ...(memory ? { onMemory: (scale: number, bytes: number) => (scales[scale].peakBytes = bytes) } : {}),
  });
  disposeSinganModel(model);
  return scales;
}

/**
 * BatchMatMul split by what calls it: batched products are the attention
 * core's op chain (one matrix per line), 2-D ones the projections (their
 * gradients the transposed ones).
 */
function profileName(kernel: string, args: { inputs: unknown; attrs?: unknown }): string {
  if (kernel !== 'BatchMatMul') return kernel;
  const { a } = args.inputs as { a: { shape: number[] } };
  const { transposeA, transposeB } = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
  const batched = a.shape.length > 2 && a.shape.slice(0, -2).reduce((x, y) => x * y, 1) > 1;
  return `BatchMatMul ${batched ? 'batched' : '2-D'}${transposeA || transposeB ? ' transposed' : ''}`;
}

/**
 * Time by tfjs kernel over one training: every wasm kernel wrapped with a
 * clock for the run (tf.profile overflows the stack on this many kernels).
 * Kernels called from inside another (the fused kernels' transposes) count
 * toward the outer one only.
 */
async function profileKernels(
  image: RgbImage,
  config: SinganConfig,
): Promise<{ name: string; ms: number; calls: number }[]> {
  const by = new Map<string, { ms: number; calls: number }>();
  const configs = tf.getKernelsForBackend('wasm');
  let depth = 0;
  for (const k of configs) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel({
      ...k,
      setupFunc: undefined,
      kernelFunc: (args) => {
        const name = profileName(k.kernelName, args);
        if (depth++ > 0) {
          try {
            return inner(args);
          } finally {
            depth--;
          }
        }
        const t = performance.now();
        try {
          return inner(args);
        } finally {
          depth--;
          const e = by.get(name) ?? { ms: 0, calls: 0 };
          e.ms += performance.now() - t;
          e.calls++;
          by.set(name, e);
        }
      },
    });
  }
  try {
    await train(image, config);
  } finally {
    for (const k of configs) {
      tf.unregisterKernel(k.kernelName, 'wasm');
      tf.registerKernel(k);
    }
  }
  return [...by.entries()].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.ms - a.ms);
}

const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  registerWasmKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  await tf.ready();
  const source = decodeImageFile(values.image);
  const scale = size / Math.max(source.width, source.height);
  const image = resizeAntialiased(
    source,
    Math.max(1, Math.round(source.height * scale)),
    Math.max(1, Math.round(source.width * scale)),
  );
  const configOf = (attention: AttentionPlacement): SinganConfig => ({
    ...configFromPreset('fast', { maxSize: size, iterations }),
    attention,
    previewEvery: 0,
    seed: 1,
  });
  const shapes = singanPyramid(configOf('none'), image.height, image.width).shapes;
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const dir = join(values.out, `attention-cost-${stamp}${values.profile ? '-profile' : ''}`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAtStart: loadavg()[0] };
  const settings = {
    started: started.toISOString(),
    machine,
    engine: 'tfjs wasm in Node, one thread, the studio kernels (src/wasm)',
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    image: basename(values.image),
    imageSize: [image.width, image.height],
    preset: 'fast',
    scales: shapes.map((s, i) => ({ shape: s, channels: channelsAtScale(configOf('none'), i) })),
    iterationsPerScale: iterations,
    rounds,
    placements,
    modes,
  };
  console.log(
    `${image.width}×${image.height} (${settings.image}), scales ${shapes.map(([h, w]) => `${w}×${h}`).join(' ')}, ${iterations} iterations each, ${rounds} round(s)`,
  );
  mkdirSync(dir, { recursive: true });

  if (values.profile) {
    const profiles: {
      mode: Mode;
      placement: AttentionPlacement;
      kernels: { name: string; ms: number; calls: number }[];
    }[] = [];
    for (const mode of modes) {
      setMode(mode);
      for (const placement of placements) {
        const kernels = await profileKernels(image, configOf(placement));
        profiles.push({ mode, placement, kernels });
        const total = kernels.reduce((a, k) => a + k.ms, 0);
        console.log(`${mode} ${placement}: ${total.toFixed(0)} ms in kernels`);
        for (const k of kernels.slice(0, 12))
          console.log(`  ${k.name.padEnd(26)} ${k.ms.toFixed(0).padStart(7)} ms  ${k.calls} calls`);
      }
    }
    setMode('fused');
    writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ ...settings, profiles }, null, 2)}\n`);
    const names = [...new Set(profiles.flatMap((p) => p.kernels.slice(0, 10).map((k) => k.name)))];
    const cell = (p: (typeof profiles)[number], name: string) =>
      fixedOrDash(p.kernels.find((k) => k.name === name)?.ms, 0);
    const md = [
      `# Kernel time by tfjs kernel, SinGAN training on wasm · ${started.toISOString().slice(0, 10)}`,
      '',
      `${settings.image} at ${image.width}×${image.height}, fast preset, ${iterations} iteration(s) per scale, wall ms per tfjs kernel (a kernel called inside another counts toward the outer one).`,
      '',
      `| kernel | ${profiles.map((p) => `${p.mode} ${p.placement}`).join(' | ')} |`,
      `|---|${profiles.map(() => '---:').join('|')}|`,
      ...names.map((n) => `| ${n} | ${profiles.map((p) => cell(p, n)).join(' | ')} |`),
      `| **all** | ${profiles.map((p) => p.kernels.reduce((a, k) => a + k.ms, 0).toFixed(0)).join(' | ')} |`,
      '',
    ];
    writeFileSync(join(dir, 'table.md'), md.join('\n'));
    console.log(`wrote ${dir}`);
    return;
  }

  const runs: Run[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) {
      setMode(mode);
      for (const placement of placements) {
        const scales = await train(image, configOf(placement), iterations > 1);
        const run: Run = {
          mode,
          placement,
          round,
          scales,
          wallMsPerIteration: steadyMean(scales, 'wallMs'),
          cpuMsPerIteration: steadyMean(scales, 'cpuMs'),
        };
        runs.push(run);
        console.log(
          `round ${round + 1} ${mode.padEnd(7)} ${placement.padEnd(9)} ${run.cpuMsPerIteration.toFixed(0).padStart(6)} ms CPU/it  ${run.wallMsPerIteration.toFixed(0).padStart(6)} ms wall/it`,
        );
      }
    }
  }
  setMode('fused');

  const summary = modes.flatMap((mode) =>
    placements.map((placement) => {
      const of = (p: AttentionPlacement) => runs.filter((r) => r.mode === mode && r.placement === p);
      const cpu = median(of(placement).map((r) => r.cpuMsPerIteration));
      const wall = median(of(placement).map((r) => r.wallMsPerIteration));
      const plainCpu = median(of('none').map((r) => r.cpuMsPerIteration));
      const plainWall = median(of('none').map((r) => r.wallMsPerIteration));
      return {
        mode,
        placement,
        cpuMsPerIteration: cpu,
        wallMsPerIteration: wall,
        cpuRatioToPlain: cpu / plainCpu,
        wallRatioToPlain: wall / plainWall,
        /** At the finest scale, MiB. */
        peakTfjsMiB: median(of(placement).map((r) => (r.scales[r.scales.length - 1].peakBytes ?? NaN) / 2 ** 20)),
      };
    }),
  );
  const at = (mode: Mode, placement: AttentionPlacement) =>
    summary.find((x) => x.mode === mode && x.placement === placement);
  // Attention's extra CPU time per iteration (over plain, same mode), before and after.
  const speedups = placements
    .filter((p) => p !== 'none')
    .map((placement) => {
      const extra = (mode: Mode) => {
        const [a, plain] = [at(mode, placement), at(mode, 'none')];
        return a && plain ? a.cpuMsPerIteration - plain.cpuMsPerIteration : null;
      };
      const [before, after] = [extra('before'), extra('fused')];
      return {
        placement,
        extraCpuMsBefore: before,
        extraCpuMsMatmulOnly: extra('matmul'),
        extraCpuMsAfter: after,
        extraShrinksBy: before !== null && after ? before / after : null,
      };
    });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ ...settings, summary, speedups, runs }, null, 2)}\n`);
  const f = fixedOrDash;
  const md = [
    `# Attention's cost in SinGAN training on wasm · ${started.toISOString().slice(0, 10)}`,
    '',
    `${machine.cpus} × ${machine.cpuModel} (load ${machine.loadAtStart.toFixed(2)} at the start); tfjs wasm in Node, one thread. ` +
      `Fast preset's nets on ${settings.image} at ${image.width}×${image.height}: scales ${shapes.map(([h, w], i) => `${w}×${h}·${settings.scales[i].channels}ch`).join(', ')}; ` +
      `${iterations} iterations per scale (3 D + 3 G steps each)${iterations > 1 ? ', the first of each scale left out' : ''}; median of ${rounds} round(s), the runs of a round interleaved.`,
    '',
    "*before*: the kernels before this work (attention core as tfjs ops, tfjs-wasm's BatchMatMul); " +
      "*op chain + BatchMatMul*: the same core on the studio's BatchMatMul; *fused*: the fused attention kernels and the studio's BatchMatMul (the default). " +
      "Peak tfjs MiB: tfjs's live tensors at their peak in the finest scale's first iteration (the fused kernels' scratch, heap outside tfjs's count, is not in it).",
    '',
    '| kernels | attention | ms CPU / iteration | × plain (CPU) | ms wall / iteration | × plain (wall) | peak tfjs MiB, finest scale |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...summary.map(
      (x) =>
        `| ${MODE_LABEL[x.mode]} | ${x.placement} | ${f(x.cpuMsPerIteration, 0)} | ${f(x.cpuRatioToPlain, 2)}× | ${f(x.wallMsPerIteration, 0)} | ${f(x.wallRatioToPlain, 2)}× | ${f(x.peakTfjsMiB, 0)} |`,
    ),
    '',
    '| attention | extra CPU ms / iteration, before | op chain + BatchMatMul | fused | before ÷ fused |',
    '|---|---:|---:|---:|---:|',
    ...speedups.map(
      (x) =>
        `| ${x.placement} | ${f(x.extraCpuMsBefore, 0)} | ${f(x.extraCpuMsMatmulOnly, 0)} | ${f(x.extraCpuMsAfter, 0)} | ${x.extraShrinksBy === null ? '–' : `${f(x.extraShrinksBy, 2)}×`} |`,
    ),
    '',
    `Command: \`npm run bench:attention-cost${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
    '',
  ];
  writeFileSync(join(dir, 'table.md'), md.join('\n'));
  console.log(md.join('\n'));
  console.log(`wrote ${dir}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
