/**
 * Headless command line for the studio's engines. It builds the app, opens it
 * in headless Chromium with WebGPU and drives the same engine worker the page
 * uses, so the WGSL that runs here is the WGSL that runs in the studio.
 *
 *   npm run cli -- gpnn sample --input photo.jpg --samples 4 --out out/sample.png --report report.json
 *   npm run cli -- animate gpnn --input photo.jpg --frames 24 --fps 12 --out out/anim.gif
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PNG } from 'pngjs';
import { checkFps, checkFrameCount } from '../src/engine/animation/animationLimits';
import type { AutomationFile } from '../src/automation/automation';
import { DEFAULT_GPNN, type GpnnParams } from '../src/engine/gpnn/gpnnParams';
import { MASK_KEEP, MASK_REMOVE, type GpnnTaskSpec } from '../src/engine/gpnn/gpnnTask';
import { sniffImage } from '../src/engine/image/sniffImage';
import type { ImageSlot, JobSpec, LoopMode } from '../src/protocol/messages';
import { startHeadlessStudio, type HeadlessStudio, type LoadedImage } from './lib/headlessStudio';

const GPNN_TASKS = ['sample', 'retarget', 'analogy', 'inpaint', 'collage'] as const;
type GpnnCliTask = (typeof GPNN_TASKS)[number];

const USAGE = `Usage:
  npm run cli -- gpnn <${GPNN_TASKS.join('|')}> --input IMG [options]
  npm run cli -- animate gpnn --input IMG --frames N --fps F [options] --out anim.gif
  npm run cli -- sifid REAL FAKE [FAKE…] [--json] [--backend webgpu|cpu]

Inputs
  --input IMG            source image (content image for analogies, first image of a collage)
  --input2 IMG           structure image (analogy) or next collage image; --input3, --input4 for more collage images
  --mask PNG             retarget: red = remove, green = keep; inpaint: red = the hole (other colours = rough fill)
  --height H             work at this image height (the input is downscaled, aspect kept; default: longer side ≤ 256)
Task
  --samples K            random samples to make (default 1); --seed S is the first seed (default 1)
  --target-height H, --target-width W   retarget output size in px (default: the working size, width ×1.5)
  --nn exact|patchmatch  nearest-neighbour search: exact two-pass (default) or PatchMatch; --pm-rounds R (default 4)
  --patch P --alpha A --sigma S --coarse C --iterations T --distance l2|sq   GPNN parameters (paper defaults)
  --backend webgpu|cpu   compute backend (default webgpu; falls back to cpu without an adapter)
Output
  --out PNG              output file; with several samples, -<seed> is added before .png (default: out/<task>.png)
  --report FILE          JSON report: sizes, per-scale timings, backend/adapter, largest GPU buffer total
Animation (animate gpnn takes the Inputs/Task options above that a sample takes: --height, --seed, --nn, GPNN parameters)
  --frames N             frames to make, 2–240 (default 24); --fps F frame rate, 1–50 (default 12)
  --loop loop|pingpong   play round (default) or forwards then backwards (written out in the GIF)
  --coherence temporal|independent   start each frame from the previous one (default), or not (the flicker baseline)
  --out GIF              the animated GIF (default: out/animation.gif); --png-zip ZIP also writes the frames as PNGs
  --report FILE          JSON report: frames, flicker, timings, backend/adapter, files written
`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function num(v: string | undefined, name: string, fallback: number, integer = false): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) fail(`--${name} must be a ${integer ? 'whole ' : ''}number, got "${v}"`);
  return n;
}

function readImage(path: string): { bytes: Uint8Array; height: number; width: number } {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    fail(`cannot read ${path}`);
  }
  const sniff = sniffImage(bytes);
  if (!sniff) fail(`${path} is not a PNG, JPEG, WebP, GIF, BMP or AVIF image`);
  if (!sniff.size) fail(`${path}: could not read the image size from its header`);
  return { bytes, height: sniff.size.height, width: sniff.size.width };
}

/** Longer-side cap that makes the working image `height` tall (the worker only ever downscales). */
function maxSideFor(img: { height: number; width: number }, height: number | null): number {
  if (height === null) return 256;
  return Math.max(1, Math.round((height * Math.max(img.height, img.width)) / img.height));
}

/** Mask PNG → per-pixel labels at the working size (nearest neighbour), plus the rough colour for inpainting. */
function readMask(path: string, height: number, width: number, task: GpnnCliTask): { labels: Uint8Array; colour: Uint8ClampedArray } {
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(path));
  } catch {
    fail(`--mask ${path} is not a readable PNG`);
  }
  const labels = new Uint8Array(height * width);
  const colour = new Uint8ClampedArray(height * width * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sy = Math.min(png.height - 1, Math.floor(((y + 0.5) * png.height) / height));
      const sx = Math.min(png.width - 1, Math.floor(((x + 0.5) * png.width) / width));
      const i = (sy * png.width + sx) * 4;
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a < 128) continue;
      const o = y * width + x;
      if (r > 127 && g < 128 && b < 128) labels[o] = MASK_REMOVE;
      else if (g > 127 && r < 128 && b < 128 && task === 'retarget') labels[o] = MASK_KEEP;
      else if (task === 'inpaint' && (r > 16 || g > 16 || b > 16)) {
        labels[o] = MASK_REMOVE;
        colour.set([r, g, b, 255], o * 4);
      }
    }
  }
  return { labels, colour };
}

function writePng(path: string, height: number, width: number, rgba: Buffer): void {
  const png = new PNG({ width, height });
  rgba.copy(png.data);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, PNG.sync.write(png));
}

/** GPNN parameters from the options every GPNN command shares. */
function gpnnParams(values: Record<string, string | undefined>): GpnnParams {
  const nn = values.nn ?? 'exact';
  if (nn !== 'exact' && nn !== 'patchmatch') fail(`--nn must be exact or patchmatch, got "${nn}"`);
  const distance = values.distance ?? DEFAULT_GPNN.distance;
  if (distance !== 'l2' && distance !== 'sq') fail(`--distance must be l2 or sq, got "${distance}"`);
  return {
    patchSize: num(values.patch, 'patch', DEFAULT_GPNN.patchSize, true),
    alpha: num(values.alpha, 'alpha', DEFAULT_GPNN.alpha),
    sigma: num(values.sigma, 'sigma', DEFAULT_GPNN.sigma),
    coarseDim: num(values.coarse, 'coarse', DEFAULT_GPNN.coarseDim, true),
    ratio: DEFAULT_GPNN.ratio,
    iterations: num(values.iterations, 'iterations', DEFAULT_GPNN.iterations, true),
    distance,
    nn,
    pmRounds: num(values['pm-rounds'], 'pm-rounds', DEFAULT_GPNN.pmRounds, true),
  };
}

async function gpnn(task: GpnnCliTask, values: Record<string, string | undefined>): Promise<void> {
  if (!values.input) fail('--input is required');
  const params = gpnnParams(values);
  const nn = params.nn;
  const workHeight = values.height === undefined ? null : num(values.height, 'height', 0, true);
  const samples = num(values.samples, 'samples', 1, true);
  const seed = num(values.seed, 'seed', 1, true);
  if (task !== 'sample' && values.samples) fail('--samples only applies to gpnn sample');
  if ((task === 'analogy' || task === 'collage') && !values.input2) fail(`gpnn ${task} needs --input2`);
  if (task === 'inpaint' && !values.mask) fail('gpnn inpaint needs --mask (red marks the hole)');
  if (values.mask && task !== 'retarget' && task !== 'inpaint') fail('--mask applies to retarget and inpaint only');
  for (const o of ['frames', 'fps', 'loop', 'coherence', 'png-zip']) if (values[o] !== undefined) fail(`--${o} applies to animate only`);
  const backend = values.backend ?? 'webgpu';
  if (backend !== 'webgpu' && backend !== 'cpu') fail(`--backend must be webgpu or cpu, got "${backend}"`);

  const inputs: { slot: ImageSlot; path: string }[] = [{ slot: 'source', path: values.input }];
  if (values.input2) inputs.push({ slot: task === 'analogy' ? 'structure' : 'collage1', path: values.input2 });
  if (values.input3) inputs.push({ slot: 'collage2', path: values.input3 });
  if (values.input4) inputs.push({ slot: 'collage3', path: values.input4 });
  const files = inputs.map((i) => ({ ...i, ...readImage(i.path) }));

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const studio: HeadlessStudio = await startHeadlessStudio({ backend, log });
  try {
    const loaded: LoadedImage[] = [];
    for (const f of files) loaded.push(await studio.load(f.slot, f.bytes, basename(f.path), maxSideFor(f, workHeight)));
    const src = loaded[0].working;
    let spec: GpnnTaskSpec;
    switch (task) {
      case 'sample':
        spec = { kind: 'sample', seeds: Array.from({ length: samples }, (_, i) => seed + i) };
        break;
      case 'retarget': {
        const height = num(values['target-height'], 'target-height', src.height, true);
        const width = num(values['target-width'], 'target-width', Math.round(src.width * 1.5), true);
        spec = { kind: 'retarget', height, width, labels: values.mask ? readMask(values.mask, src.height, src.width, task).labels : undefined };
        break;
      }
      case 'inpaint': {
        const m = readMask(values.mask!, src.height, src.width, task);
        spec = { kind: 'inpaint', labels: m.labels, colour: m.colour };
        break;
      }
      case 'analogy':
        spec = { kind: 'analogy' };
        break;
      case 'collage':
        spec = { kind: 'collage' };
        break;
    }
    const job: JobSpec = { kind: 'gpnn', task: spec, params };
    log(`running gpnn ${task} on ${src.width}×${src.height}…`);
    const result = await studio.run(job);
    const out = values.out ?? `out/${task}.png`;
    const written = result.outputs.map((o) => {
      const path = result.outputs.length > 1 ? join(dirname(out), `${basename(out, extname(out))}-${o.seed}${extname(out) || '.png'}`) : out;
      writePng(path, o.height, o.width, Buffer.from(o.rgba, 'base64'));
      return { path: resolve(path), height: o.height, width: o.width, seed: o.seed, label: o.label };
    });
    for (const w of written) console.log(`${w.path}  ${w.width}×${w.height}${w.seed !== null ? `  seed ${w.seed}` : ''}`);
    if (values.report) {
      const report = {
        command: `gpnn ${task}`,
        params,
        nn,
        backend: result.backend,
        inputs: files.map((f, i) => ({ path: resolve(f.path), slot: f.slot, original: loaded[i].original, working: loaded[i].working })),
        outputs: written,
        elapsedMs: result.elapsedMs,
        perScale: result.scales,
        gpuPeakBytes: result.stats.gpuPeakBytes,
      };
      mkdirSync(dirname(resolve(values.report)), { recursive: true });
      writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`report: ${resolve(values.report)}`);
    }
  } finally {
    await studio.close();
  }
}

/** What `animate` needs from an engine: its inputs and its job, decided before the browser starts so bad arguments fail fast. */
interface AnimationEngine {
  /** Checks the engine's own options (UsageError on a bad one) and says what to load and run. */
  prepare(values: Record<string, string | undefined>, animation: AnimationOptions): AnimationPlan;
}

interface AnimationOptions {
  readonly frames: number;
  readonly fps: number;
  readonly loop: LoopMode;
  readonly seed: number;
}

interface AnimationPlan {
  /** Images to load into the worker first (path per slot). */
  readonly inputs: readonly { slot: ImageSlot; path: string }[];
  /** Anything else the worker needs before the job (e.g. a model to import). */
  setup?(studio: HeadlessStudio): Promise<void>;
  /** The job, given the loaded images. */
  job(loaded: readonly LoadedImage[]): JobSpec;
  /** Engine-specific settings for the report. */
  readonly report: Record<string, unknown>;
}

/** Options that only make sense for still images; refused so a typo in a command is not silently ignored. */
const STILL_ONLY = ['samples', 'mask', 'input2', 'input3', 'input4', 'target-height', 'target-width', 'json'] as const;

const ANIMATION_ENGINES: Record<string, AnimationEngine> = {
  gpnn: {
    prepare(values, animation) {
      if (!values.input) fail('--input is required');
      const params = gpnnParams(values);
      const coherence = values.coherence ?? 'temporal';
      if (coherence !== 'temporal' && coherence !== 'independent') fail(`--coherence must be temporal or independent, got "${coherence}"`);
      return {
        inputs: [{ slot: 'source', path: values.input }],
        job: () => ({ kind: 'gpnn-animate', params, animation: { ...animation, coherence } }),
        report: { params, coherence },
      };
    },
  },
};

function animationOptions(values: Record<string, string | undefined>): AnimationOptions {
  const frames = num(values.frames, 'frames', 24, true);
  const fps = num(values.fps, 'fps', 12);
  const loop = values.loop ?? 'loop';
  const bad = checkFrameCount(frames) ?? checkFps(fps);
  if (bad) fail(bad);
  if (loop !== 'loop' && loop !== 'pingpong') fail(`--loop must be loop or pingpong, got "${loop}"`);
  return { frames, fps, loop, seed: num(values.seed, 'seed', 1, true) };
}

function writeFile(path: string, file: AutomationFile): { path: string; bytes: number } {
  const bytes = Buffer.from(file.base64, 'base64');
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, bytes);
  return { path: resolve(path), bytes: bytes.length };
}

/** `animate <engine>`: make the frames in the worker, then encode them there (GIF, optionally a PNG zip) and write the files. */
async function animate(engineName: string | undefined, values: Record<string, string | undefined>): Promise<void> {
  const engine = engineName ? ANIMATION_ENGINES[engineName] : undefined;
  if (!engine) fail(`animate needs an engine: ${Object.keys(ANIMATION_ENGINES).join(', ')}${engineName ? ` (got "${engineName}")` : ''}`);
  for (const o of STILL_ONLY) if (values[o] !== undefined) fail(`--${o} does not apply to animate`);
  const animation = animationOptions(values);
  const plan = engine.prepare(values, animation);
  const backend = values.backend ?? 'webgpu';
  if (backend !== 'webgpu' && backend !== 'cpu') fail(`--backend must be webgpu or cpu, got "${backend}"`);
  const workHeight = values.height === undefined ? null : num(values.height, 'height', 0, true);
  const files = plan.inputs.map((i) => ({ ...i, ...readImage(i.path) }));
  const out = values.out ?? 'out/animation.gif';

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const studio = await startHeadlessStudio({ backend, log });
  try {
    const loaded: LoadedImage[] = [];
    for (const f of files) loaded.push(await studio.load(f.slot, f.bytes, basename(f.path), maxSideFor(f, workHeight)));
    await plan.setup?.(studio);
    const size = loaded[0] ? ` on ${loaded[0].working.width}×${loaded[0].working.height}` : '';
    log(`animating with ${engineName}${size}: ${animation.frames} frames…`);
    const made = await studio.run(plan.job(loaded));
    const name = basename(out, extname(out));
    const exportSpec = { fps: animation.fps, loop: animation.loop, name };
    log('encoding the GIF…');
    const gif = await studio.exportFrames(made.jobId, { ...exportSpec, format: 'gif' });
    const written = [writeFile(out, gif.files[0])];
    if (values['png-zip']) {
      log('zipping the PNG frames…');
      const zip = await studio.exportFrames(made.jobId, { ...exportSpec, format: 'png-zip' });
      written.push(writeFile(values['png-zip'], zip.files[0]));
    }
    const flicker = made.metrics.find((m) => m.name === 'flicker')?.value ?? null;
    const first = made.outputs[0];
    for (const w of written) console.log(`${w.path}  ${w.bytes} bytes`);
    console.log(`${made.outputs.length} frames ${first ? `${first.width}×${first.height}` : ''}  flicker ${flicker?.toFixed(5) ?? 'n/a'}`);
    if (values.report) {
      const report = {
        command: `animate ${engineName}`,
        ...plan.report,
        animation,
        backend: made.backend,
        inputs: files.map((f, i) => ({ path: resolve(f.path), slot: f.slot, original: loaded[i].original, working: loaded[i].working })),
        frames: made.outputs.map((o) => ({ output: o.output, label: o.label, height: o.height, width: o.width })),
        flicker,
        elapsedMs: made.elapsedMs,
        exportMs: gif.elapsedMs,
        gpuPeakBytes: made.stats.gpuPeakBytes,
        files: written,
      };
      mkdirSync(dirname(resolve(values.report)), { recursive: true });
      writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`report: ${resolve(values.report)}`);
    }
  } finally {
    await studio.close();
  }
}

/** SIFID of each FAKE against REAL, one line each (or JSON), computed by the studio's worker. */
async function sifidCommand(paths: string[], values: Record<string, string | boolean | undefined>): Promise<void> {
  if (paths.length < 2) fail('sifid needs a real image and at least one fake image');
  const backend = (values.backend as string | undefined) ?? 'webgpu';
  if (backend !== 'webgpu' && backend !== 'cpu') fail(`--backend must be webgpu or cpu, got "${backend}"`);
  const files = paths.map((p) => readImage(p));
  const studio = await startHeadlessStudio({ backend, log: (line) => process.stderr.write(`${line}\n`) });
  try {
    const result = await studio.sifid(files[0].bytes, files.slice(1).map((f) => f.bytes));
    const rows = result.metrics.sort((a, b) => a.output - b.output).map((m) => ({ fake: resolve(paths[m.output + 1]), sifid: m.value }));
    if (values.json) console.log(JSON.stringify({ real: resolve(paths[0]), backend: result.backend, results: rows }, null, 2));
    else for (const r of rows) console.log(`${r.sifid.toFixed(6)}\t${r.fake}`);
  } finally {
    await studio.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      input: { type: 'string' },
      input2: { type: 'string' },
      input3: { type: 'string' },
      input4: { type: 'string' },
      mask: { type: 'string' },
      out: { type: 'string' },
      height: { type: 'string' },
      seed: { type: 'string' },
      samples: { type: 'string' },
      nn: { type: 'string' },
      'pm-rounds': { type: 'string' },
      report: { type: 'string' },
      'target-height': { type: 'string' },
      'target-width': { type: 'string' },
      patch: { type: 'string' },
      alpha: { type: 'string' },
      sigma: { type: 'string' },
      coarse: { type: 'string' },
      iterations: { type: 'string' },
      distance: { type: 'string' },
      backend: { type: 'string' },
      frames: { type: 'string' },
      fps: { type: 'string' },
      loop: { type: 'string' },
      coherence: { type: 'string' },
      'png-zip': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [engine, task] = positionals;
  if (engine === 'sifid') return sifidCommand(positionals.slice(1), values);
  if (engine === 'animate') return animate(task, values as Record<string, string | undefined>);
  if (engine !== 'gpnn') fail(engine ? `unknown command "${engine}"` : 'no command given');
  if (!GPNN_TASKS.includes(task as GpnnCliTask)) fail(`gpnn needs a task: ${GPNN_TASKS.join(', ')}`);
  await gpnn(task as GpnnCliTask, values as Record<string, string | undefined>);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`error: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
