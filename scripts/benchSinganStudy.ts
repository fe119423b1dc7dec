/**
 * The SinGAN attention study (docs/algorithms.md, "SinGAN attention study"):
 * every variant (plain; attention at head, body, tail, head+tail, each with
 * and without the feed-forward block) trained on the same Places50 images in
 * the studio's worker, plain and chosen variants twice (training seeds 1 and
 * 2), each model then sampled and scored. `npm run bench -- --suite
 * singan-study` calls runSinganStudy.
 *
 * A run lives in one folder (bench/results/<run>/): settings.json, one record
 * per finished model (records/<key>.json, written the moment it finishes),
 * and table.md / summary.json rebuilt from every record after each model.
 * The same command again skips the models already recorded, so a study of
 * many hours survives interruptions; more images or variants may be added to
 * a run later with the same settings. Samples, reconstructions and model files
 * go to samples/ and models/, which stay local (.gitignore: made from
 * Places50).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { meanAbsChange } from '../src/engine/animation/flicker';
import { as8bit, rgbaToRgb, rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';
import { diversity } from '../src/engine/metrics/diversity';
import { imageQuality } from '../src/engine/metrics/imageQuality';
import { resizeBicubic } from '../src/engine/image/resizeBicubic';
import { validateSinganConfig } from '../src/engine/singan/singanConfig';
import { buildRealPyramid, resizeImageTo, singanScaleShapes } from '../src/engine/singan/singanPyramid';
import type { AutomationOutput, AutomationResult } from '../src/automation/automation';
import type { HeadlessStudio } from './lib/headlessStudio';
import { processTreeCpuMs } from './lib/processTreeCpu';
import { configFor, PRESETS, singanBenchOptions, type SinganBenchOptions } from './benchSinganOptions';
import {
  pendingModels,
  readRecords,
  recordPath,
  studyMarkdown,
  studyModels,
  summarize,
  STUDY_VARIANTS,
  writeAtomic,
  writeRecord,
  type ModelRecord,
  type Quality,
  type StudyModel,
} from './benchSinganStudyRecords';

export interface SinganStudyOptions {
  /** Sizes, iterations, the data folder and its images, as the singan suite takes them. */
  readonly bench: SinganBenchOptions;
  readonly variants: readonly string[];
  /** Variants trained again with seed 2 (plain always with them, so each has its pair). */
  readonly secondSeed: readonly string[];
  /** Samples per model for SIFID, diversity and mean |Δ| (seeds 1…N). */
  readonly samples: number;
  readonly runDir: string;
}

export const SINGAN_STUDY_USAGE = `SinGAN attention study (npm run bench -- --suite singan-study …)
  --backend wasm|webgpu|cpu     where it trains (default webgpu); wasm on a machine without a GPU
  --preset reduced|fast|paper   the nets, sizes and iterations (default fast); --max-size N --min-size N --channels N --steps N override it
  --singan-iterations N         iterations per scale (default the preset's)
  --singan-images N | --singan-names 1.jpg,2.jpg   the first N Places50 images (default 3) or these files
  --placements LIST             variants (default all nine: ${STUDY_VARIANTS.map((p) => p.label).join(',')})
  --second-seed LIST            variants trained again with seed 2, plain always among them (default none,head; "" for none)
  --study-samples N             samples per model, seeds 1…N (default 4)
  --run NAME                    run folder under --out (default singan-study-<preset>-<size>px-<iterations>it); a rerun skips finished models`;

/** The study's options from bench.ts's flags; bad ones throw with a message for the usage line. */
export function singanStudyOptions(
  flags: Record<string, string | undefined>,
  out: string,
  log: (line: string) => void,
): SinganStudyOptions {
  const bench = singanBenchOptions(
    {
      suite: 'singan',
      data: flags.images,
      images: flags['singan-images'] ?? '3',
      iterations: flags['singan-iterations'],
      names: flags['singan-names'],
      preset: flags.preset ?? 'fast',
      'max-size': flags['max-size'],
      'min-size': flags['min-size'],
      channels: flags.channels,
      steps: flags.steps,
      out,
    },
    log,
  );
  const list = (v: string | undefined, fallback: readonly string[]) =>
    v === undefined ? [...fallback] : v.split(',').filter(Boolean);
  const variants = list(
    flags.placements,
    STUDY_VARIANTS.map((p) => p.label),
  );
  const secondSeed = list(flags['second-seed'], ['none', 'head']);
  // Checks the names and that plain is among them now, before a browser starts.
  studyModels(['x.jpg'], variants, secondSeed);
  const samples = Number(flags['study-samples'] ?? '4');
  if (!Number.isInteger(samples) || samples < 2 || samples > 16)
    throw new Error(
      `--study-samples must be a whole number 2–16 (diversity needs two), got "${flags['study-samples']}"`,
    );
  const run = flags.run ?? `singan-study-${bench.preset}-${bench.maxSize}px-${bench.iterations}it`;
  if (!/^[\w.+-]+$/.test(run)) throw new Error(`--run must be a folder name, got "${run}"`);
  return { bench, variants, secondSeed, samples, runDir: join(out, run) };
}

/** What must match for two sittings to share a run folder: anything that changes a model or its timing. */
function runSettings(o: SinganStudyOptions, backend: string) {
  const b = o.bench;
  return {
    preset: b.preset,
    maxSize: b.maxSize,
    minSize: b.minSize,
    channels: b.channels,
    iterations: b.iterations,
    steps: b.steps,
    samples: o.samples,
    backend,
  };
}

const pngOf = (img: RgbImage) =>
  new Uint8Array(
    PNG.sync.write(Object.assign(new PNG({ width: img.width, height: img.height }), { data: rgbToRgba(img) })),
  );
const rgbOf = (o: AutomationOutput) => rgbaToRgb(Buffer.from(o.rgba, 'base64'), o.height, o.width);
const quality = (image: RgbImage, reference: RgbImage): Quality => {
  const q = imageQuality(image, reference);
  return { ...q, psnr: Number.isFinite(q.psnr) ? q.psnr : null };
};
/** The super-resolution factor of the study: the paper's ×4, within the output limit at every size the CPU runs. */
const SR_FACTOR = 4;
const sifidsOf = (r: AutomationResult, count: number) =>
  Array.from({ length: count }, (_, i) => r.metrics.find((m) => m.output === i)?.value ?? Number.NaN);

/** Trains one model, samples and scores it, saves its images and model file, and returns its record. */
async function studyModel(
  studio: HeadlessStudio,
  o: SinganStudyOptions,
  m: StudyModel,
  source: RgbImage,
): Promise<ModelRecord> {
  const config = { ...configFor(o.bench, m.variant), seed: m.seed };
  const problem = validateSinganConfig(config, source);
  if (problem) throw new Error(`${m.key}: ${problem}`);
  const modelId = `study-${m.key}`;
  // Only the training is timed. Per-scale SIFID is off: scored below, after the clock stops, the same way for all.
  const cpu0 = processTreeCpuMs();
  const t0 = performance.now();
  const trained = await studio.run({ kind: 'singan-train', config, modelId, name: m.key, sifid: false });
  const wallMs = performance.now() - t0;
  const cpu1 = processTreeCpuMs();
  const cpuMs = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;

  const seeds = Array.from({ length: o.samples }, (_, i) => i + 1);
  const sampled = await studio.run({ kind: 'singan-sample', modelId, seeds, heightFactor: 1, widthFactor: 1 });
  const shapes = singanScaleShapes(config, source.height, source.width);
  const [fh, fw] = shapes[shapes.length - 1];
  const [hh, hw] = [fh * SR_FACTOR, fw * SR_FACTOR];
  // Scored only where the source holds the truth at that size (not at the paper's 250 px: the source is the finest scale).
  const srScored = hh <= source.height && hw <= source.width;
  // From the training image in the source slot, brought to the finest scale as training brings it (the CLI's --input).
  // Scoring must not cost the training: a failed super-resolution leaves its columns empty, said in the log.
  const superRes = srScored
    ? await studio
        .run({ kind: 'singan-superres', modelId, factor: SR_FACTOR, slot: 'source' })
        .catch((err: unknown) => {
          o.bench.log(
            `  ${m.key}: super-resolution failed, left out: ${err instanceof Error ? err.message : String(err)}`,
          );
          return null;
        })
    : null;
  const exported = await studio.models({ kind: 'export', modelId });
  await studio.models({ kind: 'delete', modelId });
  const recOut = trained.outputs.find((x) => x.output === 1);
  if (!recOut || sampled.outputs.length !== seeds.length) throw new Error(`${m.key}: the worker returned no outputs`);
  const rec = rgbOf(recOut);
  const samples = sampled.outputs.map(rgbOf);
  const real = buildRealPyramid(source, [[fh, fw]])[0];
  if (real.height !== rec.height || real.width !== rec.width) throw new Error(`${m.key}: the finest scale's size`);
  const [realPng, recPng, samplePngs] = [pngOf(real), pngOf(rec), samples.map(pngOf)];
  const srOut = superRes?.outputs.find((x) => x.output === 0 && x.height === hh && x.width === hw) ?? null;
  if (superRes && !srOut) o.bench.log(`  ${m.key}: super-resolution made no ${hw}×${hh} output, left out`);
  // The truth the model never saw: the source brought straight to the high-resolution size.
  const truth = () => as8bit(resizeImageTo(source, hh, hw));
  const sr = srOut
    ? {
        factor: SR_FACTOR,
        height: hh,
        width: hw,
        singan: quality(rgbOf(srOut), truth()),
        bicubic: quality(as8bit(resizeBicubic(real, hh, hw)), truth()),
      }
    : null;

  const files = [
    ...samplePngs.map((png, i) => ({ name: `samples/${m.key}-sample${seeds[i]}.png`, bytes: png })),
    { name: `samples/${m.key}-rec.png`, bytes: recPng },
    ...(srOut ? [{ name: `samples/${m.key}-sr${SR_FACTOR}.png`, bytes: pngOf(rgbOf(srOut)) }] : []),
    ...(exported.file ? [{ name: `models/${m.key}.singan`, bytes: exported.file.bytes }] : []),
  ];
  for (const file of files) {
    mkdirSync(join(o.runDir, file.name, '..'), { recursive: true });
    writeFileSync(join(o.runDir, file.name), file.bytes);
  }
  const realFake = await studio.sifid(realPng, samplePngs);
  const realRec = await studio.sifid(realPng, [recPng]);
  const recFake = await studio.sifid(recPng, samplePngs);
  return {
    key: m.key,
    image: m.image,
    variant: m.variant.label,
    attention: m.variant.attention,
    feedForward: m.variant.feedForward,
    seed: m.seed,
    config,
    height: real.height,
    width: real.width,
    scales: trained.scales
      .filter((s) => s.output === 0)
      .map((s) => ({ scale: shapes.length - 1 - s.level, height: s.height, width: s.width, ms: s.ms }))
      .sort((a, b) => a.scale - b.scale),
    wallMs,
    cpuMs,
    tfPeakBytes: trained.stats.tfPeakBytes,
    sampleSeeds: seeds,
    sifid: sifidsOf(realFake, samples.length),
    sifidRec: sifidsOf(realRec, 1)[0],
    sifidRecFake: sifidsOf(recFake, samples.length),
    meanAbsDiff: samples.map((s) => meanAbsChange(s, real)),
    diversity: diversity(samples, real),
    sr,
    files: files.map((x) => x.name),
    finishedAt: new Date().toISOString(),
    loadAverage: loadavg()[0],
  };
}

function placesImages(o: SinganBenchOptions): string[] {
  const all = readdirSync(o.dataDir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
  for (const name of o.names ?? []) if (!all.includes(name)) throw new Error(`no image ${name} in ${o.dataDir}`);
  const images = o.names ? [...o.names] : all.slice(0, o.images);
  if (images.length === 0) throw new Error(`no images in ${o.dataDir}`);
  return images;
}

/** Rebuilds table.md and summary.json from every record in the run folder; returns the markdown. */
export function writeStudyTable(o: SinganStudyOptions, settings: object, planned: number): string {
  const records = readRecords(o.runDir);
  const summary = summarize(records);
  const b = o.bench;
  const reduced =
    b.preset !== 'paper' || b.maxSize !== PRESETS.paper.maxSize || b.iterations !== PRESETS.paper.iterations;
  const notes = [
    `Settings: ${b.maxSize} px (min ${b.minSize}), ${b.channels} channels, ${b.iterations} iterations of ${b.steps} D + ${b.steps} G steps per scale, ` +
      `seed 1 for every variant and seed 2 for ${o.secondSeed.join(', ') || 'none'}; ${o.samples} samples per model (seeds 1…${o.samples}).` +
      (reduced
        ? " Reduced from the paper's 250 px and 2000 iterations to fit one CPU core: the SIFIDs say which variants train faster, not where they end up."
        : " The paper's sizes and iterations."),
    'Every measure at the finest scale, against the real image as training resizes it: SIFID real–fake and rec–fake are means over the samples, ' +
      'real–rec is the reconstruction; diversity is the pixel std across the samples over the real image’s; mean abs diff is each sample’s mean |Δ| to the real image in [0,1] (0 is a copy).',
    `Super-resolution ×${SR_FACTOR}: the finest real image through the model's finest generator in the paper's steps, and bicubic (Pillow's) of the same image, ` +
      'each against the source brought to that size (the truth training never saw): PSNR in dB, SSIM, RMSE in [0,1].',
    "CPU: the training's CPU time in Node and the headless browser together (sampling and scoring are not timed); " +
      '× plain: the variant over plain trained on the same image and seed in the same run folder, so on the same machine.',
    'tfjs peak: the largest total of live tensor bytes within the first iteration of any scale (tf.profile).',
    `Host: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; each record keeps the load average when it finished.`,
  ];
  writeAtomic(
    join(o.runDir, 'summary.json'),
    `${JSON.stringify({ settings, variants: o.variants, secondSeed: o.secondSeed, notes, summary }, null, 2)}\n`,
  );
  const md = studyMarkdown(`SinGAN attention study · ${join(o.runDir)}`, notes, summary, records, planned);
  writeAtomic(join(o.runDir, 'table.md'), md);
  return md;
}

/** Trains what the run folder does not hold yet, writing each record and the table as it goes. */
export async function runSinganStudy(
  studio: HeadlessStudio,
  o: SinganStudyOptions,
): Promise<{ dir: string; md: string }> {
  const log = o.bench.log;
  mkdirSync(o.runDir, { recursive: true });
  const settings = runSettings(o, studio.backend.kind);
  const settingsPath = join(o.runDir, 'settings.json');
  const settingsText = `${JSON.stringify(settings, null, 2)}\n`;
  if (existsSync(settingsPath) && readFileSync(settingsPath, 'utf8') !== settingsText)
    throw new Error(`${o.runDir} holds a study with other settings (${settingsPath}); pass --run NAME for a new one`);
  writeAtomic(settingsPath, settingsText);
  const images = placesImages(o.bench);
  const models = studyModels(images, o.variants, o.secondSeed);
  const done = new Set(readRecords(o.runDir).map((r) => r.key));
  const todo = pendingModels(models, done);
  log(
    `SinGAN study in ${o.runDir}: ${models.length} models (${images.join(', ')}), ${models.length - todo.length} already recorded`,
  );
  // The worker trains on the image in its source slot: loaded again whenever the next model's image differs.
  let last: { image: string; source: RgbImage } | undefined;
  const sourceFor = async (image: string): Promise<RgbImage> => {
    if (last?.image === image) return last.source;
    const bytes = new Uint8Array(readFileSync(join(o.bench.dataDir, image)));
    // The studio's default working size, as the CLI and the singan suite: SinGAN's pyramid shrinks it to maxSize.
    const img = await studio.load('source', bytes, image, Math.max(o.bench.maxSize, 256));
    last = { image, source: rgbaToRgb(img.rgba, img.working.height, img.working.width) };
    return last.source;
  };
  for (const [i, m] of todo.entries()) {
    const source = await sourceFor(m.image);
    log(`[${i + 1}/${todo.length}] ${m.key}…`);
    const record = await studyModel(studio, o, m, source);
    writeRecord(o.runDir, record);
    const md = writeStudyTable(o, settings, models.length);
    log(
      `  ${m.key}: CPU ${((record.cpuMs ?? Number.NaN) / 60_000).toFixed(1)} min, wall ${(record.wallMs / 60_000).toFixed(1)} min, ` +
        `SIFID ${record.sifid.map((v) => v.toFixed(2)).join('/')}, rec ${record.sifidRec.toFixed(2)} → ${recordPath(o.runDir, m.key)}`,
    );
    if (i === todo.length - 1) return { dir: resolve(o.runDir), md };
  }
  return { dir: resolve(o.runDir), md: writeStudyTable(o, settings, models.length) };
}
