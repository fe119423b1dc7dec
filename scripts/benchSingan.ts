/**
 * SinGAN benchmarks through the studio's worker in headless Chromium:
 *  - training throughput: iterations/s per scale on one Places50 image;
 *  - attention placements side by side (none, head, body, tail, head+tail,
 *    head+FF) on a few Places50 images: SIFID real–fake, real–rec, rec–fake
 *    at the finest scale, wall time, tfjs and GPU-buffer peaks;
 *  - the axial-attention core: WGSL kernel vs the same attention in tfjs ops
 *    on the same device (harness kernel 'bench-axial-attention').
 * Writes bench/results/singan-<date>.json and .md. `npm run bench` calls
 * runSinganBench; alone:
 *
 *   npx tsx scripts/benchSingan.ts [--images 2] [--iterations 10] [--suite singan,attention]
 *   npx tsx scripts/benchSingan.ts --preset paper --images 50   # the paper's settings, for a real GPU
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { configFromPreset } from '../src/engine/singan/configFromPreset';
import {
  ATTENTION_PLACEMENTS,
  validateSinganConfig,
  type AttentionPlacement,
  type SinganConfig,
} from '../src/engine/singan/singanConfig';
import type { AutomationEvent } from '../src/automation/automation';
import type { HarnessWindow } from '../src/harness/harness';
import { BACKEND_CHOICES, isBackendChoice, type BackendChoice } from '../src/protocol/messages';
import { writePng } from './cli/imageIo';
import { startHeadlessStudio, type HeadlessStudio } from './lib/headlessStudio';
import { meanOfFinite, fixedOrDash } from './lib/benchStats';
import { runHarness } from './lib/harness';
import { formatSize } from '../src/engine/image/formatSize';

export type SinganSuite = 'singan' | 'attention';

/** A placement as benchmarked: where attention sits, and whether a feed-forward block follows it. */
interface Placement {
  readonly label: string;
  readonly attention: AttentionPlacement;
  readonly feedForward: boolean;
}

const PLACEMENTS: readonly Placement[] = [
  ...ATTENTION_PLACEMENTS.map((attention) => ({ label: attention, attention, feedForward: false })),
  { label: 'head+ff', attention: 'head', feedForward: true },
];

/**
 * The default is a reduced preset that finishes on an emulated GPU
 * (SwiftShader): 48 px (four scales on Places50), 8 channels, 10 iterations
 * of one D and one G step per scale. SwiftShader is bound by dispatches, not
 * pixels: an iteration takes 1–4 s at these sizes and 3–5× that with
 * attention, so 30 iterations × 6 placements × 2 images would take hours.
 * `paper` is the public code's settings (250 px, 32 channels, 2000
 * iterations of 3 + 3 steps), for a real GPU.
 */
const PRESETS = {
  reduced: { maxSize: 48, minSize: 25, channels: 8, iterations: 10, steps: 1 },
  fast: { maxSize: 128, minSize: 25, channels: 32, iterations: 300, steps: 3 },
  paper: { maxSize: 250, minSize: 25, channels: 32, iterations: 2000, steps: 3 },
} as const;
type PresetName = keyof typeof PRESETS;

export interface SinganBenchOptions {
  readonly suites: readonly SinganSuite[];
  /** Folder of Places50 (read in place, never copied). */
  readonly dataDir: string;
  readonly images: number;
  /** Particular Places50 files instead of the first `images` (e.g. to train two images in two processes). */
  readonly names: readonly string[] | null;
  readonly preset: PresetName;
  readonly maxSize: number;
  readonly minSize: number;
  readonly channels: number;
  readonly iterations: number;
  readonly steps: number;
  readonly placements: readonly string[];
  /** Attention-core problem sizes, [height, width, channels]. */
  readonly kernelSizes: readonly (readonly [number, number, number])[];
  readonly kernelRepeats: number;
  readonly outDir: string;
  readonly log: (line: string) => void;
}

export const SINGAN_BENCH_USAGE = `SinGAN benchmark options (npx tsx scripts/benchSingan.ts; under npm run bench, --images and --iterations are --singan-images and --singan-iterations)
  --suite singan,attention   parts to run (default both): SinGAN training (throughput and placements), the attention-core kernel
  --data DIR                 Places50 folder (default ../shared/data/places50)
  --images N                 images for the placement study (default 2); throughput uses the first
  --names LIST               these files of the folder instead (e.g. 2.jpg,3.jpg; under npm run bench, --singan-names)
  --preset reduced|fast|paper   sizes and iterations (default reduced: 48 px, 25 px, 8 channels, 10 iterations, 1 step)
  --max-size N --min-size N --channels N --iterations N --steps N   override the preset
  --placements LIST          of ${PLACEMENTS.map((p) => p.label).join(',')} (default all)
  --kernel-sizes LIST        attention-core sizes HxWxC (default 32x32x32,64x64x32,48x64x64); --kernel-repeats R (default 3)
  --out DIR                  where to write singan-<date>.json and .md (default bench/results)`;

export const SINGAN_BENCH_DEFAULTS = {
  dataDir: '../shared/data/places50',
  images: 2,
  kernelSizes: [
    [32, 32, 32],
    [64, 64, 32],
    [48, 64, 64],
  ] as [number, number, number][],
  kernelRepeats: 3,
  outDir: 'bench/results',
};

/** Options from flags (the standalone names); bad ones throw with a message for the usage line. */
export function singanBenchOptions(
  flags: Record<string, string | undefined>,
  log: (line: string) => void,
): SinganBenchOptions {
  const int = (name: string, fallback: number, min = 1) => {
    const v = flags[name];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${v}"`);
    return n;
  };
  const preset = (flags.preset ?? 'reduced') as PresetName;
  if (!(preset in PRESETS)) throw new Error(`--preset must be ${Object.keys(PRESETS).join(', ')}, got "${preset}"`);
  const base = PRESETS[preset];
  const suites = (flags.suite ?? 'singan,attention').split(',').filter(Boolean);
  for (const s of suites)
    if (s !== 'singan' && s !== 'attention') throw new Error(`--suite takes singan and attention, got "${s}"`);
  const placements = flags.placements ? flags.placements.split(',') : PLACEMENTS.map((p) => p.label);
  for (const p of placements)
    if (!PLACEMENTS.some((q) => q.label === p))
      throw new Error(`unknown placement "${p}" (${PLACEMENTS.map((q) => q.label).join(', ')})`);
  const kernelSizes = flags['kernel-sizes']
    ? flags['kernel-sizes'].split(',').map((s) => {
        const dims = s.split('x').map(Number);
        if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d >= 1))
          throw new Error(`--kernel-sizes takes HxWxC,…; got "${s}"`);
        return dims as [number, number, number];
      })
    : SINGAN_BENCH_DEFAULTS.kernelSizes;
  return {
    suites: suites as SinganSuite[],
    dataDir: flags.data ?? SINGAN_BENCH_DEFAULTS.dataDir,
    images: int('images', SINGAN_BENCH_DEFAULTS.images),
    names: flags.names ? flags.names.split(',').filter(Boolean) : null,
    preset,
    maxSize: int('max-size', base.maxSize),
    minSize: int('min-size', base.minSize),
    channels: int('channels', base.channels),
    iterations: int('iterations', base.iterations),
    steps: int('steps', base.steps),
    placements,
    kernelSizes,
    kernelRepeats: int('kernel-repeats', SINGAN_BENCH_DEFAULTS.kernelRepeats),
    outDir: flags.out ?? SINGAN_BENCH_DEFAULTS.outDir,
    log,
  };
}

/**
 * Every size is the bench preset's, on the engine's paper preset, through the
 * same rule as the CLI and the page (the learning-rate drop at the preset's
 * share of the iterations).
 */
function configFor(o: SinganBenchOptions, p: Placement): SinganConfig {
  return configFromPreset('paper', {
    maxSize: o.maxSize,
    minSize: o.minSize,
    iterations: o.iterations,
    channels: o.channels,
    steps: o.steps,
    attention: p.attention,
    feedForward: p.feedForward,
    // Previews are for the studio's live view; they would only add time here.
    previewEvery: 0,
    seed: 1,
  });
}

interface ScaleRow {
  scale: number;
  height: number;
  width: number;
  ms: number | null;
  /** From the scale's time, which includes its first iteration, run under tf.profile for the memory peak. */
  iterationsPerSecond: number | null;
  /** From the progress reports after the first iteration (timed in Node): the rate without the profiled one. */
  steadyIterationsPerSecond: number | null;
}

interface TrainRow {
  image: string;
  placement: string;
  config: SinganConfig;
  scales: ScaleRow[];
  sifid: number | null;
  sifidRec: number | null;
  sifidRecFake: number | null;
  wallMs: number;
  tfPeakBytes: number | null;
  gpuPeakBytes: number | null;
}

/** Trains one model and measures it; the model is deleted from the (headless) store afterwards. */
async function train(
  studio: HeadlessStudio,
  image: string,
  p: Placement,
  config: SinganConfig,
  log: (s: string) => void,
  pngDir: string,
): Promise<TrainRow> {
  // Node-side times of the progress reports, "Scale s/S · … · iteration k/N", per scale.
  const ticks = new Map<number, { k: number; t: number }[]>();
  const stop = studio.onEvent((e: AutomationEvent) => {
    if (e.type !== 'progress') return;
    const m = /^Scale (\d+)\/\d+ .* iteration (\d+)\//.exec(e.stage);
    if (!m) return;
    const scale = Number(m[1]) - 1;
    const k = Number(m[2]);
    if (k >= 1) ticks.set(scale, [...(ticks.get(scale) ?? []), { k, t: performance.now() }]);
  });
  const modelId = `bench-${image}-${p.label}`;
  let r;
  try {
    r = await studio.run({ kind: 'singan-train', config, modelId, name: modelId, sifid: true });
  } finally {
    stop();
  }
  await studio.models({ kind: 'delete', modelId });
  // The finished model's random sample and reconstruction, to look at beside the source.
  mkdirSync(pngDir, { recursive: true });
  for (const o of r.outputs) {
    const file = join(
      pngDir,
      `${image.replace(/\.[^.]+$/, '')}-${p.label}-${o.output}-${o.label
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}.png`,
    );
    writePng(file, o.height, o.width, Buffer.from(o.rgba, 'base64'));
  }
  const mine = r.scales.filter((s) => s.output === 0);
  const scales: ScaleRow[] = mine
    .map((s) => {
      const scale = mine.length - 1 - s.level;
      const t = ticks.get(scale) ?? [];
      const first = t[0];
      const last = t.at(-1);
      const steady = first && last && last.k > first.k ? ((last.k - first.k) * 1000) / (last.t - first.t) : null;
      return {
        scale,
        height: s.height,
        width: s.width,
        ms: s.ms,
        iterationsPerSecond: s.ms ? (config.iterations * 1000) / s.ms : null,
        steadyIterationsPerSecond: steady,
      };
    })
    .sort((a, b) => a.scale - b.scale);
  const finest = scales.length - 1;
  const metric = (name: string) => r.metrics.find((m) => m.level === finest && m.name === name)?.value ?? null;
  const row: TrainRow = {
    image,
    placement: p.label,
    config,
    scales,
    sifid: metric('sifid'),
    sifidRec: metric('sifid-rec'),
    sifidRecFake: metric('sifid-rec-fake'),
    wallMs: r.elapsedMs,
    tfPeakBytes: r.stats.tfPeakBytes,
    gpuPeakBytes: r.stats.gpuPeakBytes,
  };
  log(
    `  ${image} ${p.label}: ${(row.wallMs / 1000).toFixed(1)} s, SIFID ${fmt(row.sifid)} / rec ${fmt(row.sifidRec)} / rec–fake ${fmt(row.sifidRecFake)}, ` +
      `tfjs peak ${mib(row.tfPeakBytes)} MiB, it/s ${scales.map((s) => fmt(s.iterationsPerSecond, 2)).join(' ')}`,
  );
  return row;
}

const fmt = (v: number | null | undefined, digits = 4) => fixedOrDash(v, digits);
const mib = (b: number | null) => (b === null ? '–' : (b / 2 ** 20).toFixed(2));

interface KernelRow {
  height: number;
  width: number;
  channels: number;
  axis: string;
  wgslMs: number;
  opsMs: number;
  speedup: number;
  maxAbsDiff: number;
  opsScoreBytes: number;
}

async function kernelBench(
  studio: HeadlessStudio,
  o: SinganBenchOptions,
): Promise<{ adapter: unknown; rows: KernelRow[] }> {
  const page = await studio.openPage('harness.html');
  try {
    const adapter = await page.evaluate(() => (globalThis as HarnessWindow).__harness.ready);
    const rows: KernelRow[] = [];
    for (const [height, width, channels] of o.kernelSizes) {
      for (const axis of ['rows', 'cols'] as const) {
        const r = await runHarness<KernelRow>(page, 'bench-axial-attention', {
          height,
          width,
          channels,
          axis,
          repeats: o.kernelRepeats,
          seed: 1,
        });
        o.log(
          `  ${formatSize(width, height)}×${channels} ${axis}: WGSL ${r.wgslMs.toFixed(2)} ms, tfjs ops ${r.opsMs.toFixed(2)} ms → ${r.speedup.toFixed(2)}× (max |Δ| ${r.maxAbsDiff.toExponential(1)})`,
        );
        rows.push({
          height,
          width,
          channels,
          axis,
          wgslMs: r.wgslMs,
          opsMs: r.opsMs,
          speedup: r.speedup,
          maxAbsDiff: r.maxAbsDiff,
          opsScoreBytes: r.opsScoreBytes,
        });
      }
    }
    return { adapter, rows };
  } finally {
    await page.close();
  }
}

function placesImages(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
}

/** Runs the chosen parts on a started studio and writes the JSON and markdown; returns their paths. */
export async function runSinganBench(
  studio: HeadlessStudio,
  o: SinganBenchOptions,
): Promise<{ json: string; md: string }> {
  const started = new Date();
  const loadAtStart = loadavg()[0];
  const pngDir = join(o.outDir, `singan-${started.toISOString().slice(0, 19).replace(/[:T]/g, '-')}-samples`);
  const placements = PLACEMENTS.filter((p) => o.placements.includes(p.label));
  const training: TrainRow[] = [];
  let imagesUsed: string[] = [];
  if (o.suites.includes('singan')) {
    const all = placesImages(o.dataDir);
    for (const name of o.names ?? [])
      if (!all.includes(name)) throw new Error(`--names: no image ${name} in ${o.dataDir}`);
    imagesUsed = o.names ? [...o.names] : all.slice(0, o.images);
    if (imagesUsed.length === 0) throw new Error(`no images in ${o.dataDir}`);
    o.log(
      `SinGAN training (${o.preset}: ${o.maxSize} px, min ${o.minSize}, ${o.channels} channels, ${o.iterations} iterations × ${o.steps}+${o.steps} steps) on ${imagesUsed.join(', ')}…`,
    );
    for (const image of imagesUsed) {
      const bytes = new Uint8Array(readFileSync(join(o.dataDir, image)));
      // The studio's default working size (256), as the CLI: SinGAN's own pyramid shrinks it to maxSize.
      const loaded = await studio.load('source', bytes, image, Math.max(o.maxSize, 256));
      for (const p of placements) {
        const config = configFor(o, p);
        const problem = validateSinganConfig(config, loaded.working);
        if (problem) throw new Error(`${image} ${p.label}: ${problem}`);
        training.push(await train(studio, image, p, config, o.log, pngDir));
        // Written after every model, so a run cut short (a session's end, a
        // crash) still leaves its finished rows as JSON and markdown.
        writeSinganResults(studio, o, {
          started,
          loadAtStart,
          placements,
          imagesUsed,
          training,
          kernel: null,
          complete: false,
        });
      }
    }
  }
  let kernel: Awaited<ReturnType<typeof kernelBench>> | null = null;
  if (o.suites.includes('attention')) {
    o.log('Axial attention core: WGSL vs tfjs ops…');
    kernel = await kernelBench(studio, o);
  }
  return writeSinganResults(studio, o, {
    started,
    loadAtStart,
    placements,
    imagesUsed,
    training,
    kernel,
    complete: true,
  });
}

interface SinganRunSoFar {
  readonly started: Date;
  readonly loadAtStart: number;
  readonly placements: readonly Placement[];
  readonly imagesUsed: readonly string[];
  readonly training: readonly TrainRow[];
  readonly kernel: Awaited<ReturnType<typeof kernelBench>> | null;
  /** False while models are still to train: the files say the table is partial. */
  readonly complete: boolean;
}

/** Writes (or rewrites) the run's JSON and markdown from what has finished so far. */
function writeSinganResults(
  studio: HeadlessStudio,
  o: SinganBenchOptions,
  run: SinganRunSoFar,
): { json: string; md: string } {
  const { started, loadAtStart, placements, imagesUsed, training, kernel, complete } = run;

  const first = imagesUsed[0];
  const trainedImages = new Set(training.map((r) => r.image)).size;
  const throughput = training
    .filter((r) => r.image === first)
    .map((r) => ({ placement: r.placement, scales: r.scales }));
  const summary = placements
    .map((p) => {
      const rows = training.filter((r) => r.placement === p.label);
      return {
        placement: p.label,
        images: rows.length,
        sifid: meanOfFinite(rows.map((r) => r.sifid)),
        sifidRec: meanOfFinite(rows.map((r) => r.sifidRec)),
        sifidRecFake: meanOfFinite(rows.map((r) => r.sifidRecFake)),
        wallMs: meanOfFinite(rows.map((r) => r.wallMs)),
        tfPeakBytes: rows.length ? Math.max(...rows.map((r) => r.tfPeakBytes ?? 0)) : null,
        gpuPeakBytes: rows.length ? Math.max(...rows.map((r) => r.gpuPeakBytes ?? 0)) : null,
      };
    })
    .filter((s) => s.images > 0);
  const reduced =
    o.preset !== 'paper' ||
    o.maxSize !== PRESETS.paper.maxSize ||
    o.iterations !== PRESETS.paper.iterations ||
    o.channels !== PRESETS.paper.channels ||
    o.steps !== PRESETS.paper.steps;
  const settings = {
    preset: o.preset,
    reduced,
    maxSize: o.maxSize,
    minSize: o.minSize,
    channels: o.channels,
    iterations: o.iterations,
    dSteps: o.steps,
    gSteps: o.steps,
  };
  const notes = [
    reduced
      ? `Reduced settings (${o.maxSize} px, ${o.channels} channels, ${o.iterations} iterations of ${o.steps} D + ${o.steps} G steps per scale), not the paper's (250 px, 32 channels, 2000 iterations of 3 + 3): ` +
        'sized to finish on an emulated GPU. SIFIDs of so short a training say which placements train faster, not where they end up. ' +
        'The paper preset on a real GPU: npx tsx scripts/benchSingan.ts --preset paper --images 50 (or npm run bench -- --suite singan --preset paper --singan-images 50).'
      : "The paper's settings (public SinGAN code).",
    'SIFID at the finest scale: real vs sample (seed 1), real vs reconstruction, reconstruction vs sample; InceptionV3 stem from the nsfwjs weights (see README): compare rows, not with printed numbers.',
    'Iterations/s: from each scale\'s training time ("it/s"), whose first iteration runs under tf.profile for the memory peak, and from progress reports after it ("steady", timed in Node).',
    "tfjs peak: largest total of live tensor bytes (all of them, the SIFID stem's weights included once loaded) within the first iteration of any scale (tf.profile). " +
      "GPU buffer peak: the engine's own WGSL buffers (GpuBuffers, e.g. SIFID's); SinGAN's weights and activations are tfjs tensors, so it stays near zero.",
    `Host: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadAtStart.toFixed(1)} at the start; times on an emulated GPU rise with any other load on the machine.`,
    ...(complete
      ? []
      : [
          `Partial: ${training.length} of ${imagesUsed.length * placements.length} models trained so far (rewritten after each one).`,
        ]),
    ...(kernel
      ? [
          'Attention core: median wall time around a read-back of one forward pass, WGSL (online softmax, no score matrix) vs the same attention in tfjs ops (materialises H·W·L scores); the same device, the same inputs.',
        ]
      : []),
  ];
  const result = {
    benchmark: 'singan',
    date: started.toISOString(),
    complete,
    backend: studio.backend,
    host: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg()[0],
    },
    settings,
    images: imagesUsed,
    notes,
    throughput: first ? { image: first, runs: throughput } : null,
    placements: { summary, perImage: training },
    attentionKernel: kernel,
  };

  mkdirSync(o.outDir, { recursive: true });
  const base = join(o.outDir, `singan-${started.toISOString().slice(0, 19).replace(/[:T]/g, '-')}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  const md: string[] = [
    `# SinGAN · ${started.toISOString().slice(0, 10)}`,
    '',
    `Backend: ${studio.backend.kind} (${studio.backend.adapter}).`,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  if (first) {
    const byScale = throughput[0]?.scales ?? [];
    md.push(
      `## Training throughput (${first}, iterations/s per scale; steady rate in brackets)`,
      '',
      `| scale | size | ${throughput.map((t) => t.placement).join(' | ')} |`,
      `| --- | --- |${throughput.map(() => ' --- |').join('')}`,
      ...byScale.map(
        (s, i) =>
          `| ${s.scale} | ${formatSize(s.width, s.height)} | ${throughput.map((t) => `${fmt(t.scales[i]?.iterationsPerSecond, 2)} (${fmt(t.scales[i]?.steadyIterationsPerSecond, 2)})`).join(' | ')} |`,
      ),
      '',
      `## Attention placements (mean over ${trainedImages} image${trainedImages === 1 ? '' : 's'}, finest scale)`,
      '',
      '| placement | SIFID real–fake ↓ | SIFID real–rec ↓ | SIFID rec–fake | wall s | tfjs peak MiB | GPU buffer peak MiB |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...summary.map(
        (s) =>
          `| ${s.placement} | ${fmt(s.sifid)} | ${fmt(s.sifidRec)} | ${fmt(s.sifidRecFake)} | ${fmt(s.wallMs === null ? null : s.wallMs / 1000, 1)} | ${mib(s.tfPeakBytes)} | ${mib(s.gpuPeakBytes)} |`,
      ),
      '',
      '| image | placement | SIFID real–fake | real–rec | rec–fake | wall s |',
      '| --- | --- | --- | --- | --- | --- |',
      ...training.map(
        (r) =>
          `| ${r.image} | ${r.placement} | ${fmt(r.sifid)} | ${fmt(r.sifidRec)} | ${fmt(r.sifidRecFake)} | ${(r.wallMs / 1000).toFixed(1)} |`,
      ),
      '',
    );
  }
  if (kernel) {
    md.push(
      '## Axial attention core: WGSL vs tfjs ops',
      '',
      '| W×H×C | axis | WGSL ms | tfjs ops ms | speedup | max abs diff | ops score matrix |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...kernel.rows.map(
        (k) =>
          `| ${formatSize(k.width, k.height)}×${k.channels} | ${k.axis} | ${k.wgslMs.toFixed(2)} | ${k.opsMs.toFixed(2)} | ${k.speedup.toFixed(2)}× | ${k.maxAbsDiff.toExponential(1)} | ${(k.opsScoreBytes / 2 ** 20).toFixed(2)} MiB |`,
      ),
      '',
    );
  }
  writeFileSync(`${base}.md`, md.join('\n'));
  return { json: resolve(`${base}.json`), md: resolve(`${base}.md`) };
}

async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  let options: SinganBenchOptions;
  let backend: BackendChoice = 'webgpu';
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: Object.fromEntries(
        [
          'suite',
          'data',
          'images',
          'names',
          'preset',
          'max-size',
          'min-size',
          'channels',
          'iterations',
          'steps',
          'placements',
          'kernel-sizes',
          'kernel-repeats',
          'out',
          'backend',
        ].map((k) => [k, { type: 'string' as const }]),
      ),
    });
    options = singanBenchOptions(values, log);
    if (values.backend !== undefined && !isBackendChoice(values.backend))
      throw new Error(`--backend must be one of ${BACKEND_CHOICES.join(', ')}`);
    backend = values.backend ?? 'webgpu';
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}\n${SINGAN_BENCH_USAGE}`);
    process.exit(2);
  }
  const studio = await startHeadlessStudio({ log, backend });
  try {
    const written = await runSinganBench(studio, options);
    console.log(readFileSync(written.md, 'utf8'));
    console.log(`wrote ${written.json} and .md`);
  } finally {
    await studio.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
