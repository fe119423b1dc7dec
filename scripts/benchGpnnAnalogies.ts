/**
 * Structural analogies, measured by which layout the output follows
 * (docs/algorithms.md, "Analogy layout note"): for each pair, both ways round,
 * the content image's patches rebuilt in the structure image's layout by the
 * engine in Node (tfjs wasm, the studio's CPU path). Per analogy: the
 * layout correlation of the output with the structure and with the content
 * (layout.ts), which one it follows, and SIFID to the content (its patches'
 * realism). With --reference DIR (files `<content>--<structure>.png`, e.g. the
 * official GPNN code's outputs made outside the repository from the same
 * resized inputs) the reference's outputs are measured the same way beside ours.
 *
 *   npm run bench:gpnn-analogies -- --pairs places50/5.jpg:places50/12.jpg,photos/dune.jpg:photos/storm.jpg --height 128 [--reference DIR] [--coarse 14] [--alpha A] [--run NAME]
 *
 * Paths in --pairs are under --data (default ../shared/data). One folder per
 * run under bench/results (records.jsonl appended per analogy, so a rerun
 * skips what is done; table.md; the inputs at the working size and the
 * outputs as PNGs under its git-ignored samples/, made from ../shared images).
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GPNN, type GpnnParams } from '../src/engine/gpnn/gpnnParams';
import { ANALOGY_ALPHA, ANALOGY_COARSE_DIM, type GpnnTaskSpec } from '../src/engine/gpnn/gpnnTask';
import { runGpnnTask } from '../src/engine/gpnn/runGpnnTask';
import { resizeAntialiased } from '../src/engine/image/resample';
import { rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';
import { layoutCorrelation } from '../src/engine/metrics/layout';
import { prepareSifidReference, sifidToReference } from '../src/engine/metrics/sifid';
import { fixedOrDash } from './lib/benchStats';
import { decodeImageFile } from './lib/imageFiles';
import { readJsonLines } from './lib/jsonLines';
import { row } from './lib/imageGrid';
import { startNodeGpnn } from './lib/nodeGpnn';
import { writePng } from './cli/imageIo';

const USAGE = `Usage: npm run bench:gpnn-analogies -- --pairs A:B[,C:D…] [--data DIR] [--height H] [--reference DIR]
       [--coarse N] [--alpha A] [--nn exact|patchmatch] [--out DIR] [--run NAME]
Each pair runs both ways (A's patches in B's layout, and B's in A's). Defaults: height 128, the studio's GPNN settings
(the analogy's own alpha ${ANALOGY_ALPHA} and coarsest side ${ANALOGY_COARSE_DIM}), PatchMatch.`;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    pairs: { type: 'string' },
    data: { type: 'string', default: '../shared/data' },
    height: { type: 'string', default: '128' },
    reference: { type: 'string' },
    coarse: { type: 'string' },
    alpha: { type: 'string' },
    nn: { type: 'string', default: 'patchmatch' },
    out: { type: 'string', default: 'bench/results' },
    run: { type: 'string' },
  },
});

function usage(problem: string): never {
  console.error(`error: ${problem}\n\n${USAGE}`);
  process.exit(2);
}

const pairs = (values.pairs ?? '')
  .split(',')
  .filter(Boolean)
  .map((p) => p.split(':'));
if (!pairs.length || pairs.some((p) => p.length !== 2)) usage('--pairs takes A:B pairs, comma-separated');
for (const file of pairs.flat()) if (!existsSync(join(values.data, file))) usage(`no image ${join(values.data, file)}`);
const height = Number(values.height);
if (!Number.isInteger(height) || height < 16) usage('--height must be a whole number of at least 16');
if (values.nn !== 'exact' && values.nn !== 'patchmatch') usage('--nn must be exact or patchmatch');
const params: GpnnParams = { ...DEFAULT_GPNN, nn: values.nn };
// --alpha and --coarse are the analogy's own, as in the page and the CLI; absent, the studio's defaults.
const task: GpnnTaskSpec = {
  kind: 'analogy',
  alpha: values.alpha === undefined ? ANALOGY_ALPHA : Number(values.alpha),
  coarseDim: values.coarse === undefined ? ANALOGY_COARSE_DIM : Number(values.coarse),
};

/** One analogy's measures: layout correlation with each input, SIFID to the content. */
interface Measured {
  structureR: number;
  contentR: number;
  sifid: number;
}

interface AnalogyRecord {
  content: string;
  structure: string;
  ours: Measured & { ms: number };
  reference: Measured | null;
}

const nameOf = (file: string) => basename(file, extname(file));
const savePng = (path: string, img: RgbImage) => writePng(path, img.height, img.width, Buffer.from(rgbToRgba(img)));
const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const { backend, stem } = await startNodeGpnn();
  const runName = values.run ?? `gpnn-analogies-${height}-${values.nn}`;
  const dir = join(values.out, runName);
  mkdirSync(join(dir, 'samples'), { recursive: true });
  const recordPath = join(dir, 'records.jsonl');
  const done = new Set(readJsonLines<AnalogyRecord>(recordPath).map((r) => `${r.content}--${r.structure}`));
  writeFileSync(
    join(dir, 'settings.json'),
    `${JSON.stringify({ pairs, height, params, task, reference: values.reference ?? null, engine: 'tfjs wasm in Node, one thread' }, null, 2)}\n`,
  );
  const load = (file: string) => {
    const img = decodeImageFile(join(values.data, file));
    return img.height > height ? resizeAntialiased(img, height, Math.round((img.width * height) / img.height)) : img;
  };
  for (const [a, b] of pairs)
    for (const [contentFile, structureFile] of [
      [a, b],
      [b, a],
    ]) {
      const key = `${nameOf(contentFile)}--${nameOf(structureFile)}`;
      if (done.has(key)) continue;
      const content = load(contentFile);
      const structure = load(structureFile);
      savePng(join(dir, 'samples', `${nameOf(contentFile)}.png`), content);
      const reference = await prepareSifidReference(stem, content);
      const measure = async (out: RgbImage): Promise<Measured> => ({
        structureR: layoutCorrelation(out, structure),
        contentR: layoutCorrelation(out, content),
        sifid: await sifidToReference(stem, reference, out),
      });
      const t0 = performance.now();
      const [out] = await runGpnnTask(backend, { source: content, structure }, task, params);
      const ms = performance.now() - t0;
      savePng(join(dir, 'samples', `${key}.png`), out);
      const refPath = values.reference ? join(values.reference, `${key}.png`) : null;
      const ref = refPath && existsSync(refPath) ? decodeImageFile(refPath) : null;
      savePng(join(dir, 'samples', `${key}-grid.png`), row([content, structure, out, ...(ref ? [ref] : [])]));
      const record: AnalogyRecord = {
        content: nameOf(contentFile),
        structure: nameOf(structureFile),
        ours: { ...(await measure(out)), ms: Math.round(ms) },
        reference: ref ? await measure(ref) : null,
      };
      appendFileSync(recordPath, `${JSON.stringify(record)}\n`);
      console.error(
        `${key}: layout r structure ${record.ours.structureR.toFixed(2)} / content ${record.ours.contentR.toFixed(2)}, SIFID ${record.ours.sifid.toFixed(3)}, ${(ms / 1000).toFixed(1)} s`,
      );
    }
  writeTable(dir, recordPath);
}

const follows = (m: Measured) => (m.structureR > m.contentR ? 'structure' : 'content');

function writeTable(dir: string, recordPath: string): void {
  const records = readJsonLines<AnalogyRecord>(recordPath);
  const lines = [
    '| content → structure | ours r structure / content | ours follows | ours SIFID to content | reference r structure / content | reference follows | reference SIFID | s |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of records) {
    const f = r.reference;
    lines.push(
      `| ${r.content} → ${r.structure} | ${r.ours.structureR.toFixed(2)} / ${r.ours.contentR.toFixed(2)} | ${follows(r.ours)} | ${r.ours.sifid.toFixed(3)} | ${f ? `${f.structureR.toFixed(2)} / ${f.contentR.toFixed(2)}` : '–'} | ${f ? follows(f) : '–'} | ${fixedOrDash(f?.sifid, 3)} | ${(r.ours.ms / 1000).toFixed(1)} |`,
    );
  }
  const ours = records.filter((r) => follows(r.ours) === 'structure').length;
  const refs = records.filter((r) => r.reference);
  const theirs = refs.filter((r) => follows(r.reference!) === 'structure').length;
  lines.push(
    '',
    `Ours follows the structure in ${ours} of ${records.length} analogies (median SIFID to the content ${median(records.map((r) => r.ours.sifid)).toFixed(3)})` +
      (refs.length
        ? `; the reference in ${theirs} of ${refs.length} (median SIFID ${median(refs.map((r) => r.reference!.sifid)).toFixed(3)}).`
        : '.'),
  );
  writeFileSync(join(dir, 'table.md'), `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
