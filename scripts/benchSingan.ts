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
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { validateSinganConfig, type SinganConfig } from '../src/engine/singan/singanConfig';
import type { AutomationEvent } from '../src/automation/automation';
import type { HarnessWindow } from '../src/harness/harness';
import { BACKEND_CHOICES, isBackendChoice, type BackendChoice } from '../src/protocol/messages';
import { writePng } from './cli/imageIo';
import { startHeadlessStudio, type HeadlessStudio } from './lib/headlessStudio';
import { runHarness } from './lib/harness';
import { formatSize } from '../src/engine/image/formatSize';
import {
  configFor,
  PLACEMENTS,
  SINGAN_BENCH_USAGE,
  singanBenchOptions,
  type Placement,
  type SinganBenchOptions,
} from './benchSinganOptions';
import {
  fmt,
  mib,
  writeSinganResults,
  type KernelResult,
  type KernelRow,
  type ScaleRow,
  type TrainRow,
} from './benchSinganReport';

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

async function kernelBench(studio: HeadlessStudio, o: SinganBenchOptions): Promise<KernelResult> {
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
  let kernel: KernelResult | null = null;
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
