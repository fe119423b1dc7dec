/**
 * GPNN output quality on real photos, per output and at its worst, run on the
 * engine itself in Node (tfjs's wasm backend: the studio's CPU path, the same
 * engine code the worker runs), one process per core:
 *
 *  - retarget: every image × width factor, SIFID to the source and the time;
 *    with --reference DIR (files `<image>-w<factor>.png`, e.g. GPDM's outputs
 *    made outside the repository) the reference's SIFID under the same metric
 *    beside ours, and a grid per factor: source | ours | reference.
 *  - samples: K seeds per image, SIFID and mean |Δ| to the source per sample,
 *    per image the median and the worst-to-median ratio, diversity, which
 *    samples were redrawn, over all the mean, median and worst sample;
 *    --fine-alpha compares a completeness schedule; with --reference DIR
 *    (files `<image>-seed<k>.png`, e.g. the official GPNN code's samples made
 *    outside the repository at the same size) the reference's samples of the
 *    same seeds scored the same way, medians side by side.
 *  - inpaint: one hole per image, the video benchmark's (the middle 16% of
 *    the width, 26% of the height, over real content, so what was there is
 *    known), filled by the still inpainting: in the hole, mean |Δ| to what was
 *    there; off the hole and the patch-wide band around it, the mean and the
 *    largest change (the put-back keeps both 0); SIFID of the whole picture
 *    to the source; the time; a sheet per image: the hole tinted red | the
 *    fill, and the hole's surroundings at 2×.
 *
 *   npm run bench:gpnn-quality -- --suite retarget --images ../shared/data/photos --only ladybird,kite --height 128 --factors 1.5,0.7 --reference /tmp/gpdm
 *   npm run bench:gpnn-quality -- --suite samples --images ../shared/data/places50 --limit 10 --seeds 8 --height 128
 *   npm run bench:gpnn-quality -- --suite inpaint --images ../shared/data/photos --only bridge,dune
 *
 * A run is one folder under bench/results (its record, a table and, under
 * samples/, the PNGs: made from ../shared photos, so never committed). Records
 * are appended as each image finishes, so an interrupted run keeps its work.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GPNN, type GpnnParams } from '../src/engine/gpnn/gpnnParams';
import { RETARGET_ALPHA } from '../src/engine/gpnn/gpnnTask';
import { GpnnInputError } from '../src/engine/gpnn/gpnnPlan';
import { runGpnnTask } from '../src/engine/gpnn/runGpnnTask';
import { resizeAntialiased } from '../src/engine/image/resample';
import { rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';
import { meanAbsChange } from '../src/engine/animation/flicker';
import { diversity } from '../src/engine/metrics/diversity';
import { prepareSifidReference, sifidToReference } from '../src/engine/metrics/sifid';
import { fixedOrDash } from './lib/benchStats';
import { decodeImageFile } from './lib/imageFiles';
import { readJsonLines } from './lib/jsonLines';
import { startNodeGpnn } from './lib/nodeGpnn';
import { VOTINGS, type Voting } from '../src/engine/patches/voting';
import { writePng } from './cli/imageIo';
import { cropRect, enlarge, row, stack, tint } from './lib/imageGrid';
import { bestMatch, type Match } from './lib/bestMatch';
import { maskLabels, maskBox, maskTable, readMasks, type MaskSpec, type MaskedRow } from './lib/retargetMasks';
import { inpaintOne, inpaintTable, type InpaintRecord } from './benchGpnnInpaint';

const USAGE = `Usage: npm run bench:gpnn-quality -- --suite retarget|samples|inpaint --images DIR [--only a,b | --limit N] [--height H]
       [--nn exact|patchmatch] [--factors 1.5,0.7] [--reference DIR] [--masks FILE] [--seeds K] [--alpha A] [--fine-alpha F] [--fine-vote median|mean]
       [--out DIR] [--run NAME]
Defaults: full size (H 0), PatchMatch, factors 1.5,0.7, K = 8 seeds, retargeting at its own alpha (${RETARGET_ALPHA}),
samples at the fine-level alpha ${DEFAULT_GPNN.fineAlpha} (--fine-alpha 0.005 = the paper's alpha at every level), every task at the
fine-level vote ${DEFAULT_GPNN.fineVote} (--fine-vote mean = the paper's vote at every level).`;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    suite: { type: 'string' },
    images: { type: 'string' },
    only: { type: 'string' },
    limit: { type: 'string' },
    height: { type: 'string', default: '0' },
    nn: { type: 'string', default: 'patchmatch' },
    factors: { type: 'string', default: '1.5,0.7' },
    reference: { type: 'string' },
    masks: { type: 'string' },
    seeds: { type: 'string', default: '8' },
    alpha: { type: 'string' },
    'fine-alpha': { type: 'string' },
    'fine-vote': { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
    run: { type: 'string' },
  },
});

function usage(problem: string): never {
  console.error(`error: ${problem}\n\n${USAGE}`);
  process.exit(2);
}

const suite = values.suite;
if (suite !== 'retarget' && suite !== 'samples' && suite !== 'inpaint')
  usage('--suite must be retarget, samples or inpaint');
if (!values.images || !existsSync(values.images)) usage(`no image folder ${values.images ?? '(give --images DIR)'}`);
const nn = values.nn;
if (nn !== 'exact' && nn !== 'patchmatch') usage('--nn must be exact or patchmatch');
if (values['fine-vote'] !== undefined && !VOTINGS.includes(values['fine-vote'] as Voting))
  usage(`--fine-vote must be ${VOTINGS.join(' or ')}`);
const height = Number(values.height);
const factors = values.factors.split(',').map(Number);
const seedCount = Number(values.seeds);
if (!Number.isInteger(height) || height < 0) usage('--height must be a whole number (0 = full size)');
if (factors.some((f) => !(f >= 0.3 && f <= 3))) usage('--factors must lie in 0.3..3');
if (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > 64) usage('--seeds must be 1..64');
if (values.masks && suite !== 'retarget') usage('--masks is for the retarget suite');
let masks: Record<string, MaskSpec> = {};
try {
  if (values.masks) masks = readMasks(values.masks);
} catch (err) {
  usage((err as Error).message);
}

const log = (s: string) => process.stderr.write(`${s}\n`);

const savePng = (path: string, img: RgbImage) => writePng(path, img.height, img.width, Buffer.from(rgbToRgba(img)));

const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** One retarget of an image, as records.jsonl holds it. */
interface RetargetRow {
  factor: number;
  sifid: number;
  ms: number;
  reference: { sifid: number; width: number; height: number } | null;
  /** With --masks: the same retarget with the image's painted mask. */
  masked?: MaskedRow;
}

/** A line of records.jsonl in the retarget suite. */
interface RetargetRecord {
  image: string;
  width: number;
  height: number;
  retargets: RetargetRow[];
}

/** A line of records.jsonl in the samples suite. */
interface SampleRecord {
  image: string;
  width: number;
  height: number;
  seeds: number[];
  sifid: number[];
  meanAbsDiff: number[];
  msPerSample: number;
  /** Per sample, the noise draw delivered (0 = the seed's first; more = draws refused: copies, incoherent or incomplete layouts). */
  draws?: number[];
  /** Per-pixel std across the samples over the source's (diversity.ts); null for one sample. */
  diversity?: number | null;
  /** With --reference: the reference's samples found for these seeds (`<image>-seed<k>.png`), scored the same way. */
  reference?: { seeds: number[]; sifid: number[]; meanAbsDiff: number[] } | null;
}

async function main(): Promise<void> {
  const { backend, stem } = await startNodeGpnn();

  let files = readdirSync(values.images!)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (values.only) {
    const only = new Set(values.only.split(','));
    files = files.filter((f) => only.has(basename(f, extname(f))) || only.has(f));
  } else if (values.limit) files = files.slice(0, Number(values.limit));
  if (files.length === 0) usage('no images selected');

  const runName = values.run ?? `gpnn-quality-${suite}-${basename(values.images!)}-${height || 'full'}-${nn}`;
  const dir = join(values.out, runName);
  mkdirSync(join(dir, 'samples'), { recursive: true });
  const recordPath = join(dir, 'records.jsonl');
  const done = new Set(readJsonLines<{ image: string }>(recordPath).map((r) => r.image));
  const params: GpnnParams = {
    ...DEFAULT_GPNN,
    nn: nn as 'exact' | 'patchmatch',
    ...(values['fine-alpha'] === undefined ? {} : { fineAlpha: Number(values['fine-alpha']) }),
    ...(values['fine-vote'] === undefined ? {} : { fineVote: values['fine-vote'] as Voting }),
  };
  const settings = {
    suite,
    images: values.images,
    height: height || null,
    nn,
    factors,
    seeds: seedCount,
    alpha: values.alpha ?? null,
    fineAlpha: params.fineAlpha ?? null,
    fineVote: params.fineVote ?? null,
    reference: values.reference ?? null,
    masks: values.masks ?? null,
    engine: 'tfjs wasm in Node, one thread',
  };
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);

  for (const file of files) {
    const name = basename(file, extname(file));
    if (done.has(name)) continue;
    let src = decodeImageFile(join(values.images!, file));
    if (height && height < src.height)
      src = resizeAntialiased(src, height, Math.round((src.width * height) / src.height));
    // Every output of this image is scored against the same source statistics: computed once.
    const reference = await prepareSifidReference(stem, src);
    const sifid = (fake: RgbImage) => sifidToReference(stem, reference, fake);
    if (suite === 'retarget') {
      const rows: RetargetRow[] = [];
      for (const f of factors) {
        const t0 = performance.now();
        const alpha = values.alpha === undefined ? RETARGET_ALPHA : Number(values.alpha);
        const [out] = await runGpnnTask(
          backend,
          { source: src },
          { kind: 'retarget', height: src.height, width: Math.round(src.width * f), alpha },
          params,
        );
        const ms = performance.now() - t0;
        savePng(join(dir, 'samples', `${name}-w${f}.png`), out);
        const refPath = values.reference ? join(values.reference, `${name}-w${f}.png`) : null;
        const ref = refPath && existsSync(refPath) ? decodeImageFile(refPath) : null;
        const grid = [src, out, ...(ref ? [ref] : [])];
        savePng(join(dir, 'samples', `${name}-w${f}-grid.png`), row(grid));
        const mask = masks[name];
        rows.push({
          factor: f,
          sifid: await sifid(out),
          ms: Math.round(ms),
          reference: ref ? { sifid: await sifid(ref), width: ref.width, height: ref.height } : null,
          ...(mask
            ? { masked: await maskedRetarget({ backend, dir, params }, name, f, src, out, mask, alpha, sifid) }
            : {}),
        });
        log(
          `${name} ×${f}: SIFID ${rows.at(-1)!.sifid.toFixed(3)}${ref ? ` (reference ${rows.at(-1)!.reference!.sifid.toFixed(3)})` : ''} in ${(ms / 1000).toFixed(1)} s`,
        );
      }
      appendFileSync(
        recordPath,
        `${JSON.stringify({ image: name, width: src.width, height: src.height, retargets: rows } satisfies RetargetRecord)}\n`,
      );
    } else if (suite === 'inpaint') {
      const record = await inpaintOne(backend, params, name, src, sifid, (file, img) =>
        savePng(join(dir, 'samples', file), img),
      );
      appendFileSync(recordPath, `${JSON.stringify(record)}\n`);
      log(
        `${name}: hole → what was there ${record.toTruth.toFixed(3)}, off the hole mean ${record.outside.toFixed(4)} (largest ${record.outsideMax.toFixed(3)}), SIFID ${record.sifid.toFixed(3)} in ${(record.ms / 1000).toFixed(1)} s`,
      );
    } else {
      const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
      const t0 = performance.now();
      const draws = seeds.map(() => 0);
      const outs = await runGpnnTask(
        backend,
        { source: src },
        { kind: 'sample', seeds },
        values.alpha === undefined ? params : { ...params, alpha: Number(values.alpha) },
        { onRedraw: (i, draw) => (draws[i] = draw) },
      );
      const ms = (performance.now() - t0) / seeds.length;
      const sif: number[] = [];
      for (const [i, out] of outs.entries()) {
        savePng(join(dir, 'samples', `${name}-seed${seeds[i]}.png`), out);
        sif.push(await sifid(out));
      }
      const mad = outs.map((o) => meanAbsChange(o, src));
      const refSeeds = values.reference
        ? seeds.filter((k) => existsSync(join(values.reference!, `${name}-seed${k}.png`)))
        : [];
      const refs = refSeeds.map((k) => decodeImageFile(join(values.reference!, `${name}-seed${k}.png`)));
      for (const r of refs)
        if (r.height !== src.height || r.width !== src.width)
          throw new Error(
            `${name}: the reference's samples are ${r.width}×${r.height}, the source ${src.width}×${src.height}`,
          );
      const refSifid: number[] = [];
      for (const r of refs) refSifid.push(await sifid(r));
      const reference = refs.length
        ? { seeds: refSeeds, sifid: refSifid, meanAbsDiff: refs.map((r) => meanAbsChange(r, src)) }
        : null;
      const worst = sif.indexOf(Math.max(...sif));
      savePng(join(dir, 'samples', `${name}-grid.png`), stack([row([src, outs[worst]]), row(outs.slice(0, 4))]));
      appendFileSync(
        recordPath,
        `${JSON.stringify({ image: name, width: src.width, height: src.height, seeds, sifid: sif, meanAbsDiff: mad, msPerSample: Math.round(ms), draws, diversity: outs.length >= 2 ? diversity(outs, src) : null, reference } satisfies SampleRecord)}\n`,
      );
      log(
        `${name}: SIFID median ${median(sif).toFixed(3)}, worst ${Math.max(...sif).toFixed(3)} (seed ${seeds[worst]}), |Δ| ${mean(mad).toFixed(3)}, ${(ms / 1000).toFixed(1)} s/sample`,
      );
    }
  }
  writeTable(dir, recordPath);
}

/**
 * The retarget again with the image's painted mask, and the sheet a person
 * checks it on: the source with the mask tinted (green keep, red remove) |
 * without the mask | with it, and under them the object's crop from the
 * source beside its best match in each output, at 2×.
 */
async function maskedRetarget(
  run: {
    readonly backend: Awaited<ReturnType<typeof startNodeGpnn>>['backend'];
    readonly dir: string;
    readonly params: GpnnParams;
  },
  name: string,
  f: number,
  src: RgbImage,
  plain: RgbImage,
  mask: MaskSpec,
  alpha: number,
  sifid: (img: RgbImage) => Promise<number>,
): Promise<MaskedRow> {
  const box = maskBox(mask, src.height, src.width);
  const labels = maskLabels(mask, src.height, src.width);
  const object = cropRect(src, box.y, box.x, box.height, box.width);
  const t0 = performance.now();
  let out: RgbImage | null = null;
  let error: string | null = null;
  try {
    [out] = await runGpnnTask(
      run.backend,
      { source: src },
      { kind: 'retarget', height: src.height, width: Math.round(src.width * f), alpha, labels },
      run.params,
    );
  } catch (err) {
    if (!(err instanceof GpnnInputError)) throw err;
    error = err.message;
  }
  const ms = Math.round(performance.now() - t0);
  const fits = (img: RgbImage) => img.width >= box.width && img.height >= box.height;
  const plainMatch = fits(plain) ? bestMatch(plain, object) : null;
  const maskedMatch = out && fits(out) ? bestMatch(out, object) : null;
  const at = (img: RgbImage, m: Match | null) =>
    enlarge(m ? cropRect(img, m.y, m.x, box.height, box.width) : object, 2);
  const inside = (p: number) => labels[p] !== 0;
  const shown = tint(src, inside, mask.kind === 'keep' ? [0, 1, 0] : [1, 0, 0]);
  const sheet = stack([
    row([shown, plain, ...(out ? [out] : [])]),
    row([enlarge(object, 2), at(plain, plainMatch), ...(out ? [at(out, maskedMatch)] : [])]),
  ]);
  if (out) savePng(join(run.dir, 'samples', `${name}-w${f}-${mask.kind}.png`), out);
  savePng(join(run.dir, 'samples', `${name}-w${f}-${mask.kind}-grid.png`), sheet);
  const result: MaskedRow = {
    kind: mask.kind,
    what: mask.what,
    sifid: out ? await sifid(out) : null,
    ms,
    error,
    objectMatch: { masked: maskedMatch?.meanAbsDiff ?? null, plain: plainMatch?.meanAbsDiff ?? null },
  };
  log(
    `${name} ×${f} ${mask.kind} ${mask.what}: ${out ? `SIFID ${result.sifid!.toFixed(3)}, object's best match |Δ| ${fixedOrDash(result.objectMatch.masked, 3)} (without the mask ${fixedOrDash(result.objectMatch.plain, 3)})` : `refused: ${error}`}`,
  );
  return result;
}

function writeTable(dir: string, recordPath: string): void {
  const records = readJsonLines<unknown>(recordPath);
  const lines: string[] = [];
  if (suite === 'retarget') {
    const retargeted = records as RetargetRecord[];
    lines.push(
      '| image | width × | ours SIFID ↓ | reference SIFID | ours / reference | time s |',
      '|---|---|---|---|---|---|',
    );
    for (const r of retargeted) {
      for (const t of r.retargets) {
        const ref = t.reference?.sifid ?? null;
        lines.push(
          `| ${r.image} | ${t.factor} | ${t.sifid.toFixed(3)} | ${fixedOrDash(ref, 3)} | ${fixedOrDash(ref ? t.sifid / ref : null, 2)} | ${(t.ms / 1000).toFixed(1)} |`,
        );
      }
    }
    for (const f of factors) {
      const ours = retargeted.flatMap((r) => r.retargets.filter((t) => t.factor === f).map((t) => t.sifid));
      if (ours.length)
        lines.push(
          '',
          `×${f}: mean ${mean(ours).toFixed(3)}, median ${median(ours).toFixed(3)}, worst ${Math.max(...ours).toFixed(3)} over ${ours.length} images.`,
        );
    }
    if (retargeted.some((r) => r.retargets.some((t) => t.masked))) lines.push('', ...maskTable(retargeted));
  } else if (suite === 'inpaint') {
    lines.push(...inpaintTable(records as InpaintRecord[]));
  } else {
    const sampled = records as SampleRecord[];
    lines.push(
      '| image | median SIFID ↓ | worst | worst / median | mean \\|Δ\\| to source | diversity | redrawn | s per sample |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const r of sampled) {
      const m = median(r.sifid);
      lines.push(
        `| ${r.image} | ${m.toFixed(3)} | ${Math.max(...r.sifid).toFixed(3)} | ${(Math.max(...r.sifid) / m).toFixed(2)} | ${mean(r.meanAbsDiff).toFixed(3)} | ${fixedOrDash(r.diversity, 3)} | ${r.draws ? r.draws.filter((d) => d > 0).length : '–'} | ${(r.msPerSample / 1000).toFixed(1)} |`,
      );
    }
    const all = sampled.flatMap((r) => r.sifid);
    const mads = sampled.flatMap((r) => r.meanAbsDiff);
    const ratios = sampled.map((r) => Math.max(...r.sifid) / median(r.sifid));
    lines.push(
      '',
      `All ${all.length} samples: SIFID mean ${mean(all).toFixed(3)}, median ${median(all).toFixed(3)}, worst ${Math.max(...all).toFixed(3)}; mean |Δ| ${mean(mads).toFixed(3)} (least ${Math.min(...mads).toFixed(3)}); worst/median per image at most ${Math.max(...ratios).toFixed(2)}.`,
    );
    const withRef = sampled.filter((r) => r.reference);
    if (withRef.length) lines.push('', ...referenceTable(withRef));
  }
  writeFileSync(join(dir, 'table.md'), `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
}

/** Ours beside --reference's samples of the same images and seeds, under the same metric. */
function referenceTable(records: readonly SampleRecord[]): string[] {
  const lines = [
    '| image | seeds | ours median SIFID | reference median | ours / reference | ours \\|Δ\\| | reference \\|Δ\\| |',
    '|---|---|---|---|---|---|---|',
  ];
  const ours: number[] = [];
  const theirs: number[] = [];
  const oursMad: number[] = [];
  const theirsMad: number[] = [];
  for (const r of records) {
    const ref = r.reference!;
    // The same seeds on both sides, so the medians compare like with like.
    const mine = ref.seeds.map((k) => r.sifid[r.seeds.indexOf(k)]);
    const mineMad = ref.seeds.map((k) => r.meanAbsDiff[r.seeds.indexOf(k)]);
    ours.push(...mine);
    theirs.push(...ref.sifid);
    oursMad.push(...mineMad);
    theirsMad.push(...ref.meanAbsDiff);
    lines.push(
      `| ${r.image} | ${ref.seeds.join(',')} | ${median(mine).toFixed(3)} | ${median(ref.sifid).toFixed(3)} | ${(median(mine) / median(ref.sifid)).toFixed(2)} | ${mean(mineMad).toFixed(3)} | ${mean(ref.meanAbsDiff).toFixed(3)} |`,
    );
  }
  lines.push(
    '',
    `Same ${ours.length} samples: ours mean ${mean(ours).toFixed(3)}, median ${median(ours).toFixed(3)}, worst ${Math.max(...ours).toFixed(3)}, |Δ| ${mean(oursMad).toFixed(3)}; reference mean ${mean(theirs).toFixed(3)}, median ${median(theirs).toFixed(3)}, worst ${Math.max(...theirs).toFixed(3)}, |Δ| ${mean(theirsMad).toFixed(3)}; median ratio ${(median(ours) / median(theirs)).toFixed(2)}.`,
  );
  return lines;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
