/**
 * GIF → GIF benchmark (docs/algorithms.md, "GIF → GIF overview"): each sequence variant trained on the
 * studio's two test GIFs (a texture scrolling down like a waterfall, an
 * object moving right; scripts/make-test-gifs.ts), beside a SinGAN noise
 * walk as the baseline: a still-image SinGAN trained on the GIF's first
 * frame with the same config, animated by the noise walk (beta 0.95 from
 * the coarsest scale), as long as the GIF; and the other GIF → GIF engine,
 * Patches (VGPNN: no training, the page's defaults), on the same GIFs, seeds
 * and measures, so the two engines stand side by side.
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
import { DEFAULT_SEQUENCE_OPTIONS } from '../src/engine/gif2gif/sequenceConfig';
import { meanAbsChange } from '../src/engine/animation/flicker';
import { FILM_STRIP_GAP } from '../src/engine/image/filmStrip';
import { rgbaToRgb, rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';
import { configFromPreset } from '../src/engine/singan/configFromPreset';
import type { SinganConfig } from '../src/engine/singan/singanConfig';
import { directionAgreement, motionDirection } from '../src/engine/metrics/motion/motionDirection';
import type { JobSpec } from '../src/features';
import { writeFile, writePng } from './cli/imageIo';
import { singanWorkingSide } from './cli/singanTrainConfig';
import { meanOfFinite } from './lib/benchStats';
import { trimToShortest, videoDiversity } from '../src/engine/metrics/videoDiversity';
import type { HeadlessStudio } from './lib/headlessStudio';
import { animationMetrics, decodeGifFrames, meanPeak } from './lib/motionMetrics';
import { encodeTestGif, movingObjectFrames, waterfallFrames, type TestFrame } from './make-test-gifs';
import type { Gif2gifBenchOptions } from './benchGif2gifOptions';
import { DEFAULT_VGPNN_SETTINGS } from '../src/features/vgpnn';
import { vgpnnPageJob } from './lib/vgpnnPageJob';
import { markdown, summary, type Row, type SeedMeans, type SeedRun, type SourceResult } from './benchGif2gifReport';

function seedMeans(
  runs: readonly SeedRun[],
  animations: readonly (readonly RgbImage[])[],
  source: readonly RgbImage[],
): SeedMeans {
  return {
    temporalSifid: meanOfFinite(runs.map((r) => r.metrics.temporalSifid)),
    meanSifid: meanOfFinite(runs.map((r) => r.metrics.meanSifid)),
    spaceTimeSifid: meanOfFinite(runs.map((r) => r.metrics.spaceTimeSifid)),
    diversity: animations.length >= 2 ? videoDiversity(trimToShortest(animations), source) : null,
    flicker: meanOfFinite(runs.map((r) => r.metrics.flicker)),
    motionAgreement: meanOfFinite(runs.map((r) => r.metrics.motionAgreement)),
    reversedAgreement: meanOfFinite(runs.map((r) => r.reversed.motionAgreement)),
    motionMagnitude: meanOfFinite(runs.map((r) => r.metrics.motion.magnitude)),
    motionPeak: meanOfFinite(runs.map((r) => r.metrics.motionPeak)),
    betweenSeeds: pairwiseDifference(animations),
    toSource: meanOfFinite(runs.map((r) => r.toSource)),
  };
}

/** Mean |Δ| (flicker's meanAbsChange) between two animations' frames at the same steps, b cycled when shorter. */
function meanAbsFrameDifference(a: readonly RgbImage[], b: readonly RgbImage[]): number {
  return a.reduce((sum, f, t) => sum + meanAbsChange(f, b[t % b.length]), 0) / a.length;
}

/** Mean |Δ| over every pair of the seeds' animations, or null for fewer than two. */
function pairwiseDifference(animations: readonly (readonly RgbImage[])[]): number | null {
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
  // Each source: its trained variants, the Patches row and the baseline.
  const rowsInAll = sources.length * (o.variants.length + 2);
  const results: SourceResult[] = [];
  const write = () => {
    // A model's rows varied from a start scale are the same model.
    const made = results.reduce((n, r) => n + r.rows.filter((row) => row.startScale === 0).length, 0);
    const complete = made === rowsInAll;
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
        complete ? null : `Partial: ${made} of ${rowsInAll} rows made so far (rewritten after each one).`,
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
      return { seeds: runs, mean: seedMeans(runs, animations, real) };
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

    // The other engine, Patches (VGPNN, docs/algorithms.md "VGPNN (space-time
    // patches)"): no training, each seed one job at the page's defaults, so both
    // GIF → GIF engines stand side by side under the same measures.
    await studio.load('source', gif, `${source.name}.gif`, o.size);
    o.log('  patches (VGPNN, no training)…');
    const patches = await animateSeeds('patches', (seed) => ({
      forward: vgpnnPageJob(real.length, { ...DEFAULT_VGPNN_SETTINGS, samples: 1, seed, frames: o.frames, fps }),
      reversed: null,
    }));
    finish({ method: 'patches', startScale: 0, trainMs: 0, perScale: [], tfPeakBytes: null, ...patches, files: [] });

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
