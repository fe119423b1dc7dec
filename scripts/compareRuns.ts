/**
 * Two runs side by side (e.g. exact search against PatchMatch at the same
 * size and seeds): bench:places50 runs (an images/ folder) or
 * bench:gpnn-quality samples runs (records.jsonl). Per image the mean SIFID
 * and the diversity of each, then the means, medians and worst with B's
 * ratio to A. Only images both runs finished, with the same seeds, are
 * compared. With --grid and both runs' sample PNGs at hand, a crop grid per
 * image (source | A | B at three places, 3× nearest) goes under
 * <out>/<name>/samples/, git-ignored like every sample of a ../shared image.
 *
 *   npm run bench:compare -- bench/results/places50-gpnn-64-exact-k3-square bench/results/places50-gpnn-64-patchmatch-k3-square
 *   npm run bench:compare -- bench/results/gpnn-quality-samples-places50-full-exact-k1 bench/results/gpnn-quality-samples-places50-full-pm-k1 --grid
 *
 * Writes <out>/<name>.md and .json (default bench/results/compare-<A>-vs-<B>).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';
import { writePng } from './cli/imageIo';
import { decodeImageFile } from './lib/imageFiles';
import { cropRect, enlarge, row, stack } from './lib/imageGrid';

interface Record {
  readonly image: string;
  readonly seeds: number[];
  readonly sifid: number[];
  readonly diversity: number | null;
  readonly meanAbsDiff: number[];
  readonly msPerSample: number;
  /** The sample PNGs, by seed order, where the run kept them. */
  readonly samples?: readonly string[];
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { out: { type: 'string', default: 'bench/results' }, grid: { type: 'boolean', default: false } },
});
if (positionals.length !== 2) {
  console.error('Usage: npm run bench:compare -- RUN_A RUN_B [--out DIR] [--grid]');
  process.exit(2);
}
const [dirA, dirB] = positionals;

function records(dir: string): Map<string, Record> {
  const images = join(dir, 'images');
  const jsonl = join(dir, 'records.jsonl');
  if (existsSync(images))
    return new Map(
      readdirSync(images)
        .filter((f) => f.endsWith('.json'))
        .map((f) => {
          const r = JSON.parse(readFileSync(join(images, f), 'utf8')) as Record;
          return [r.image, { ...r, samples: r.samples?.map((s) => join(dir, s)) }];
        }),
    );
  if (existsSync(jsonl))
    return new Map(
      readFileSync(jsonl, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const r = JSON.parse(line) as Omit<Record, 'diversity' | 'samples'>;
          const samples = r.seeds.map((seed) => join(dir, 'samples', `${r.image}-seed${seed}.png`));
          return [r.image, { ...r, diversity: null, samples }];
        }),
    );
  console.error(`error: ${dir} is neither a bench:places50 run (images/) nor a bench:gpnn-quality run (records.jsonl)`);
  process.exit(2);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const a = records(dirA);
const b = records(dirB);
const rows = [...a.keys()]
  .filter((k) => b.has(k) && JSON.stringify(a.get(k)!.seeds) === JSON.stringify(b.get(k)!.seeds))
  .sort((x, y) => parseInt(x) - parseInt(y) || x.localeCompare(y))
  .map((image) => {
    const [ra, rb] = [a.get(image)!, b.get(image)!];
    return {
      image,
      sifid: [mean(ra.sifid), mean(rb.sifid)],
      diversity: [ra.diversity, rb.diversity],
      meanAbsDiff: [mean(ra.meanAbsDiff), mean(rb.meanAbsDiff)],
      secondsPerSample: [ra.msPerSample / 1000, rb.msPerSample / 1000],
    };
  });
if (rows.length === 0) {
  console.error('error: the two runs share no finished image with the same seeds');
  process.exit(1);
}
const col = (k: 'sifid' | 'meanAbsDiff' | 'secondsPerSample', i: number) => mean(rows.map((r) => r[k][i]));
const median = (xs: number[]) => {
  const v = [...xs].sort((p, q) => p - q);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
/** Every sample's SIFID of a run, over the compared images. */
const allSifid = (m: Map<string, Record>) => rows.flatMap((r) => m.get(r.image)!.sifid);
const div = (i: number) => mean(rows.map((r) => r.diversity[i] ?? Number.NaN));
const summary = {
  a: basename(dirA),
  b: basename(dirB),
  images: rows.map((r) => r.image),
  samples: a.get(rows[0].image)!.seeds.length,
  meanSifid: [col('sifid', 0), col('sifid', 1)],
  medianSifid: [median(allSifid(a)), median(allSifid(b))],
  worstSifid: [Math.max(...allSifid(a)), Math.max(...allSifid(b))],
  meanDiversity: [div(0), div(1)],
  meanAbsDiff: [col('meanAbsDiff', 0), col('meanAbsDiff', 1)],
  secondsPerSample: [col('secondsPerSample', 0), col('secondsPerSample', 1)],
  ratio: {
    sifid: col('sifid', 1) / col('sifid', 0),
    medianSifid: median(allSifid(b)) / median(allSifid(a)),
    worstSifid: Math.max(...allSifid(b)) / Math.max(...allSifid(a)),
    diversity: div(1) / div(0),
    time: col('secondsPerSample', 1) / col('secondsPerSample', 0),
  },
  rows,
};

const f = (x: number | null, d = 3) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(d));
const md = [
  `# ${summary.a} (A) vs ${summary.b} (B)`,
  '',
  `${rows.length} images, ${summary.samples} samples each with the same seeds. SIFID is the mean over an image's samples; diversity is over its samples (docs/algorithms.md, "Diversity").`,
  '',
  '| | SIFID A | SIFID B | diversity A | diversity B | mean abs diff A | mean abs diff B | s/sample A | s/sample B |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  `| **mean** | **${f(summary.meanSifid[0])}** | **${f(summary.meanSifid[1])}** | **${f(summary.meanDiversity[0])}** | **${f(summary.meanDiversity[1])}** | **${f(summary.meanAbsDiff[0])}** | **${f(summary.meanAbsDiff[1])}** | ${f(summary.secondsPerSample[0], 1)} | ${f(summary.secondsPerSample[1], 1)} |`,
  ...rows.map(
    (r) =>
      `| ${r.image} | ${f(r.sifid[0])} | ${f(r.sifid[1])} | ${f(r.diversity[0])} | ${f(r.diversity[1])} | ${f(r.meanAbsDiff[0])} | ${f(r.meanAbsDiff[1])} | ${f(r.secondsPerSample[0], 1)} | ${f(r.secondsPerSample[1], 1)} |`,
  ),
  '',
  `Every sample's SIFID: median A ${f(summary.medianSifid[0])}, B ${f(summary.medianSifid[1])}; worst A ${f(summary.worstSifid[0])}, B ${f(summary.worstSifid[1])}.`,
  '',
  `B / A: SIFID mean ${f(summary.ratio.sifid)}, median ${f(summary.ratio.medianSifid)}, worst ${f(summary.ratio.worstSifid)}; diversity ${f(summary.ratio.diversity)}, time ${f(summary.ratio.time)}.`,
  '',
].join('\n');
const name = `compare-${summary.a}-vs-${summary.b}`;
writeFileSync(join(values.out, `${name}.md`), md);
writeFileSync(join(values.out, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
if (values.grid) writeGrids(join(values.out, name, 'samples'));
console.log(md);
console.log(`written: ${join(values.out, name)}.md and .json`);

/** A square crop of `side` px centred at (fy, fx) of the picture, clamped inside it, scaled `k`× by repetition. */
function crop(img: RgbImage, fy: number, fx: number, side: number, k: number): RgbImage {
  const h = Math.min(side, img.height);
  const w = Math.min(side, img.width);
  const y0 = Math.max(0, Math.min(img.height - h, Math.round(fy * img.height - h / 2)));
  const x0 = Math.max(0, Math.min(img.width - w, Math.round(fx * img.width - w / 2)));
  return enlarge(cropRect(img, y0, x0, h, w), k);
}

/** Per image: the first common seed's samples of A and B beside the source, whole and at three crops. */
function writeGrids(dir: string): void {
  const settings = JSON.parse(readFileSync(join(dirA, 'settings.json'), 'utf8')) as { images?: string };
  const sourceDir = settings.images ?? '../shared/data/places50';
  mkdirSync(dir, { recursive: true });
  for (const r of rows) {
    const [ra, rb] = [a.get(r.image)!, b.get(r.image)!];
    const source = ['jpg', 'png'].map((ext) => join(sourceDir, `${r.image}.${ext}`)).find((p) => existsSync(p));
    const [pa, pb] = [ra.samples?.[0], rb.samples?.[0]];
    if (!source || !pa || !pb || !existsSync(pa) || !existsSync(pb)) {
      console.error(`no grid for ${r.image}: its source or a sample PNG is missing`);
      continue;
    }
    const imgs = [decodeImageFile(source), decodeImageFile(pa), decodeImageFile(pb)];
    const crops = [
      [0.3, 0.3],
      [0.5, 0.5],
      [0.7, 0.7],
    ].map(([fy, fx]) => row(imgs.map((img) => crop(img, fy, fx, 48, 3))));
    const grid = stack([row(imgs), ...crops]);
    writePng(join(dir, `${r.image}-crops.png`), grid.height, grid.width, Buffer.from(rgbToRgba(grid)));
  }
  console.log(`crop grids (source | A | B, whole then three 48 px crops at 3×): ${dir}`);
}
