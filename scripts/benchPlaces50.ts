/**
 * The paper's Table 1 protocol on Places50 (docs/algorithms.md, "Table 1 protocol"), side by side
 * with the papers' own outputs: every image → K GPNN samples in headless
 * Chromium through the studio's worker, each saved as a PNG; SIFID of every
 * sample, of the GPNN paper's sample and of the SinGAN paper's sample against
 * the source, all computed by the same worker; diversity over the K samples;
 * mean |Δ| to the source (a copy scores 0); runtime.
 *
 * A run lives in one folder (bench/results/<run>/): one JSON record and the
 * PNGs per image, and a table rebuilt from every record after each image.
 * Running the same command again skips the images already done, so a full
 * 50-image run can be spread over several sittings.
 *
 *   npm run bench:places50 -- --limit 10 --nn patchmatch --samples 2
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PNG } from 'pngjs';
import { DEFAULT_GPNN, validateGpnnParams, type GpnnParams } from '../src/engine/gpnn/gpnnParams';
import type { Voting } from '../src/engine/patches/voting';
import type { GpnnSearch } from '../src/engine/gpnn/searchChoice';
import type { AutomationSearch } from '../src/automation/automation';
import { rgbaToRgb, type RgbImage } from '../src/engine/image/rgbImage';
import { meanAbsChange } from '../src/engine/animation/flicker';
import { diversity } from '../src/engine/metrics/diversity';
import { startHeadlessStudio, type HeadlessStudio } from './lib/headlessStudio';
import { decodeImageFile } from './lib/imageFiles';
import { formatSize } from '../src/engine/image/formatSize';

const USAGE = `Usage: npm run bench:places50 -- [--images DIR] [--paper DIR] [--limit N | --only 1,5,9] [--height H] [--samples K]
       [--nn auto|exact|patchmatch] [--iterations T] [--alpha A] [--fine-alpha F|paper] [--fine-vote median|mean] [--sigma S] [--coarse-shape aspect|square] [--backend webgpu|cpu]
       [--out DIR] [--run NAME]
Defaults: ../shared/data/places50 and ../shared/data/places50-paper, all images, full size (188 px high), K = 2,
the automatic search choice, the studio's GPNN defaults (the paper's parameters, fine levels at alpha 1 and the median vote; --fine-alpha paper = alpha at every level, --fine-vote mean = the paper's vote); the run folder is named after the settings, and images already in it are skipped.`;

/** One image's record, written once the image is done. */
interface ImageRecord {
  readonly image: string;
  readonly height: number;
  readonly width: number;
  readonly seeds: number[];
  readonly samples: string[];
  readonly sifid: number[];
  /** Mean |Δ| in [0,1] of each sample to the source: 0 is a copy. */
  readonly meanAbsDiff: number[];
  readonly diversity: number | null;
  readonly msPerSample: number;
  /** Time per level of every sample, coarsest first: what an ETA model is checked against. */
  readonly levelMs?: { output: number; level: number; height: number; width: number; ms: number | null }[];
  readonly gpuPeakBytes: number;
  /** The search that ran, why, and the estimates it was chosen on (absent in runs before the automatic choice). */
  readonly search?: AutomationSearch | null;
  /** The papers' own outputs for this image under the same metric (null where the file is missing). */
  readonly paper: Record<'gpnn' | 'singan', { sifid: number; meanAbsDiff: number | null } | null>;
}

interface RunSettings {
  readonly height: number | null;
  readonly samples: number;
  readonly params: GpnnParams;
  readonly backend: 'webgpu' | 'cpu';
}

function main(): Promise<void> {
  let values;
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: {
        images: { type: 'string', default: '../shared/data/places50' },
        paper: { type: 'string', default: '../shared/data/places50-paper' },
        limit: { type: 'string' },
        only: { type: 'string' },
        height: { type: 'string' },
        samples: { type: 'string', default: '2' },
        method: { type: 'string', default: 'gpnn' },
        nn: { type: 'string', default: 'auto' },
        iterations: { type: 'string' },
        alpha: { type: 'string' },
        'fine-alpha': { type: 'string' },
        'fine-vote': { type: 'string' },
        sigma: { type: 'string' },
        'coarse-shape': { type: 'string', default: 'square' },
        backend: { type: 'string', default: 'webgpu' },
        out: { type: 'string', default: 'bench/results' },
        run: { type: 'string' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const bad = (m: string): never => {
    console.error(`error: ${m}\n${USAGE}`);
    process.exit(2);
  };
  if (values.method !== 'gpnn')
    bad(`--method ${values.method}: only gpnn is benchmarked here (SinGAN has npm run bench -- --suite singan)`);
  if (values.nn !== 'auto' && values.nn !== 'exact' && values.nn !== 'patchmatch')
    bad('--nn must be auto, exact or patchmatch');
  if (values.backend !== 'webgpu' && values.backend !== 'cpu') bad('--backend must be webgpu or cpu');
  if (values['coarse-shape'] !== 'aspect' && values['coarse-shape'] !== 'square')
    bad('--coarse-shape must be aspect or square');
  const samples = Number(values.samples);
  if (!Number.isInteger(samples) || samples < 1 || samples > 64) bad('--samples must be 1..64');
  const height = values.height === undefined ? null : Number(values.height);
  if (height !== null && !(Number.isInteger(height) && height >= 32)) bad('--height must be a whole number ≥ 32');
  const params: GpnnParams = {
    ...DEFAULT_GPNN,
    nn: values.nn as GpnnSearch,
    iterations: values.iterations ? Number(values.iterations) : DEFAULT_GPNN.iterations,
    alpha: values.alpha ? Number(values.alpha) : DEFAULT_GPNN.alpha,
    sigma: values.sigma ? Number(values.sigma) : DEFAULT_GPNN.sigma,
    coarseShape: values['coarse-shape'] as 'square' | 'aspect',
    fineAlpha:
      values['fine-alpha'] === 'paper'
        ? undefined
        : values['fine-alpha']
          ? Number(values['fine-alpha'])
          : DEFAULT_GPNN.fineAlpha,
    fineVote: (values['fine-vote'] ?? DEFAULT_GPNN.fineVote) as Voting,
  };
  const problem = validateGpnnParams(params);
  if (problem) bad(problem);
  let files: string[];
  try {
    files = readdirSync(values.images)
      .filter((f) => /\.(jpe?g|png)$/i.test(f))
      .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
  } catch {
    return bad(`cannot read the image folder ${values.images}`);
  }
  if (values.only) {
    const wanted = new Set(values.only.split(',').map((s) => s.trim()));
    files = files.filter((f) => wanted.has(stemOf(f)));
  }
  if (values.limit) files = files.slice(0, Number(values.limit));
  if (files.length === 0) bad(`no images in ${values.images}`);
  const settings: RunSettings = { height, samples, params, backend: values.backend as 'webgpu' | 'cpu' };
  const fine =
    (params.fineAlpha === undefined ? '' : `-fine${params.fineAlpha}`) +
    (params.fineVote === 'median' ? '-median' : '');
  const name = values.run ?? `places50-gpnn-${height ?? 'full'}-${params.nn}-k${samples}-${params.coarseShape}${fine}`;
  return run(files, values.images, values.paper, settings, join(values.out, name));
}

const stemOf = (file: string) => basename(file, extname(file));

/** Mean |Δ| in [0,1], or null where the sizes differ (a paper output at another size). */
function meanAbsDiff(a: RgbImage, b: RgbImage): number | null {
  return a.height === b.height && a.width === b.width ? meanAbsChange(a, b) : null;
}

function writePng(path: string, height: number, width: number, rgba: Buffer): Buffer {
  const png = new PNG({ width, height });
  rgba.copy(png.data);
  const bytes = PNG.sync.write(png);
  writeFileSync(path, bytes);
  return bytes;
}

/** Written to a temporary name and renamed: a half-written record is never read back as done. */
function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

async function benchImage(
  studio: HeadlessStudio,
  file: string,
  dir: string,
  paperDir: string,
  s: RunSettings,
  runDir: string,
): Promise<ImageRecord> {
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  // Places50 images are 250 px wide and 175–188 px high: the longer side that gives the requested height.
  const maxSide = s.height === null ? 4096 : Math.round((s.height * 250) / 188);
  const loaded = await studio.load('source', bytes, file, maxSide);
  const source = rgbaToRgb(loaded.rgba, loaded.working.height, loaded.working.width);
  const seeds = Array.from({ length: s.samples }, (_, i) => i + 1);
  const r = await studio.run({ kind: 'gpnn', task: { kind: 'sample', seeds }, params: s.params, sifid: false });
  const stem = stemOf(file);
  const sampleFiles: string[] = [];
  const pngs: Buffer[] = [];
  const images = r.outputs.map((o, i) => {
    const name = `samples/${stem}-seed${seeds[i]}.png`;
    pngs.push(writePng(join(runDir, name), o.height, o.width, Buffer.from(o.rgba, 'base64')));
    sampleFiles.push(name);
    return rgbaToRgb(Buffer.from(o.rgba, 'base64'), o.height, o.width);
  });
  // Ours against the source as the engine saw it (the working size); the papers' outputs against the original.
  const sourcePng = PNG.sync.write(
    Object.assign(new PNG({ width: loaded.working.width, height: loaded.working.height }), { data: loaded.rgba }),
  );
  const ours = await studio.sifid(
    new Uint8Array(sourcePng),
    pngs.map((b) => new Uint8Array(b)),
  );
  const sifidIn = (m: Awaited<ReturnType<HeadlessStudio['sifid']>>, i: number) =>
    m.metrics.find((x) => x.output === i)?.value ?? Number.NaN;
  const paperFiles = (['gpnn', 'singan'] as const).map(
    (m) => [`${stem}.png`, `${stem}.jpg`].map((f) => join(paperDir, m, f)).find((p) => existsSync(p)) ?? null,
  );
  const present = paperFiles.filter((p): p is string => p !== null);
  const theirs = present.length
    ? await studio.sifid(
        bytes,
        present.map((p) => new Uint8Array(readFileSync(p))),
      )
    : null;
  const original = s.height === null ? source : decodeImageFile(join(dir, file));
  const paper = Object.fromEntries(
    (['gpnn', 'singan'] as const).map((m, idx) => {
      const path = paperFiles[idx];
      if (!path || !theirs) return [m, null];
      return [
        m,
        { sifid: sifidIn(theirs, present.indexOf(path)), meanAbsDiff: meanAbsDiff(decodeImageFile(path), original) },
      ];
    }),
  ) as ImageRecord['paper'];
  return {
    image: file,
    height: loaded.working.height,
    width: loaded.working.width,
    seeds,
    samples: sampleFiles,
    sifid: seeds.map((_, i) => sifidIn(ours, i)),
    meanAbsDiff: images.map((img) => meanAbsDiff(img, source) ?? Number.NaN),
    diversity: images.length >= 2 ? diversity(images, source) : null,
    msPerSample: r.elapsedMs / s.samples,
    levelMs: r.scales.map(({ output, level, height, width, ms }) => ({ output, level, height, width, ms })),
    gpuPeakBytes: r.stats.gpuPeakBytes ?? 0,
    search: r.search,
    paper,
  };
}

async function run(files: string[], dir: string, paperDir: string, s: RunSettings, runDir: string) {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  mkdirSync(join(runDir, 'images'), { recursive: true });
  mkdirSync(join(runDir, 'samples'), { recursive: true });
  const settingsPath = join(runDir, 'settings.json');
  const settingsText = `${JSON.stringify(s, null, 2)}\n`;
  if (existsSync(settingsPath) && readFileSync(settingsPath, 'utf8') !== settingsText) {
    console.error(`error: ${runDir} holds a run with other settings; pass --run NAME for a new one`);
    process.exit(2);
  }
  writeAtomic(settingsPath, settingsText);
  const todo = files.filter((f) => !existsSync(join(runDir, 'images', `${stemOf(f)}.json`)));
  if (todo.length < files.length) log(`${files.length - todo.length} image(s) already done in ${runDir}: skipped`);
  if (todo.length > 0) {
    const studio = await startHeadlessStudio({ backend: s.backend, log });
    try {
      writeAtomic(join(runDir, 'backend.json'), `${JSON.stringify(studio.backend, null, 2)}\n`);
      for (const file of todo) {
        const rec = await benchImage(studio, file, dir, paperDir, s, runDir);
        writeAtomic(join(runDir, 'images', `${stemOf(file)}.json`), `${JSON.stringify(rec, null, 2)}\n`);
        log(
          `  ${file} ${formatSize(rec.width, rec.height)}: SIFID ${fmt(mean(rec.sifid))} (paper GPNN ${fmt(rec.paper.gpnn?.sifid)}, SinGAN ${fmt(rec.paper.singan?.sifid)}), ` +
            `diversity ${fmt(rec.diversity, 3)}, |Δ| ${rec.meanAbsDiff.map((v) => fmt(v, 3)).join('/')}, ${(rec.msPerSample / 1000).toFixed(1)} s/sample`,
        );
        writeTable(runDir, s);
      }
    } finally {
      await studio.close();
    }
  }
  console.log(writeTable(runDir, s));
  console.log(`results in ${resolve(runDir)} (table.md, summary.json, images/, samples/)`);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (v: number | null | undefined, digits = 4) =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits);
const meanOf = (xs: (number | null | undefined)[]) => {
  const ok = xs.filter((x): x is number => typeof x === 'number' && !Number.isNaN(x));
  return ok.length ? mean(ok) : null;
};

/** Rebuilds the table and summary from every record in the run folder (this sitting's and earlier ones). */
function writeTable(runDir: string, s: RunSettings): string {
  const records: ImageRecord[] = readdirSync(join(runDir, 'images'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(runDir, 'images', f), 'utf8')) as ImageRecord)
    .sort((a, b) => parseInt(a.image) - parseInt(b.image) || a.image.localeCompare(b.image));
  const copies = records.flatMap((r) => r.meanAbsDiff).filter((d) => d < 0.03).length;
  const summary = {
    images: records.map((r) => r.image),
    samplesPerImage: s.samples,
    ours: {
      meanSifid: meanOf(records.map((r) => mean(r.sifid))),
      meanDiversity: meanOf(records.map((r) => r.diversity)),
      meanAbsDiff: meanOf(records.flatMap((r) => r.meanAbsDiff)),
      minAbsDiff: records.length ? Math.min(...records.flatMap((r) => r.meanAbsDiff)) : null,
      samplesUnder003: copies,
      meanSecondsPerSample: (meanOf(records.map((r) => r.msPerSample)) ?? 0) / 1000,
    },
    paperGpnn: {
      meanSifid: meanOf(records.map((r) => r.paper.gpnn?.sifid)),
      meanAbsDiff: meanOf(records.map((r) => r.paper.gpnn?.meanAbsDiff)),
    },
    paperSingan: {
      meanSifid: meanOf(records.map((r) => r.paper.singan?.sifid)),
      meanAbsDiff: meanOf(records.map((r) => r.paper.singan?.meanAbsDiff)),
    },
  };
  writeAtomic(join(runDir, 'summary.json'), `${JSON.stringify({ settings: s, summary }, null, 2)}\n`);
  const p = s.params;
  const md = [
    `# Places50 · GPNN (ours) beside the papers' own outputs`,
    '',
    `${records.length} images at ${s.height ?? 'full size (250 px wide)'}; ours: K = ${s.samples} samples per image (seeds 1…${s.samples}), ` +
      `search ${p.nn}, T = ${p.iterations}, alpha ${p.alpha}${p.fineAlpha === undefined ? '' : ` (fine levels ${p.fineAlpha})`}${p.fineVote === 'median' ? ', median vote at the fine levels' : ''}, sigma ${p.sigma}, coarsest ${p.coarseDim} px (${p.coarseShape ?? 'square'}), backend ${s.backend}. ` +
      'The papers published one sample per image, so their diversity cannot be computed; mean |Δ| to the source shows copies (0) for all three.',
    '',
    'SIFID: the InceptionV3 stem from the nsfwjs weights (README); every number here comes from the same worker, so compare columns, not printed figures.',
    '',
    '| | SIFID ↓ ours | SIFID paper GPNN | SIFID paper SinGAN | diversity ours | mean abs diff ours | paper GPNN | paper SinGAN | s / sample |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| **mean** | **${fmt(summary.ours.meanSifid)}** | **${fmt(summary.paperGpnn.meanSifid)}** | **${fmt(summary.paperSingan.meanSifid)}** | **${fmt(summary.ours.meanDiversity, 3)}** | ` +
      `**${fmt(summary.ours.meanAbsDiff, 3)}** | **${fmt(summary.paperGpnn.meanAbsDiff, 3)}** | **${fmt(summary.paperSingan.meanAbsDiff, 3)}** | ${summary.ours.meanSecondsPerSample.toFixed(1)} |`,
    ...records.map(
      (r) =>
        `| ${r.image} (${formatSize(r.width, r.height)}) | ${r.sifid.map((v) => fmt(v)).join(', ')} | ${fmt(r.paper.gpnn?.sifid)} | ${fmt(r.paper.singan?.sifid)} | ${fmt(r.diversity, 3)} | ` +
        `${r.meanAbsDiff.map((v) => fmt(v, 3)).join(', ')} | ${fmt(r.paper.gpnn?.meanAbsDiff, 3)} | ${fmt(r.paper.singan?.meanAbsDiff, 3)} | ${(r.msPerSample / 1000).toFixed(1)} |`,
    ),
    '',
    `Samples with mean |Δ| < 0.03 (copies or near copies): ${copies} of ${records.length * s.samples}.`,
    '',
  ].join('\n');
  writeAtomic(join(runDir, 'table.md'), md);
  return md;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
