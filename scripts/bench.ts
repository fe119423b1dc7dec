/**
 * The benchmarks, in one headless Chromium running the real build:
 *  - gpnn: patch-NN throughput vs tfjs matMul, GPU memory vs N+M, full
 *    sample time exact vs PatchMatch on Places50 → bench/results/gpnn-<date>.json;
 *  - singan: training throughput per scale and the attention placements
 *    side by side on Places50, and attention: the axial-attention core, WGSL
 *    vs tfjs ops (scripts/benchSingan.ts) → bench/results/singan-<date>.json and .md.
 *
 *   npm run bench               # every part at its default sizes (exact search up to 128 px high, one iteration per scale)
 *   npm run bench -- --suite gpnn            # one part (or several: --suite singan,attention)
 *   npm run bench -- --heights 64,128,188   # include the full Places50 size (for a real GPU)
 *   npm run bench -- --quick    # small sizes, for a quick check
 *   npm run bench -- --suite backends        # SinGAN it/s on wasm (automatic threads, and wasm-threads on every core) vs WebGPU vs plain JS (scripts/benchBackends.ts; not in the default set)
 *   npm run bench -- --suite singan --backend wasm --preset fast --max-size 64   # SinGAN quality runs on the CPU path
 *   npm run bench -- --suite gif2gif --backend wasm [--gif2gif-size 32] [--gif2gif-frames 6] [--gif2gif-iterations 100]
 *                    [--gif2gif-variants batch,noise-lstm,one-to-many] [--gif2gif-sources waterfall,moving-object] [--gif2gif-seeds 3] [--gif2gif-start-scale 1]   # GIF → GIF variants vs a SinGAN noise walk (scripts/benchGif2gif.ts; not in the default set)
 *   npm run bench -- --suite singan-study --backend wasm --preset fast --max-size 48 --singan-iterations 150 [--singan-images 3] [--second-seed none,head] [--run NAME]
 *                    # the nine SinGAN variants side by side, resumable model by model (scripts/benchSinganStudy.ts; not in the default set);
 *                    # with --backend webgpu --preset paper, the paper's sizes on a real GPU
 *   npm run bench -- --suite gpnn-figures [--figure-images A,B] [--figure-height H]   # the GPNN paper's application figures with the Gallery's presets (scripts/benchGpnnFigures.ts; not in the default set)
 *   npm run bench -- --suite video [--video-seeds 3] [--video-only birds,fish] [--video-max-side 256] [--video-sigma S] [--video-voting median|mean] [--video-seamless] [--run NAME]
 *                    # VGPNN (ours, the page's defaults) vs VGPNN's and a GAN's published samples, resumable video by video (scripts/benchVideo.ts; not in the default set)
 *   npm run bench -- --suite video-inpaint [--video-seeds 2] [--video-only birds,fish] [--video-max-side 256] [--run NAME]
 *                    # GIF → GIF inpainting (ours) vs each frame filled alone by the still GPNN inpainting, on the same videos (scripts/benchVideoInpaint.ts; not in the default set)
 *   npm run bench -- --help   # every flag
 */
import { cpus } from 'node:os';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_GPNN } from '../src/engine/gpnn/gpnnParams';
import { runSinganBench } from './benchSingan';
import {
  SINGAN_BENCH_USAGE,
  singanBenchOptions,
  type SinganBenchOptions,
  type SinganSuite,
} from './benchSinganOptions';
import { startHeadlessStudio, type HeadlessStudio } from './lib/headlessStudio';
import { BENCH_BACKENDS, runBackendBench, type BenchBackend } from './benchBackends';
import { runGif2gifBench } from './benchGif2gif';
import { GPNN_FIGURES_USAGE, gpnnFiguresOptions, runGpnnFigures } from './benchGpnnFigures';
import { runVideoBench, VIDEO_BENCH_USAGE, videoBenchOptions } from './benchVideo';
import { VIDEO_INPAINT_USAGE, videoInpaintPart } from './benchVideoInpaint';
import { runSinganStudy, SINGAN_STUDY_USAGE, singanStudyOptions, type SinganStudyOptions } from './benchSinganStudy';
import { GIF2GIF_BENCH_USAGE, gif2gifBenchOptions, type Gif2gifBenchOptions } from './benchGif2gifOptions';
import { BACKEND_CHOICES, isBackendChoice } from '../src/protocol/messages';
import { runHarness as harness } from './lib/harness';
import type { HarnessWindow } from '../src/harness/harness';
import { formatSize } from '../src/engine/image/formatSize';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: 'boolean', default: false },
    images: { type: 'string', default: '../shared/data/places50' },
    limit: { type: 'string' },
    iterations: { type: 'string' },
    heights: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
    suite: { type: 'string', default: 'gpnn,singan,attention' },
    // SinGAN options (scripts/benchSingan.ts); --images is the Places50 folder here, so its count and iterations are prefixed.
    'singan-images': { type: 'string' },
    'singan-iterations': { type: 'string' },
    'singan-names': { type: 'string' },
    preset: { type: 'string' },
    'max-size': { type: 'string' },
    'min-size': { type: 'string' },
    channels: { type: 'string' },
    steps: { type: 'string' },
    placements: { type: 'string' },
    'kernel-sizes': { type: 'string' },
    'kernel-repeats': { type: 'string' },
    // Where the singan part trains (the gpnn and attention parts measure WGSL, on WebGPU, in the harness page).
    backend: { type: 'string', default: 'webgpu' },
    // The backends part (scripts/benchBackends.ts).
    backends: { type: 'string', default: 'wasm,webgpu,cpu' },
    'backend-sizes': { type: 'string', default: '32,64' },
    'backend-iterations': { type: 'string', default: '4' },
    'backend-gpnn-height': { type: 'string', default: '64' },
    'backend-gpnn-iterations': { type: 'string', default: '2' },
    // The gif2gif part (scripts/benchGif2gif.ts).
    'gif2gif-size': { type: 'string' },
    'gif2gif-frames': { type: 'string' },
    'gif2gif-iterations': { type: 'string' },
    'gif2gif-variants': { type: 'string' },
    'gif2gif-sources': { type: 'string' },
    'gif2gif-channels': { type: 'string' },
    'gif2gif-steps': { type: 'string' },
    'gif2gif-min-size': { type: 'string' },
    'gif2gif-seeds': { type: 'string' },
    'gif2gif-start-scale': { type: 'string' },
    // The singan-study part (scripts/benchSinganStudy.ts); it also reads the singan flags above.
    'second-seed': { type: 'string' },
    'study-samples': { type: 'string' },
    // The gpnn-figures part (scripts/benchGpnnFigures.ts).
    'figure-images': { type: 'string' },
    'figure-height': { type: 'string' },
    'figure-nn': { type: 'string' },
    // The video part (scripts/benchVideo.ts).
    'video-seeds': { type: 'string' },
    'video-only': { type: 'string' },
    'video-max-side': { type: 'string' },
    'video-sigma': { type: 'string' },
    'video-voting': { type: 'string' },
    'video-seamless': { type: 'boolean' },
    'video-data': { type: 'string' },
    run: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Least-squares line y = a + b·x and its R². */
function fit(xs: number[], ys: number[]) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0);
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssr = ys.reduce((s, y, i) => s + (y - (intercept + slope * xs[i])) ** 2, 0);
  const sst = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  return { slope, intercept, r2: 1 - ssr / sst };
}

const SUITES = [
  'gpnn',
  'singan',
  'attention',
  'backends',
  'gif2gif',
  'singan-study',
  'gpnn-figures',
  'video',
  'video-inpaint',
] as const;

const USAGE = `npm run bench -- [--suite ${SUITES.join(',')}] [--quick] [--backend webgpu|wasm|cpu] [--out DIR]
  default suites: gpnn,singan,attention; gpnn takes --images DIR --limit N --iterations T --heights 64,128
  backends: --backends wasm,webgpu,cpu --backend-sizes 32,64 --backend-iterations 4 --backend-gpnn-height 64 --backend-gpnn-iterations 2

${SINGAN_BENCH_USAGE}

${SINGAN_STUDY_USAGE}

${GIF2GIF_BENCH_USAGE}

${GPNN_FIGURES_USAGE}

${VIDEO_BENCH_USAGE}
${VIDEO_INPAINT_USAGE}`;

/** The video parts' flags (--video-*, --run) as strings, a switch as 'true'. */
const videoValues = (values: Readonly<Record<string, string | boolean | undefined>>) =>
  Object.fromEntries(
    Object.entries(values)
      .filter(([k]) => k.startsWith('video-') || k === 'run')
      .map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]),
  );

/** The SinGAN parts' options from this script's flags; --quick shrinks whatever was not given. */
function singanOptions(suites: readonly string[]): SinganBenchOptions | null {
  const parts = suites.filter((s): s is SinganSuite => s === 'singan' || s === 'attention');
  if (parts.length === 0) return null;
  const quickly = (v: string | undefined, q: string) => v ?? (quick ? q : undefined);
  return singanBenchOptions(
    {
      suite: parts.join(','),
      data: values.images,
      images: quickly(values['singan-images'], '1'),
      iterations: quickly(values['singan-iterations'], '3'),
      names: values['singan-names'],
      preset: values.preset,
      'max-size': values['max-size'],
      'min-size': values['min-size'],
      channels: values.channels,
      steps: values.steps,
      placements: quickly(values.placements, 'none,head'),
      'kernel-sizes': quickly(values['kernel-sizes'], '16x16x16,32x32x32'),
      'kernel-repeats': quickly(values['kernel-repeats'], '2'),
      out: values.out,
    },
    log,
  );
}

async function main() {
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const suites = values.suite.split(',').filter(Boolean);
  let singan: SinganBenchOptions | null;
  let gif2gif: Gif2gifBenchOptions | null;
  let study: SinganStudyOptions | null;
  try {
    for (const s of suites)
      if (!(SUITES as readonly string[]).includes(s)) throw new Error(`--suite takes ${SUITES.join(', ')}; got "${s}"`);
    singan = singanOptions(suites);
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n${SINGAN_BENCH_USAGE}`);
    process.exit(2);
  }
  try {
    gif2gif = suites.includes('gif2gif')
      ? gif2gifBenchOptions(
          Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith('gif2gif-'))) as Record<
            string,
            string | undefined
          >,
          values.out,
          log,
        )
      : null;
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n${GIF2GIF_BENCH_USAGE}`);
    process.exit(2);
  }
  try {
    study = suites.includes('singan-study')
      ? singanStudyOptions(
          {
            images: values.images,
            'singan-images': values['singan-images'],
            'singan-names': values['singan-names'],
            'singan-iterations': values['singan-iterations'],
            preset: values.preset,
            'max-size': values['max-size'],
            'min-size': values['min-size'],
            channels: values.channels,
            steps: values.steps,
            placements: values.placements,
            'second-seed': values['second-seed'],
            'study-samples': values['study-samples'],
            run: values.run,
          },
          values.out,
          log,
        )
      : null;
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n${SINGAN_STUDY_USAGE}`);
    process.exit(2);
  }
  // The figure sheets run the engine in Node (no browser), like the backends part.
  if (suites.includes('gpnn-figures')) {
    let figures;
    try {
      figures = gpnnFiguresOptions(
        {
          'figure-images': values['figure-images'],
          'figure-height': values['figure-height'],
          'figure-nn': values['figure-nn'],
          run: values.run,
        },
        values.out,
      );
    } catch (err) {
      console.error(`error: ${(err as Error).message}\n${GPNN_FIGURES_USAGE}`);
      process.exit(2);
    }
    const written = await runGpnnFigures(figures, log);
    console.log(`${written.md}\nsheets in ${written.dir}`);
    if (suites.every((s) => s === 'gpnn-figures')) return;
  }
  // The video part runs the VGPNN engine in Node too (no browser).
  if (suites.includes('video')) {
    let video;
    try {
      video = videoBenchOptions(videoValues(values), values.out);
    } catch (err) {
      console.error(`error: ${(err as Error).message}\n${VIDEO_BENCH_USAGE}`);
      process.exit(2);
    }
    const written = await runVideoBench(video, log);
    console.log(`${written.md}\ntable, records and settings in ${written.dir} (our GIFs under samples/)`);
    if (suites.every((s) => s === 'video' || s === 'gpnn-figures')) return;
  }
  // The video inpainting part runs in Node too: ours against each frame filled alone by the still inpainting.
  if (suites.includes('video-inpaint')) {
    await videoInpaintPart(videoValues(values), values.out, log);
    if (suites.every((s) => s === 'video' || s === 'video-inpaint' || s === 'gpnn-figures')) return;
  }
  if (suites.includes('backends')) {
    const written = await runBackendBench({
      dataDir: values.images,
      sizes: values['backend-sizes'].split(',').map(Number),
      iterations: Number(values['backend-iterations']),
      gpnnHeight: Number(values['backend-gpnn-height']),
      gpnnIterations: Number(values['backend-gpnn-iterations']),
      backends: values.backends
        .split(',')
        .filter((b): b is BenchBackend => (BENCH_BACKENDS as readonly string[]).includes(b)),
      outDir: values.out,
      log,
    });
    console.log(`wrote ${written.json} and ${written.md}`);
    if (suites.every((s) => s === 'backends')) return;
  }
  if (!isBackendChoice(values.backend)) {
    console.error(`error: --backend must be one of ${BACKEND_CHOICES.join(', ')}`);
    process.exit(2);
  }
  const studio = await startHeadlessStudio({ log, backend: values.backend });
  try {
    if (suites.includes('gpnn')) await gpnnBench(studio);
    if (singan) {
      const written = await runSinganBench(studio, singan);
      console.log(`wrote ${written.json} and ${written.md}`);
    }
    if (gif2gif) {
      const written = await runGif2gifBench(studio, gif2gif);
      console.log(`wrote ${written.json} and ${written.md} (animations in ${written.dir})`);
    }
    if (study) {
      const written = await runSinganStudy(studio, study);
      console.log(`${written.md}\nstudy in ${written.dir} (table.md, summary.json, records/)`);
    }
  } finally {
    await studio.close();
  }
}

async function gpnnBench(studio: HeadlessStudio) {
  const started = new Date();
  const page = await studio.openPage('harness.html');
  const adapter = await page.evaluate(() => (globalThis as HarnessWindow).__harness.ready);

  log('patch-NN throughput: ours vs tfjs matMul…');
  const throughput = [];
  for (const s of quick ? [24, 40] : [32, 48, 64]) {
    const r = await harness<Record<string, number>>(page, 'bench_patch_nn', {
      height: s,
      width: s,
      repeats: quick ? 1 : 3,
    });
    log(`  ${s}×${s}: ours ${r.oursMs.toFixed(1)} ms, tfjs ${r.tfjsMatMulMs.toFixed(1)} ms → ${r.speedup.toFixed(2)}×`);
    throughput.push(r);
  }

  log('GPU memory of the exact search vs N+M…');
  const memory = [];
  for (const [h, w, execute] of [
    [64, 64, true],
    [96, 96, !quick],
    [128, 128, false],
    [188, 250, false],
    [256, 256, false],
    [384, 384, false],
    [512, 512, false],
  ] as const) {
    const r = await harness<Record<string, number | boolean>>(page, 'patch_nn_memory', {
      height: h,
      width: w,
      execute,
    });
    log(
      `  ${formatSize(w, h)}: peak ${((r.peakBytes as number) / 2 ** 20).toFixed(2)} MiB (N×M matrix would be ${((r.fullMatrixBytes as number) / 2 ** 30).toFixed(2)} GiB)`,
    );
    memory.push(r);
  }
  const memFit = fit(
    memory.map((m) => (m.queries as number) + (m.keys as number)),
    memory.map((m) => m.peakBytes as number),
  );
  const at188 = memory.find((m) => m.height === 188)!;

  log('Full random sample time, exact vs PatchMatch, on Places50…');
  const dir = fileURLToPath(new URL(`../${values.images}`, import.meta.url).href.replace('/scripts/../', '/'));
  const files = readdirSync(values.images)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort((a, b) => parseInt(a) - parseInt(b));
  const limit = Number(values.limit ?? 1);
  const iterations = Number(values.iterations ?? 1);
  // Exact search is O(N·M): at 188×250 one sample takes about an hour on an emulated GPU (SwiftShader),
  // so the default stops at 128 px; on a real GPU pass --heights 64,128,188.
  const heights = values.heights ? values.heights.split(',').map(Number) : quick ? [48, 72] : [64, 96, 128];
  const samples = [];
  for (const file of files.slice(0, limit)) {
    const bytes = new Uint8Array(readFileSync(join(values.images, file)));
    for (const height of heights) {
      const loaded = await studio.load('source', bytes, file, Math.round((height * 250) / 188));
      const row: Record<string, unknown> = {
        image: file,
        height: loaded.working.height,
        width: loaded.working.width,
        iterations,
      };
      for (const nn of ['exact', 'patchmatch'] as const) {
        const r = await studio.run({
          kind: 'gpnn',
          task: { kind: 'sample', seeds: [1] },
          params: { ...DEFAULT_GPNN, iterations, nn },
        });
        row[`${nn}Ms`] = r.elapsedMs;
        // The automatic search's estimate for the same run (this device's measured speed), beside the real time.
        const estimate = nn === 'exact' ? r.search?.exactMs : r.search?.patchMatchMs;
        if (estimate !== undefined) row[`${nn}EstimateRatio`] = estimate / r.elapsedMs;
        row[`${nn}GpuPeakBytes`] = r.stats.gpuPeakBytes;
      }
      row.patchmatchSpeedup = (row.exactMs as number) / (row.patchmatchMs as number);
      log(
        `  ${file} ${formatSize(row.width as number, row.height as number)}: exact ${(row.exactMs as number).toFixed(0)} ms, PatchMatch ${(row.patchmatchMs as number).toFixed(0)} ms → ${(row.patchmatchSpeedup as number).toFixed(1)}×`,
      );
      samples.push(row);
    }
  }
  void dir;

  const result = {
    benchmark: 'gpnn',
    date: started.toISOString(),
    mode: quick ? 'quick' : 'full',
    adapter,
    backend: studio.backend,
    host: { cpu: cpus()[0]?.model, cores: cpus().length },
    notes: [
      'Times are wall clock around a GPU queue drain, median of repeats; compare ratios, not absolute times.',
      'tfjs reference: patch matrices by conv2d before the clock starts, then |q|²+|k|²−2QKᵀ in query blocks, column minima and argmin of D/(alpha+m).',
      'Memory: GpuBuffers high-water mark of both search passes; sizes marked executed=false were recorded but not submitted (allocation fixes memory; running them on an emulated GPU would take minutes).',
    ],
    kernelThroughput: throughput,
    memory: { points: memory, linearFitBytesVsNPlusM: memFit, peakMiBAt188x250: (at188.peakBytes as number) / 2 ** 20 },
    sampleTime: samples,
  };
  mkdirSync(values.out, { recursive: true });
  const path = join(values.out, `gpnn-${started.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${path}`);
  console.log(
    `patch-NN speedup vs tfjs matMul: ${throughput.map((t) => `${t.height}px ${Number(t.speedup).toFixed(2)}×`).join(', ')}`,
  );
  console.log(
    `GPU memory: ${memFit.slope.toFixed(1)} B per patch (R² ${memFit.r2.toFixed(4)}), ${result.memory.peakMiBAt188x250.toFixed(2)} MiB at ${formatSize(250, 188)}`,
  );
  console.log(
    `PatchMatch speedup on full samples: ${samples.map((s) => `${formatSize(s.width as number, s.height as number)} ${Number(s.patchmatchSpeedup).toFixed(1)}×`).join(', ')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
