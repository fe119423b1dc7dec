/**
 * Where a random sample's layout is decided, measured: the last checked
 * coarse level of each seed's delivered draw (the coarse levels only, a few
 * hundred milliseconds a seed on the Node wasm engine), scored as the sample
 * check scores it (docs/algorithms.md, "Incoherent coarse layouts" and
 * "Incomplete coarse layouts"): incoherence and incompleteness as multiples
 * of the source's patch scale, at several quantiles, the mean |Δ| to the
 * source's level, and how many draws were refused before it.
 *
 *   npm run bench:coarse-layouts -- --images ../shared/data/photos --seeds 8 [--only a,b] [--height H] [--run NAME]
 *
 * Records (records.jsonl, one line per image and seed, appended as they
 * finish, so a rerun skips what is done) go to bench/results/<run>/; the
 * coarse levels as PNGs under its git-ignored samples/ (made from ../shared
 * photos). Thresholds are set from such runs: run it before and after a
 * change to the check to see the distribution the check sees and the one it
 * leaves.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { meanAbsChange } from '../src/engine/animation/flicker';
import { patchIncoherence, patchIncompleteness, patchSelfScale } from '../src/engine/gpnn/coherence';
import { copyCheckLevel } from '../src/engine/gpnn/copyRedraw';
import { DEFAULT_GPNN } from '../src/engine/gpnn/gpnnParams';
import type { GpnnPlan } from '../src/engine/gpnn/gpnnPlan';
import { runGpnnTask } from '../src/engine/gpnn/runGpnnTask';
import { buildSourcePyramid, releasePyramid } from '../src/engine/gpnn/synthesize';
import { resizeAntialiased } from '../src/engine/image/resample';
import { rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';
import { decodeImageFile } from './lib/imageFiles';
import { readJsonLines } from './lib/jsonLines';
import { startNodeGpnn } from './lib/nodeGpnn';
import { writePng } from './cli/imageIo';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    images: { type: 'string' },
    only: { type: 'string' },
    seeds: { type: 'string', default: '8' },
    height: { type: 'string', default: '0' },
    out: { type: 'string', default: 'bench/results' },
    run: { type: 'string' },
  },
});
if (!values.images || !existsSync(values.images)) {
  console.error(
    'Usage: npm run bench:coarse-layouts -- --images DIR [--seeds K] [--only a,b] [--height H] [--run NAME]',
  );
  process.exit(2);
}
const seedCount = Number(values.seeds);
const height = Number(values.height);
const QUANTILES = [0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99];
const params = DEFAULT_GPNN;
const p = params.patchSize;

const runName = values.run ?? `gpnn-coarse-layouts-${basename(values.images)}-${height || 'full'}`;
const dir = join(values.out, runName);
mkdirSync(join(dir, 'samples'), { recursive: true });
const recordPath = join(dir, 'records.jsonl');
const done = new Set(readJsonLines<{ key: string }>(recordPath).map((r) => r.key));
const savePng = (path: string, img: RgbImage) => writePng(path, img.height, img.width, Buffer.from(rgbToRgba(img)));

const { backend } = await startNodeGpnn();
let files = readdirSync(values.images)
  .filter((f) => /\.(jpe?g|png)$/i.test(f))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
if (values.only) {
  const only = new Set(values.only.split(','));
  files = files.filter((f) => only.has(basename(f, extname(f))));
}
for (const file of files) {
  const name = basename(file, extname(file));
  let src = decodeImageFile(join(values.images, file));
  if (height && height < src.height)
    src = resizeAntialiased(src, height, Math.round((src.width * height) / src.height));
  let sourceLevel: RgbImage | null = null;
  let scale = 0;
  for (let seed = 1; seed <= seedCount; seed++) {
    const key = `${name}-seed${seed}`;
    if (done.has(key)) continue;
    const stop = new AbortController();
    let check = -1;
    let plan: GpnnPlan | null = null;
    let level: RgbImage | null = null;
    let draw = 0;
    try {
      await runGpnnTask(backend, { source: src }, { kind: 'sample', seeds: [seed] }, params, {
        signal: stop.signal,
        onPlan: (pl) => {
          plan = pl;
          check = copyCheckLevel(pl, params);
        },
        onRedraw: (_, d) => (draw = d),
        // The checked coarse levels stream only once the draw is accepted: the first one here is the delivered layout.
        onScale: (_, k, image) => {
          if (k !== check) return;
          level = image;
          stop.abort();
        },
      });
    } catch (err) {
      if (!level) throw err;
    }
    const out: RgbImage = level!;
    if (!sourceLevel) {
      // The source's level exactly as the sample check sees it: the engine's own pyramid.
      sourceLevel = await sourceLevelAt(src, plan!, check);
      scale = patchSelfScale(sourceLevel, p);
      savePng(join(dir, 'samples', `${name}-source.png`), sourceLevel);
    }
    savePng(join(dir, 'samples', `${key}.png`), out);
    const record = {
      key,
      image: name,
      seed,
      level: check,
      shape: [out.height, out.width],
      draw,
      meanAbsDiff: +meanAbsChange(out, sourceLevel).toFixed(4),
      quantiles: QUANTILES,
      incoherence: QUANTILES.map((q) => +(patchIncoherence(out, sourceLevel!, p, q) / scale).toFixed(3)),
      incompleteness: QUANTILES.map((q) => +(patchIncompleteness(out, sourceLevel!, p, q) / scale).toFixed(3)),
    };
    appendFileSync(recordPath, `${JSON.stringify(record)}\n`);
    const at = (v: number[], q: number) => v[QUANTILES.indexOf(q)].toFixed(2);
    console.log(
      `${key}: incoherence q.97 ${at(record.incoherence, 0.97)}, incompleteness q.9 ${at(record.incompleteness, 0.9)}, draw ${draw}`,
    );
  }
}

/** The source's pyramid level `k`, built as the engine builds it for the sample check. */
async function sourceLevelAt(src: RgbImage, plan: GpnnPlan, k: number): Promise<RgbImage> {
  const handle = backend.upload(src);
  const pyramid = buildSourcePyramid(backend, handle, plan);
  try {
    return await backend.download(pyramid.levels[k]);
  } finally {
    releasePyramid(backend, pyramid);
    backend.release(handle);
  }
}
