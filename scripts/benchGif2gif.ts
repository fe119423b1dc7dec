/**
 * GIF → GIF benchmark (docs/algorithms.md, "GIF → GIF overview"): each sequence variant trained on the
 * studio's two test GIFs (a texture scrolling down like a waterfall, an
 * object moving right; scripts/make-test-gifs.ts), beside a SinGAN noise
 * walk as the baseline: a still-image SinGAN trained on the GIF's first
 * frame with the same config, animated by the noise walk (beta 0.95 from
 * the coarsest scale), as long as the GIF.
 *
 *   npm run bench -- --suite gif2gif [--gif2gif-size 32] [--gif2gif-frames 6] [--gif2gif-iterations 100]
 *                    [--gif2gif-variants batch,noise-lstm,one-to-many] [--gif2gif-sources waterfall,moving-object]
 *                    [--gif2gif-channels 8] [--gif2gif-steps 1]
 *                    [--gif2gif-min-size 25] [--gif2gif-seeds 3] [--backend wasm]
 *
 * Every row is measured the same way, in Node, from the 8-bit frames the
 * worker hands back (scripts/lib/motionMetrics.ts: the engine's flicker,
 * phase-correlation motion direction, temporal and per-frame SIFID), against
 * the GIF's decoded frames (what the worker trains on); the worker's own
 * figures for the GIF → GIF rows (float frames) are kept in the JSON beside
 * them. Reversed: the same seed with --reverse, whose motion should point
 * the other way (agreement near −1 where the forward one is near 1).
 * Each model animates seeds 1…N: one sample's motion direction says little
 * (a random sample may not draw the moving thing at all), so the table gives
 * the mean over seeds and each seed's agreement beside it.
 *
 * Writes bench/results/gif2gif-<date>.json and .md, and the source GIFs and
 * every generated animation as GIFs (training samples as PNG film strips)
 * under bench/results/gif2gif-<date>/. The JSON and markdown are rewritten
 * after every model, so a run cut short keeps what it measured.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import type { AutomationResult } from '../src/automation/automation';
import {
  DEFAULT_SEQUENCE_OPTIONS,
  SEQUENCE_VARIANTS,
  type SequenceVariant,
} from '../src/engine/gif2gif/sequenceConfig';
import { meanAbsChange } from '../src/engine/animation/flicker';
import { FILM_STRIP_GAP } from '../src/engine/image/filmStrip';
import { rgbaToRgb, rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';
import { configFromPreset } from '../src/engine/singan/configFromPreset';
import type { SinganConfig } from '../src/engine/singan/singanConfig';
import { directionAgreement, motionDirection } from '../src/engine/metrics/motion/motionDirection';
import type { JobSpec } from '../src/protocol/jobs';
import { writeFile, writePng } from './cli/imageIo';
import { singanWorkingSide } from './cli/singanTrain';
import { fixedOrDash, meanOfFinite } from './lib/benchStats';
import type { HeadlessStudio } from './lib/headlessStudio';
import { animationMetrics, decodeGifFrames, meanPeak, type AnimationMetrics } from './lib/motionMetrics';
import { encodeTestGif, movingObjectFrames, waterfallFrames, type TestFrame } from './make-test-gifs';

export interface Gif2gifBenchOptions {
  /** Side of the square test GIFs, px (also the finest scale). */
  readonly size: number;
  readonly frames: number;
  readonly iterations: number;
  readonly variants: readonly SequenceVariant[];
  /** Which test GIFs, in this order (a long run can spend its time on the one that needs it). */
  readonly sources: readonly Gif2gifBenchSource[];
  readonly channels: number;
  readonly steps: number;
  readonly minSize: number;
  /** Animations per model: seeds 1…seeds. */
  readonly seeds: number;
  /** > 0: every GIF → GIF model also animates its seeds varied from this scale (the coarser scales kept at the reconstruction), as extra rows. */
  readonly startScale: number;
  readonly outDir: string;
  readonly log: (line: string) => void;
}

export const GIF2GIF_BENCH_SOURCES = ['waterfall', 'moving-object'] as const;
export type Gif2gifBenchSource = (typeof GIF2GIF_BENCH_SOURCES)[number];

export const GIF2GIF_BENCH_DEFAULTS = {
  size: 32,
  frames: 6,
  iterations: 100,
  channels: 8,
  steps: 1,
  minSize: 25,
  seeds: 3,
  startScale: 0,
} as const;

export const GIF2GIF_BENCH_USAGE = `GIF → GIF benchmark options (npm run bench -- --suite gif2gif …)
  --gif2gif-size N         side of the square test GIFs and of the finest scale, px (default ${GIF2GIF_BENCH_DEFAULTS.size})
  --gif2gif-frames N       frames of each test GIF and of each generated animation (default ${GIF2GIF_BENCH_DEFAULTS.frames})
  --gif2gif-iterations N   iterations per scale (default ${GIF2GIF_BENCH_DEFAULTS.iterations})
  --gif2gif-variants LIST  of ${SEQUENCE_VARIANTS.join(',')} (default all)
  --gif2gif-sources LIST   test GIFs, of ${GIF2GIF_BENCH_SOURCES.join(',')} (default both)
  --gif2gif-channels N --gif2gif-steps N --gif2gif-min-size N   conv channels (default ${GIF2GIF_BENCH_DEFAULTS.channels}), D/G steps (default ${GIF2GIF_BENCH_DEFAULTS.steps}), coarsest side (default ${GIF2GIF_BENCH_DEFAULTS.minSize})
  --gif2gif-seeds N        animations per model, seeds 1…N, averaged in the table (default ${GIF2GIF_BENCH_DEFAULTS.seeds})
  --gif2gif-start-scale K  also animate every GIF → GIF model varied from scale K (gif2gif generate --start-scale K), as extra rows (default ${GIF2GIF_BENCH_DEFAULTS.startScale}: none)
  --backend webgpu|wasm|cpu   where it trains (wasm is the fast one without a hardware GPU)`;

/** Options from bench.ts's flags; a bad one throws with a message for the usage line. */
export function gif2gifBenchOptions(
  flags: Record<string, string | undefined>,
  outDir: string,
  log: (line: string) => void,
): Gif2gifBenchOptions {
  const int = (name: string, fallback: number, min: number) => {
    const v = flags[`gif2gif-${name}`];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--gif2gif-${name} must be a whole number ≥ ${min}, got "${v}"`);
    return n;
  };
  /** A comma list of names from `allowed` (default: all of them, in their order). */
  const names = <T extends string>(name: string, allowed: readonly T[]): T[] => {
    const list = (flags[`gif2gif-${name}`] ?? allowed.join(',')).split(',').filter(Boolean);
    for (const v of list)
      if (!allowed.includes(v as T)) throw new Error(`--gif2gif-${name} takes ${allowed.join(', ')}; got "${v}"`);
    return list as T[];
  };
  const variants = names('variants', SEQUENCE_VARIANTS);
  const sources = names('sources', GIF2GIF_BENCH_SOURCES);
  if (sources.length === 0) throw new Error('--gif2gif-sources needs at least one test GIF');
  const d = GIF2GIF_BENCH_DEFAULTS;
  const size = int('size', d.size, 32);
  const frames = int('frames', d.frames, 2);
  if (frames > 32)
    throw new Error(`--gif2gif-frames must be at most 32 (GIF → GIF trains on 2 to 32 frames), got ${frames}`);
  return {
    size,
    frames,
    iterations: int('iterations', d.iterations, 1),
    variants,
    sources,
    channels: int('channels', d.channels, 1),
    steps: int('steps', d.steps, 1),
    minSize: int('min-size', Math.min(d.minSize, size), 1),
    seeds: int('seeds', d.seeds, 1),
    startScale: int('start-scale', d.startScale, 0),
    outDir,
    log,
  };
}

/** One animation of a model: a seed, forward and reversed. */
interface SeedRun {
  readonly seed: number;
  readonly generateMs: number;
  readonly metrics: AnimationMetrics;
  readonly reversed: { motionAngleDeg: number; motionAgreement: number | null; framesAreReversed: boolean | null };
  /** Mean |Δ| of its 8-bit frames to the source's frame at the same step (the source cycled past its length), 0–1. */
  readonly toSource: number;
  /** The worker's own figures (GIF → GIF rows: it holds the training frames and measures its float frames). */
  readonly workerMetrics: Record<string, number>;
  readonly files: string[];
}

/** Means over a model's seeds (a figure a seed lacks is left out of its mean; null when no seed has it). */
interface SeedMeans {
  readonly temporalSifid: number | null;
  readonly meanSifid: number | null;
  readonly flicker: number | null;
  readonly motionAgreement: number | null;
  readonly reversedAgreement: number | null;
  /** px per frame. */
  readonly motionMagnitude: number | null;
  /** Mean phase-correlation peak (motionMetrics' motionPeak). */
  readonly motionPeak: number | null;
  /** Variety: mean |Δ| between two seeds' frames at the same step, over every pair of seeds (null for one seed). */
  readonly betweenSeeds: number | null;
  /** Mean |Δ| to the source's frames (SeedRun.toSource). */
  readonly toSource: number | null;
}

interface Row {
  /** A sequence variant, or 'singan-walk' for the baseline. */
  readonly method: SequenceVariant | 'singan-walk';
  /** The scale its animations vary from (0: every scale, a plain sample). */
  readonly startScale: number;
  readonly trainMs: number;
  readonly perScale: { height: number; width: number; ms: number | null }[];
  readonly tfPeakBytes: number | null;
  readonly mean: SeedMeans;
  readonly seeds: SeedRun[];
  /** Training samples. */
  readonly files: string[];
}

function seedMeans(runs: readonly SeedRun[], betweenSeeds: number | null): SeedMeans {
  return {
    temporalSifid: meanOfFinite(runs.map((r) => r.metrics.temporalSifid)),
    meanSifid: meanOfFinite(runs.map((r) => r.metrics.meanSifid)),
    flicker: meanOfFinite(runs.map((r) => r.metrics.flicker)),
    motionAgreement: meanOfFinite(runs.map((r) => r.metrics.motionAgreement)),
    reversedAgreement: meanOfFinite(runs.map((r) => r.reversed.motionAgreement)),
    motionMagnitude: meanOfFinite(runs.map((r) => r.metrics.motion.magnitude)),
    motionPeak: meanOfFinite(runs.map((r) => r.metrics.motionPeak)),
    betweenSeeds,
    toSource: meanOfFinite(runs.map((r) => r.toSource)),
  };
}

/** Mean |Δ| (flicker's meanAbsChange) between two animations' frames at the same steps, b cycled when shorter. */
function meanAbsFrameDifference(a: readonly RgbImage[], b: readonly RgbImage[]): number {
  return a.reduce((sum, f, t) => sum + meanAbsChange(f, b[t % b.length]), 0) / a.length;
}

/** Mean |Δ| over every pair of the seeds' animations, or null for fewer than two. */
function pairwiseDifference(animations: readonly RgbImage[][]): number | null {
  const d: number[] = [];
  for (let i = 0; i < animations.length; i++)
    for (let j = i + 1; j < animations.length; j++) d.push(meanAbsFrameDifference(animations[i], animations[j]));
  return meanOfFinite(d);
}

const framesOf = (r: AutomationResult): RgbImage[] =>
  [...r.outputs]
    .sort((a, b) => a.output - b.output)
    .map((o) => rgbaToRgb(Buffer.from(o.rgba, 'base64'), o.height, o.width));
const sameFrames = (a: readonly RgbImage[], b: readonly RgbImage[]) =>
  a.length === b.length && a.every((f, i) => f.data.every((v, j) => v === b[i].data[j]));
const workerMetrics = (r: AutomationResult) =>
  Object.fromEntries(r.metrics.filter((m) => m.level === null).map((m) => [m.name, m.value]));

function pngOf(frame: RgbImage): Uint8Array {
  const png = new PNG({ width: frame.width, height: frame.height });
  Buffer.from(rgbToRgba(frame)).copy(png.data);
  return new Uint8Array(PNG.sync.write(png));
}

/** The moving object's step, shortened so it stays in the frame for every frame asked for. */
function movingObject(size: number, frames: number): TestFrame[] {
  const side = Math.max(4, Math.round(size / 4));
  const step = Math.min(4, Math.floor((size - side - 2) / Math.max(1, frames - 1)));
  if (step < 1)
    throw new Error(
      `--gif2gif-frames ${frames} is too many for the moving object in a ${size}-px GIF: give a larger --gif2gif-size`,
    );
  return movingObjectFrames({ size, frames, step });
}

interface SourceResult {
  readonly source: string;
  readonly gif: string;
  readonly frames: number;
  readonly size: number;
  readonly sourceMotion: { angleDeg: number; dy: number; dx: number; magnitude: number; peak: number | null };
  readonly rows: Row[];
}

export async function runGif2gifBench(
  studio: HeadlessStudio,
  o: Gif2gifBenchOptions,
): Promise<{ json: string; md: string; dir: string }> {
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const dir = join(o.outDir, `gif2gif-${stamp}`);
  mkdirSync(dir, { recursive: true });
  const config: SinganConfig = configFromPreset('fast', {
    maxSize: o.size,
    minSize: o.minSize,
    iterations: o.iterations,
    channels: o.channels,
    steps: o.steps,
    previewEvery: 0,
    seed: 1,
  });
  const fps = 10;
  const seeds = Array.from({ length: o.seeds }, (_, i) => i + 1);
  const sources = o.sources.map((name) => ({
    name,
    frames: name === 'waterfall' ? waterfallFrames({ size: o.size, frames: o.frames }) : movingObject(o.size, o.frames),
  }));
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAtStart: loadavg()[0] };
  const json = join(o.outDir, `gif2gif-${stamp}.json`);
  const md = join(o.outDir, `gif2gif-${stamp}.md`);
  const modelsInAll = sources.length * (o.variants.length + 1);
  const results: SourceResult[] = [];
  const write = () => {
    // A model's rows varied from a start scale are the same model.
    const trained = results.reduce((n, r) => n + r.rows.filter((row) => row.startScale === 0).length, 0);
    const complete = trained === modelsInAll;
    const { log: _log, ...options } = o;
    void _log;
    writeFileSync(
      json,
      `${JSON.stringify({ benchmark: 'gif2gif', started: started.toISOString(), elapsedMs: Date.now() - started.getTime(), complete, options, config, sequence: DEFAULT_SEQUENCE_OPTIONS, backend: studio.backend, machine, results }, null, 2)}\n`,
    );
    writeFileSync(
      md,
      markdown(
        started,
        o,
        config,
        studio.backend.kind,
        studio.backend.adapter,
        machine,
        results,
        complete ? null : `Partial: ${trained} of ${modelsInAll} models trained so far (rewritten after each one).`,
      ),
    );
  };

  for (const source of sources) {
    const gif = encodeTestGif(source.frames);
    writeFileSync(join(dir, `${source.name}.gif`), gif);
    // What the worker trains on: the GIF's frames, palette and all.
    const real = decodeGifFrames(gif);
    const sourceMotion = motionDirection(real);
    o.log(
      `${source.name}: ${real.length} frames of ${o.size}×${o.size}, motion ${sourceMotion.angleDeg.toFixed(1)}° at ${sourceMotion.magnitude.toFixed(2)} px/frame`,
    );
    const rows: Row[] = [];
    results.push({
      source: source.name,
      gif: resolve(join(dir, `${source.name}.gif`)),
      frames: real.length,
      size: o.size,
      sourceMotion: {
        angleDeg: sourceMotion.angleDeg,
        dy: sourceMotion.dy,
        dx: sourceMotion.dx,
        magnitude: sourceMotion.magnitude,
        peak: meanPeak(sourceMotion),
      },
      rows,
    });

    /** Generates one seed forward and reversed with a model, measures both, saves the GIFs. */
    const animateAndMeasure = async (
      label: string,
      seed: number,
      forwardJob: JobSpec,
      reversedJob: JobSpec | null,
    ): Promise<{ run: SeedRun; frames: RgbImage[] }> => {
      const name = `${label}-seed-${seed}`;
      const fwd = await studio.run(forwardJob);
      const files = [
        writeFile(
          join(dir, `${source.name}-${name}.gif`),
          (await studio.exportFrames(fwd.jobId, { format: 'gif', fps, loop: 'loop', name })).files[0],
        ).path,
      ];
      const fwdFrames = framesOf(fwd);
      let revFrames: RgbImage[];
      let framesAreReversed: boolean | null = null;
      if (reversedJob) {
        const rev = await studio.run(reversedJob);
        files.push(
          writeFile(
            join(dir, `${source.name}-${name}-reversed.gif`),
            (await studio.exportFrames(rev.jobId, { format: 'gif', fps, loop: 'loop', name: `${name}-reversed` }))
              .files[0],
          ).path,
        );
        revFrames = framesOf(rev);
        framesAreReversed = sameFrames(revFrames, [...fwdFrames].reverse());
      } else {
        // The noise walk has no reverse of its own: its frames played backwards.
        revFrames = [...fwdFrames].reverse();
      }
      const metrics = await animationMetrics(fwdFrames, real);
      const revMotion = motionDirection(revFrames);
      const reversed = {
        motionAngleDeg: revMotion.angleDeg,
        motionAgreement: directionAgreement(revMotion, sourceMotion),
        framesAreReversed,
      };
      const toSource = meanAbsFrameDifference(fwdFrames, real);
      return {
        run: { seed, generateMs: fwd.elapsedMs, metrics, reversed, toSource, workerMetrics: workerMetrics(fwd), files },
        frames: fwdFrames,
      };
    };
    /** Every seed's animation of a model, in seed order (one worker job at a time), and the means over them. */
    const animateSeeds = async (
      label: string,
      jobs: (seed: number) => { forward: JobSpec; reversed: JobSpec | null },
    ): Promise<{ seeds: SeedRun[]; mean: SeedMeans }> => {
      const runs: SeedRun[] = [];
      const animations: RgbImage[][] = [];
      for (const seed of seeds) {
        const { forward, reversed } = jobs(seed);
        const { run, frames } = await animateAndMeasure(label, seed, forward, reversed);
        runs.push(run);
        animations.push(frames);
      }
      return { seeds: runs, mean: seedMeans(runs, pairwiseDifference(animations)) };
    };
    const finish = (row: Row) => {
      rows.push(row);
      write();
      o.log(`    ${(row.trainMs / 1000).toFixed(1)} s · ${summary(row)}`);
    };

    for (const variant of o.variants) {
      await studio.load('source', gif, `${source.name}.gif`, singanWorkingSide(config));
      const modelId = `bench-gif2gif-${source.name}-${variant}`;
      o.log(`  ${variant}: training…`);
      const train = await studio.run({
        kind: 'gif2gif-train',
        config,
        sequence: { ...DEFAULT_SEQUENCE_OPTIONS, variant },
        modelId,
        name: modelId,
        sifid: false,
      });
      const strip = train.outputs.find((p) => p.output === 0);
      const files: string[] = [];
      if (strip) {
        const path = join(dir, `${source.name}-${variant}-training-sample.png`);
        writePng(path, strip.height, strip.width, Buffer.from(strip.rgba, 'base64'));
        files.push(resolve(path));
      }
      const animateFrom = (startScale: number) =>
        animateSeeds(startScale > 0 ? `${variant}-from-scale-${startScale}` : variant, (seed) => {
          const animation = { frames: o.frames, fps, loop: 'loop' as const, seed, startScale };
          return {
            forward: { kind: 'gif2gif-generate', modelId, animation: { ...animation, reverse: false } },
            reversed: { kind: 'gif2gif-generate', modelId, animation: { ...animation, reverse: true } },
          };
        });
      const model = {
        method: variant,
        trainMs: train.elapsedMs,
        // Streamed scales are film strips of every frame: the frame's own width, from the strip's.
        perScale: train.scales
          .filter((s) => s.output === 0)
          .map((s) => ({
            height: s.height,
            width: (s.width - (real.length - 1) * FILM_STRIP_GAP) / real.length,
            ms: s.ms,
          })),
        tfPeakBytes: train.stats.tfPeakBytes,
      };
      const runs = await animateFrom(0);
      const kept = o.startScale > 0 ? await animateFrom(o.startScale) : null;
      await studio.models({ kind: 'delete', modelId });
      finish({ ...model, startScale: 0, ...runs, files });
      if (kept) finish({ ...model, startScale: o.startScale, ...kept, files: [] });
    }

    // The baseline: plain SinGAN on frame 0, same config, animated by its noise walk.
    await studio.load('source', pngOf(real[0]), `${source.name}-frame0.png`, singanWorkingSide(config));
    const modelId = `bench-gif2gif-${source.name}-walk`;
    o.log('  SinGAN noise walk (baseline): training on frame 1…');
    const train = await studio.run({ kind: 'singan-train', config, modelId, name: modelId, sifid: false });
    const runs = await animateSeeds('singan-walk', (seed) => ({
      forward: {
        kind: 'singan-animate',
        modelId,
        animation: { frames: o.frames, fps, loop: 'loop', seed, beta: 0.95, startScale: 0 },
      },
      reversed: null,
    }));
    await studio.models({ kind: 'delete', modelId });
    finish({
      method: 'singan-walk',
      startScale: 0,
      trainMs: train.elapsedMs,
      perScale: train.scales.filter((s) => s.output === 0).map((s) => ({ height: s.height, width: s.width, ms: s.ms })),
      tfPeakBytes: train.stats.tfPeakBytes,
      ...runs,
      files: [],
    });
  }
  write();
  return { json, md, dir };
}

const f = fixedOrDash;

const perSeed = (r: Row, pick: (run: SeedRun) => number | null, d: number) =>
  r.seeds.map((run) => f(pick(run), d)).join(' / ');

const rowLabel = (r: Row) =>
  r.method === 'singan-walk'
    ? 'SinGAN noise walk (baseline)'
    : r.startScale > 0
      ? `${r.method}, from scale ${r.startScale}`
      : r.method;

function summary(r: Row): string {
  const m = r.mean;
  return (
    `${r.startScale > 0 ? `from scale ${r.startScale}, ` : ''}mean of ${r.seeds.length} seed${r.seeds.length === 1 ? '' : 's'}: temporal SIFID ${f(m.temporalSifid, 3)} · SIFID ${f(m.meanSifid, 3)} · flicker ${f(m.flicker, 4)} · ` +
    `${f(m.motionMagnitude, 2)} px/frame (peak ${f(m.motionPeak, 2)}) · agreement ${f(m.motionAgreement, 2)} (${perSeed(r, (run) => run.metrics.motionAgreement, 2)}) · reversed ${f(m.reversedAgreement, 2)} · ` +
    `|Δ| between seeds ${f(m.betweenSeeds, 3)}, to source ${f(m.toSource, 3)}`
  );
}

function gif2gifTable(rows: readonly Row[], source: SourceResult['sourceMotion']): string[] {
  return [
    '| variant | train s | temporal SIFID | mean per-frame SIFID | flicker | motion px/frame (source) | peak (source) | agreement | agreement per seed | motion angle per seed | reversed agreement | \\|Δ\\| between seeds | \\|Δ\\| to source |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${rowLabel(r)} | ${f(r.trainMs / 1000, 1)} | ${f(r.mean.temporalSifid, 3)} | ${f(r.mean.meanSifid, 3)} | ` +
        `${f(r.mean.flicker, 4)} | ${f(r.mean.motionMagnitude, 2)} (${f(source.magnitude, 2)}) | ${f(r.mean.motionPeak, 2)} (${f(source.peak, 2)}) | ${f(r.mean.motionAgreement, 2)} | ${perSeed(r, (run) => run.metrics.motionAgreement, 2)} | ` +
        `${r.seeds.map((run) => `${f(run.metrics.motionAngleDeg, 0)}°`).join(' / ')} | ${f(r.mean.reversedAgreement, 2)} | ${f(r.mean.betweenSeeds, 3)} | ${f(r.mean.toSource, 3)} |`,
    ),
  ];
}

function markdown(
  started: Date,
  o: Gif2gifBenchOptions,
  config: SinganConfig,
  backend: string,
  adapter: string,
  machine: { cpus: number; cpuModel: string; loadAtStart: number },
  results: readonly SourceResult[],
  partial: string | null,
): string {
  const seeds = o.seeds === 1 ? 'seed 1' : `seeds 1–${o.seeds} (figures are means over them)`;
  const lines = [
    `# GIF → GIF · ${started.toISOString().slice(0, 10)}`,
    '',
    ...(partial ? [partial, ''] : []),
    `${machine.cpus} × ${machine.cpuModel} (load ${machine.loadAtStart.toFixed(1)} at the start); ${backend} (${adapter}). ` +
      `${o.size}-px test GIFs of ${o.frames} frames; ${config.iterations} iterations per scale, ${o.channels} channels, ${o.steps} D + ${o.steps} G step${o.steps === 1 ? '' : 's'}, ` +
      `scales from ${o.minSize} px; ConvLSTM hidden ${DEFAULT_SEQUENCE_OPTIONS.hidden}, chunk ${DEFAULT_SEQUENCE_OPTIONS.chunk}, motion range ${DEFAULT_SEQUENCE_OPTIONS.motion} px at the coarsest scale. ` +
      `Each model animates ${seeds}, ${o.frames} frames each. Baseline: still SinGAN on frame 1 (same config), noise walk β 0.95 from the coarsest scale.` +
      (o.startScale > 0
        ? ` Rows "from scale ${o.startScale}": the same model's seeds varied from scale ${o.startScale}, its coarser scales kept at the reconstruction (gif2gif generate --start-scale ${o.startScale}; train s is the model's).`
        : ''),
    '',
    "All figures measured in Node from the 8-bit frames against the GIF's frames (scripts/lib/motionMetrics.ts). SIFIDs: lower is better. " +
      "Agreement: cosine between a sample's mean motion and the source's (1 same direction, −1 reversed, 0 still or perpendicular). " +
      'Peak: the mean phase-correlation peak over consecutive frames, how much of the frames one translation explains (near 1: the whole frame moves; low: the measured shift is a chance reading between frames that do not match, whatever its direction). ' +
      'Reversed: the same seed generated with reverse (the baseline: its frames played backwards). ' +
      "|Δ| between seeds: variety, the mean absolute difference (0–1) between two seeds' frames at the same step over every pair of seeds; |Δ| to source: the same against the source's frames. " +
      'A change below one 8-bit level is invisible and not counted here (a nearly still animation reads as still: angle 0, agreement 0); ' +
      "the worker's figures on its float frames, which do count it, are in the JSON (workerMetrics).",
    '',
  ];
  for (const r of results) {
    const checked = r.rows.filter((row) => row.seeds.some((run) => run.reversed.framesAreReversed !== null));
    const exact = checked.filter((row) => row.seeds.every((run) => run.reversed.framesAreReversed)).map(rowLabel);
    const inexact = checked.filter((row) => !row.seeds.every((run) => run.reversed.framesAreReversed)).map(rowLabel);
    lines.push(
      `## ${r.source} (${r.frames} frames, source motion ${r.sourceMotion.angleDeg.toFixed(1)}° at ${r.sourceMotion.magnitude.toFixed(2)} px/frame)`,
      '',
      ...gif2gifTable(r.rows, r.sourceMotion),
      '',
      `Reversed frames are the forward frames backwards, pixel for pixel: ${exact.length ? exact.join(', ') : 'none'}${inexact.length ? `; NOT for ${inexact.join(', ')}` : ''}.`,
      '',
    );
  }
  return lines.join('\n');
}
