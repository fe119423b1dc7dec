/**
 * The paper's Table 1 protocol on Places50 (ALGORITHMS.md §3): every image →
 * K GPNN samples in headless Chromium through the studio's worker; SIFID of
 * each sample against its source (computed in the worker, on the same
 * device), mean over images; diversity over the K samples; runtime.
 *
 *   npm run bench:places50 -- --limit 5 --height 64 --samples 2
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GPNN, validateGpnnParams, type GpnnParams } from '../src/engine/gpnn/gpnnParams';
import { rgbaToRgb } from '../src/engine/image/rgbImage';
import { diversity } from '../src/engine/metrics/diversity';
import { startHeadlessStudio } from './lib/headlessStudio';

const USAGE = `Usage: npm run bench:places50 -- [--images DIR] [--limit N] [--height H] [--samples K] [--method gpnn] [--nn exact|patchmatch]
       [--iterations T] [--alpha A] [--sigma S] [--backend webgpu|cpu] [--out DIR]
Defaults: ../shared/data/places50, all images, full size (188 px high), K = 2, exact search, the paper's GPNN parameters.`;

function main(): Promise<void> {
  let values;
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: {
        images: { type: 'string', default: '../shared/data/places50' },
        limit: { type: 'string' },
        height: { type: 'string' },
        samples: { type: 'string', default: '2' },
        method: { type: 'string', default: 'gpnn' },
        nn: { type: 'string', default: 'exact' },
        iterations: { type: 'string' },
        alpha: { type: 'string' },
        sigma: { type: 'string' },
        backend: { type: 'string', default: 'webgpu' },
        out: { type: 'string', default: 'bench/results' },
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
  if (values.method !== 'gpnn') bad(`--method ${values.method}: only gpnn is implemented (SinGAN comes with its own issue)`);
  if (values.nn !== 'exact' && values.nn !== 'patchmatch') bad('--nn must be exact or patchmatch');
  if (values.backend !== 'webgpu' && values.backend !== 'cpu') bad('--backend must be webgpu or cpu');
  const samples = Number(values.samples);
  if (!Number.isInteger(samples) || samples < 1 || samples > 64) bad('--samples must be 1..64');
  const height = values.height === undefined ? null : Number(values.height);
  if (height !== null && !(Number.isInteger(height) && height >= 32)) bad('--height must be a whole number ≥ 32');
  const params: GpnnParams = {
    ...DEFAULT_GPNN,
    nn: values.nn as 'exact' | 'patchmatch',
    iterations: values.iterations ? Number(values.iterations) : DEFAULT_GPNN.iterations,
    alpha: values.alpha ? Number(values.alpha) : DEFAULT_GPNN.alpha,
    sigma: values.sigma ? Number(values.sigma) : DEFAULT_GPNN.sigma,
  };
  const problem = validateGpnnParams(params);
  if (problem) bad(problem);
  let files: string[];
  try {
    files = readdirSync(values.images!).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
  } catch {
    return bad(`cannot read the image folder ${values.images}`);
  }
  if (values.limit) files = files.slice(0, Number(values.limit));
  if (files.length === 0) bad(`no images in ${values.images}`);
  return run(files, values.images!, height, samples, params, values.backend as 'webgpu' | 'cpu', values.out!);
}

async function run(files: string[], dir: string, height: number | null, k: number, params: GpnnParams, backend: 'webgpu' | 'cpu', outDir: string) {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const studio = await startHeadlessStudio({ backend, log });
  const started = new Date();
  const rows = [];
  try {
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(join(dir, file)));
      // Places50 images are 250×188 (landscape): the longer side that gives the requested height.
      const maxSide = height === null ? 4096 : Math.round((height * 250) / 188);
      const loaded = await studio.load('source', bytes, file, maxSide);
      const source = rgbaToRgb(loaded.rgba, loaded.working.height, loaded.working.width);
      const seeds = Array.from({ length: k }, (_, i) => i + 1);
      const r = await studio.run({ kind: 'gpnn', task: { kind: 'sample', seeds }, params, sifid: true });
      const sifids = seeds.map((_, i) => r.metrics.find((m) => m.output === i && m.level === 0)?.value ?? Number.NaN);
      const images = r.outputs.map((o) => rgbaToRgb(Buffer.from(o.rgba, 'base64'), o.height, o.width));
      const row = {
        image: file,
        height: loaded.working.height,
        width: loaded.working.width,
        sifid: sifids,
        meanSifid: sifids.reduce((a, b) => a + b, 0) / sifids.length,
        diversity: images.length >= 2 ? diversity(images, source) : null,
        msPerSample: r.elapsedMs / k,
        gpuPeakBytes: r.stats.gpuPeakBytes,
      };
      log(`  ${file} ${row.width}×${row.height}: SIFID ${row.meanSifid.toFixed(4)}, diversity ${row.diversity?.toFixed(3) ?? '–'}, ${(row.msPerSample / 1000).toFixed(2)} s/sample`);
      rows.push(row);
    }
  } finally {
    await studio.close();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const divs = rows.map((r) => r.diversity).filter((d): d is number => d !== null);
  const summary = {
    images: rows.length,
    samplesPerImage: k,
    meanSifid: mean(rows.map((r) => r.meanSifid)),
    meanDiversity: divs.length ? mean(divs) : null,
    meanSecondsPerSample: mean(rows.map((r) => r.msPerSample)) / 1000,
  };
  const stamp = started.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const result = {
    benchmark: 'places50',
    method: 'gpnn',
    date: started.toISOString(),
    backend: studio.backend,
    flags: { height, samples: k, nn: params.nn },
    params,
    notes: [
      'SIFID: InceptionV3 stem from the nsfwjs weights (see README); compare methods side by side, not with printed numbers.',
      'Diversity: per-pixel std of gray over the K samples, averaged, over the source gray std (ALGORITHMS.md §3).',
    ],
    summary,
    perImage: rows,
  };
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `places50-gpnn-${stamp}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  const md = [
    `# Places50 · GPNN · ${started.toISOString().slice(0, 10)}`,
    '',
    `Backend: ${studio.backend.kind} (${studio.backend.adapter}); ${rows.length} images at ${height ?? 'full'} px high; K = ${k}; search ${params.nn}; T = ${params.iterations}; alpha ${params.alpha}; sigma ${params.sigma}.`,
    '',
    '| method | images | SIFID ↓ (mean) | diversity | s / sample |',
    '| --- | --- | --- | --- | --- |',
    `| GPNN (${params.nn}) | ${rows.length} | ${summary.meanSifid.toFixed(4)} | ${summary.meanDiversity?.toFixed(3) ?? '–'} | ${summary.meanSecondsPerSample.toFixed(2)} |`,
    '',
    '| image | size | SIFID per sample | diversity | s / sample |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.image} | ${r.width}×${r.height} | ${r.sifid.map((v) => v.toFixed(4)).join(', ')} | ${r.diversity?.toFixed(3) ?? '–'} | ${(r.msPerSample / 1000).toFixed(2)} |`),
    '',
  ].join('\n');
  writeFileSync(`${base}.md`, md);
  console.log(md);
  console.log(`wrote ${resolve(`${base}.json`)} and .md`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
