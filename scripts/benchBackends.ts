/**
 * SinGAN training speed per compute backend, in one run on one machine:
 * WebAssembly (tfjs-wasm, XNNPACK SIMD, with the studio's convolution
 * gradients; `wasm` with the studio's automatic thread count, one per
 * physical core, and `wasm-threads` on every logical core, ?threads=N),
 * WebGPU (whatever adapter Chromium has: SwiftShader on a GPU-less
 * machine) and tfjs's plain-JS CPU backend. One scale per size, the paper's
 * 5-layer nets at 32 channels and 3+3 steps per iteration, so the ratios are
 * those of the real training step.
 *
 *   npm run bench -- --suite backends [--backend-sizes 32,64] [--backend-iterations 4] [--backends wasm,wasm-threads,webgpu,cpu]
 *                                     [--backend-gpnn-height 64] [--backend-gpnn-iterations 2]
 *
 * and, first, one exact GPNN sample per backend (GEMM search on wasm, WGSL on WebGPU, blocked float64 in JS).
 *
 * Writes bench/results/backends-<date>.json and .md.
 */
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GPNN } from '../src/engine/gpnn/gpnnParams';
import { configFromPreset } from '../src/engine/singan/configFromPreset';
import { MAX_WASM_THREADS, type BackendInfo } from '../src/protocol/messages';
import { type BackendKind } from '../src/protocol/facts';
import { startHeadlessStudio } from './lib/headlessStudio';
import { formatSize } from '../src/engine/image/formatSize';

/** A column of the table: a backend, or wasm on every logical core. */
export type BenchBackend = BackendKind | 'wasm-threads';
export const BENCH_BACKENDS: readonly BenchBackend[] = ['wasm', 'wasm-threads', 'webgpu', 'cpu'];

export interface BackendBenchOptions {
  readonly dataDir: string;
  readonly sizes: readonly number[];
  readonly iterations: number;
  readonly backends: readonly BenchBackend[];
  /** GPNN: one exact sample at this working height (0: skip), with this many iterations per scale. */
  readonly gpnnHeight: number;
  readonly gpnnIterations: number;
  readonly outDir: string;
  readonly log: (line: string) => void;
}

interface GpnnRow {
  backend: BenchBackend;
  height: number;
  width: number;
  iterations: number;
  ms: number;
}

interface Row {
  backend: BenchBackend;
  adapter: string;
  size: number;
  height: number;
  width: number;
  iterations: number;
  /** From the progress reports after the first iteration (the first is profiled for memory and compiles shaders). */
  steadyIterationsPerSecond: number | null;
  wallMs: number;
}

export async function runBackendBench(o: BackendBenchOptions): Promise<{ json: string; md: string }> {
  const started = new Date();
  const image = readdirSync(o.dataDir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort((a, b) => parseInt(a) - parseInt(b))[0];
  if (!image) throw new Error(`no images in ${o.dataDir}`);
  const bytes = new Uint8Array(readFileSync(join(o.dataDir, image)));
  const rows: Row[] = [];
  const gpnnRows: GpnnRow[] = [];
  const infos: Partial<Record<BenchBackend, BackendInfo>> = {};
  for (const backend of o.backends) {
    const allCores = backend === 'wasm-threads';
    const kind: BackendKind = allCores ? 'wasm' : backend;
    const wasmThreads = allCores ? Math.min(MAX_WASM_THREADS, Math.max(2, cpus().length)) : undefined;
    const studio = await startHeadlessStudio({ backend: kind, wasmThreads, log: o.log });
    try {
      infos[backend] = studio.backend;
      if (studio.backend.kind !== kind)
        throw new Error(`asked for ${kind}, got ${studio.backend.kind}: ${studio.backend.fallbackReason}`);
      if (wasmThreads && studio.backend.threads !== wasmThreads)
        throw new Error(
          `asked for ${wasmThreads} threads, got ${studio.backend.threads}: ${studio.backend.fallbackReason}`,
        );
      if (o.gpnnHeight > 0) {
        // The working image at that height (the longer side scaled along), as the CLI's --height does.
        const loaded = await studio.load('source', bytes, image, 4096);
        const side = Math.round(
          (o.gpnnHeight * Math.max(loaded.working.height, loaded.working.width)) / loaded.working.height,
        );
        const small = await studio.load('source', bytes, image, side);
        const params = { ...DEFAULT_GPNN, nn: 'exact' as const, iterations: o.gpnnIterations };
        const r = await studio.run({ kind: 'gpnn', task: { kind: 'sample', seeds: [1] }, params, sifid: false });
        gpnnRows.push({
          backend,
          height: small.working.height,
          width: small.working.width,
          iterations: o.gpnnIterations,
          ms: r.elapsedMs,
        });
        o.log(
          `  ${backend} GPNN exact sample ${formatSize(small.working.width, small.working.height)}, T = ${o.gpnnIterations}: ${(r.elapsedMs / 1000).toFixed(1)} s`,
        );
      }
      const source = await studio.load('source', bytes, image, 256);
      const aspect =
        Math.min(source.working.height, source.working.width) / Math.max(source.working.height, source.working.width);
      for (const size of o.sizes) {
        // One scale: the longer side at `size`, the smallest scale at the shorter side it gives.
        const config = configFromPreset('paper', {
          maxSize: size,
          minSize: Math.floor(size * aspect),
          iterations: o.iterations,
          channels: 32,
          steps: 3,
          previewEvery: 0,
          seed: 1,
        });
        const ticks: number[] = [];
        const stop = studio.onEvent((e) => {
          if (e.type === 'progress' && /iteration \d+\//.test(e.stage)) ticks.push(performance.now());
        });
        const modelId = `bench-backend-${backend}-${size}`;
        let r;
        try {
          r = await studio.run({ kind: 'singan-train', config, modelId, name: modelId, sifid: false });
        } finally {
          stop();
        }
        await studio.models({ kind: 'delete', modelId });
        const scale = r.scales.find((s) => s.output === 0)!;
        // Ticks after the first report: each is one more finished iteration.
        const steady = ticks.length >= 3 ? ((ticks.length - 2) * 1000) / (ticks.at(-1)! - ticks[1]) : null;
        const row: Row = {
          backend,
          adapter: studio.backend.adapter,
          size,
          height: scale.height,
          width: scale.width,
          iterations: o.iterations,
          steadyIterationsPerSecond: steady,
          wallMs: r.elapsedMs,
        };
        o.log(
          `  ${backend} ${formatSize(row.width, row.height)}: ${steady?.toFixed(3) ?? '–'} it/s steady, ${(r.elapsedMs / 1000).toFixed(1)} s in all`,
        );
        rows.push(row);
      }
    } finally {
      await studio.close();
    }
  }
  const rate = (b: BenchBackend, size: number) =>
    rows.find((r) => r.backend === b && r.size === size)?.steadyIterationsPerSecond ?? null;
  const ratios = o.sizes.map((size) => {
    const wasm = rate('wasm', size);
    const of = (b: BenchBackend) => {
      const v = rate(b, size);
      return wasm !== null && v ? wasm / v : null;
    };
    return { size, wasmOverWebgpu: of('webgpu'), wasmOverCpu: of('cpu'), wasmOverAllCores: of('wasm-threads') };
  });
  mkdirSync(o.outDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const json = join(o.outDir, `backends-${stamp}.json`);
  const md = join(o.outDir, `backends-${stamp}.md`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAtStart: loadavg()[0] };
  const gpnnMs = (b: BenchBackend) => gpnnRows.find((r) => r.backend === b)?.ms ?? null;
  const overWasm = (b: BenchBackend) => (gpnnMs(b) && gpnnMs('wasm') ? gpnnMs(b)! / gpnnMs('wasm')! : null);
  const gpnnRatios = {
    webgpuOverWasm: overWasm('webgpu'),
    cpuOverWasm: overWasm('cpu'),
    allCoresOverWasm: overWasm('wasm-threads'),
  };
  writeFileSync(
    json,
    `${JSON.stringify({ started: started.toISOString(), machine, image, backends: infos, rows, ratios, gpnn: gpnnRows, gpnnRatios }, null, 2)}\n`,
  );
  const f = (v: number | null, d = 3) => (v === null ? '–' : v.toFixed(d));
  const lines = [
    `# SinGAN training speed by backend · ${started.toISOString().slice(0, 10)}`,
    '',
    `${machine.cpus} × ${machine.cpuModel}; one scale of the paper's nets (5 layers, 32 channels, 3 D + 3 G steps per iteration) on ${image}, ${o.iterations} iterations; steady rate after the first iteration.`,
    '',
    '| backend | adapter | size | it/s |',
    '|---|---|---|---|',
    ...rows.map(
      (r) => `| ${r.backend} | ${r.adapter} | ${formatSize(r.width, r.height)} | ${f(r.steadyIterationsPerSecond)} |`,
    ),
    '',
    `wasm: ${infos.wasm?.adapter ?? '–'}; wasm-threads: ${infos['wasm-threads']?.adapter ?? '–'}.`,
    '',
    '| size | wasm ÷ WebGPU | wasm ÷ plain JS | wasm ÷ wasm on every core |',
    '|---|---|---|---|',
    ...ratios.map(
      (r) => `| ${r.size} | ${f(r.wasmOverWebgpu, 1)}× | ${f(r.wasmOverCpu, 1)}× | ${f(r.wasmOverAllCores, 2)}× |`,
    ),
    '',
    ...(gpnnRows.length
      ? [
          `GPNN, one exact sample (the paper's settings, T = ${o.gpnnIterations}); on wasm the search is the GEMM one, on plain JS the blocked float64 one, on WebGPU the WGSL kernel:`,
          '',
          '| backend | size | s |',
          '|---|---|---|',
          ...gpnnRows.map((r) => `| ${r.backend} | ${formatSize(r.width, r.height)} | ${f(r.ms / 1000, 1)} |`),
          '',
          `WebGPU ÷ wasm time: ${f(gpnnRatios.webgpuOverWasm, 1)}×; plain JS ÷ wasm: ${f(gpnnRatios.cpuOverWasm, 1)}×; every core ÷ automatic: ${f(gpnnRatios.allCoresOverWasm, 2)}×.`,
          '',
        ]
      : []),
  ];
  writeFileSync(md, lines.join('\n'));
  return { json, md };
}
