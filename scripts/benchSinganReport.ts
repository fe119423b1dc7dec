import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { SinganConfig } from '../src/engine/singan/singanConfig';
import { formatSize } from '../src/engine/image/formatSize';
import { PRESETS, type Placement, type SinganBenchOptions } from './benchSinganOptions';
import { fixedOrDash, meanOfFinite } from './lib/benchStats';
import type { HeadlessStudio } from './lib/headlessStudio';

/** What the SinGAN benchmark measures (scripts/benchSingan.ts), and its JSON and markdown. */

export interface ScaleRow {
  scale: number;
  height: number;
  width: number;
  ms: number | null;
  /** From the scale's time, which includes its first iteration, run under tf.profile for the memory peak. */
  iterationsPerSecond: number | null;
  /** From the progress reports after the first iteration (timed in Node): the rate without the profiled one. */
  steadyIterationsPerSecond: number | null;
}

export interface TrainRow {
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

export interface KernelRow {
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

/** The attention-core benchmark: the harness's adapter and one row per size and axis. */
export interface KernelResult {
  adapter: unknown;
  rows: KernelRow[];
}

export const fmt = (v: number | null | undefined, digits = 4) => fixedOrDash(v, digits);
export const mib = (b: number | null) => (b === null ? '–' : (b / 2 ** 20).toFixed(2));

export interface SinganRunSoFar {
  readonly started: Date;
  readonly loadAtStart: number;
  readonly placements: readonly Placement[];
  readonly imagesUsed: readonly string[];
  readonly training: readonly TrainRow[];
  readonly kernel: KernelResult | null;
  /** False while models are still to train: the files say the table is partial. */
  readonly complete: boolean;
}

/** Writes (or rewrites) the run's JSON and markdown from what has finished so far. */
export function writeSinganResults(
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
