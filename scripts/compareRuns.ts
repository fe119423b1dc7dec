/**
 * Two bench:places50 runs side by side (e.g. exact search against PatchMatch
 * at the same size and seeds): per image the mean SIFID and the diversity of
 * each, then the means and B's ratio to A. Only images both runs finished,
 * with the same seeds, are compared.
 *
 *   npm run bench:compare -- bench/results/places50-gpnn-64-exact-k3-square bench/results/places50-gpnn-64-patchmatch-k3-square
 *
 * Writes <out>/<name>.md and .json (default bench/results/compare-<A>-vs-<B>).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

interface Record {
  readonly image: string;
  readonly seeds: number[];
  readonly sifid: number[];
  readonly diversity: number | null;
  readonly meanAbsDiff: number[];
  readonly msPerSample: number;
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { out: { type: 'string', default: 'bench/results' } },
});
if (positionals.length !== 2) {
  console.error('Usage: npm run bench:compare -- RUN_A RUN_B [--out DIR]');
  process.exit(2);
}
const [dirA, dirB] = positionals;

function records(dir: string): Map<string, Record> {
  const images = join(dir, 'images');
  if (!existsSync(images)) {
    console.error(`error: ${dir} is not a bench:places50 run (no images/ folder)`);
    process.exit(2);
  }
  return new Map(
    readdirSync(images)
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        const r = JSON.parse(readFileSync(join(images, f), 'utf8')) as Record;
        return [r.image, r];
      }),
  );
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const a = records(dirA);
const b = records(dirB);
const rows = [...a.keys()]
  .filter((k) => b.has(k) && JSON.stringify(a.get(k)!.seeds) === JSON.stringify(b.get(k)!.seeds))
  .sort((x, y) => parseInt(x) - parseInt(y))
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
const div = (i: number) => mean(rows.map((r) => r.diversity[i] ?? Number.NaN));
const summary = {
  a: basename(dirA),
  b: basename(dirB),
  images: rows.map((r) => r.image),
  samples: a.get(rows[0].image)!.seeds.length,
  meanSifid: [col('sifid', 0), col('sifid', 1)],
  meanDiversity: [div(0), div(1)],
  meanAbsDiff: [col('meanAbsDiff', 0), col('meanAbsDiff', 1)],
  secondsPerSample: [col('secondsPerSample', 0), col('secondsPerSample', 1)],
  ratio: {
    sifid: col('sifid', 1) / col('sifid', 0),
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
  `B / A: SIFID ${f(summary.ratio.sifid)}, diversity ${f(summary.ratio.diversity)}, time ${f(summary.ratio.time)}.`,
  '',
].join('\n');
const name = `compare-${summary.a}-vs-${summary.b}`;
writeFileSync(join(values.out, `${name}.md`), md);
writeFileSync(join(values.out, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
console.log(md);
console.log(`written: ${join(values.out, name)}.md and .json`);
