/**
 * Headless command line for the studio's engines. It builds the app, opens it
 * in headless Chromium with WebGPU and drives the same engine worker the page
 * uses, so the WGSL that runs here is the WGSL that runs in the studio.
 *
 *   npm run cli -- gpnn sample --input photo.jpg --samples 4 --out out/sample.png --report report.json
 *   npm run cli -- animate gpnn --input photo.jpg --frames 24 --fps 12 --out out/anim.gif
 *   npm run cli -- singan train --input photo.jpg --preset fast --attention head --out out/model.singan --report train.json
 *   npm run cli -- singan sample --model out/model.singan --samples 4 --out out/samples
 *   npm run cli -- animate singan --model out/model.singan --frames 24 --fps 10 --out out/anim.gif
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PNG } from 'pngjs';
import { checkFps, checkFrameCount } from '../src/engine/animation/animationLimits';
import type { AutomationFile } from '../src/automation/automation';
import { DEFAULT_GPNN, type GpnnParams } from '../src/engine/gpnn/gpnnParams';
import { MASK_KEEP, MASK_REMOVE, type GpnnTaskSpec } from '../src/engine/gpnn/gpnnTask';
import { workingSize } from '../src/engine/image/imageLimits';
import { sniffImage } from '../src/engine/image/sniffImage';
import { ATTENTION_PLACEMENTS, SINGAN_PRESETS, validateSinganConfig, type AttentionPlacement, type SinganConfig } from '../src/engine/singan/singanConfig';
import type { AutomationEvent } from '../src/automation/automation';
import type { ImageSlot, JobSpec, LoopMode } from '../src/protocol/messages';
import { startHeadlessStudio, type HeadlessStudio, type LoadedImage } from './lib/headlessStudio';

const GPNN_TASKS = ['sample', 'retarget', 'analogy', 'inpaint', 'collage'] as const;
type GpnnCliTask = (typeof GPNN_TASKS)[number];
const SINGAN_TASKS = ['train', 'sample'] as const;
type SinganCliTask = (typeof SINGAN_TASKS)[number];

const USAGE = `Usage:
  npm run cli -- gpnn <${GPNN_TASKS.join('|')}> --input IMG [options]
  npm run cli -- animate gpnn --input IMG --frames N --fps F [options] --out anim.gif
  npm run cli -- singan train --input IMG [--preset fast|paper] [--attention P] [--ff] [options] --out model.singan
  npm run cli -- singan sample --model model.singan --samples K [--seed S] [--height-factor F --width-factor F] --out DIR
  npm run cli -- animate singan --model model.singan --frames N --fps F [--beta B] [--start-scale S] --out anim.gif
  npm run cli -- sifid REAL FAKE [FAKE…] [--json] [--backend webgpu|cpu]

Inputs
  --input IMG            source image (content image for analogies, first image of a collage)
  --input2 IMG           structure image (analogy) or next collage image; --input3, --input4 for more collage images
  --mask PNG             retarget: red = remove, green = keep; inpaint: red = the hole (other colours = rough fill)
  --height H             work at this image height (the input is downscaled, aspect kept; default: longer side ≤ 256)
Task
  --samples K            random samples to make (default 1); --seed S is the first seed (default 1)
  --target-height H, --target-width W   retarget output size in px (default: the working size, width ×1.5)
  --nn auto|exact|patchmatch  nearest-neighbour search (default auto: the device is timed once, then exact search
                         where a whole output takes about 15 s, PatchMatch otherwise); --pm-rounds R (default 4)
  --patch P --alpha A --sigma S --coarse C --iterations T --distance l2|sq   GPNN parameters (paper defaults)
  --coarse-shape square|aspect   the coarsest level squeezed square as in the reference code (default), or keeping the aspect ratio
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
SinGAN training (singan train; every flag overrides the preset)
  --input IMG            training image (worked on at a longer side of max(--max-size, 256), as the studio's default)
  --preset fast|paper    starting hyper-parameters (default fast: 128 px, 300 iterations; paper: 250 px, 2000)
  --attention none|head|body|tail|head+tail   where axial attention sits in G (mirrored in D; default none)
  --ff                   a feed-forward block after each attention block (needs --attention)
  --max-size N           longer side of the finest scale, px; --min-size N shorter side of the coarsest (preset: 25)
  --iterations N         iterations per scale; the learning-rate drop stays at the preset's share of them (80%)
  --channels N           conv channels of both nets at the first four scales (preset: 32)
  --steps N              D steps and G steps per iteration (preset: 3 each)
  --seed S               training seed (default 1); --backend webgpu|cpu as above
  --out FILE             the trained model file (default: out/model.singan)
  --report FILE          JSON report: config, per-scale ms and iterations/s, final SIFIDs, elapsed, GPU/tfjs peak bytes, backend
SinGAN use (singan sample, animate singan)
  --model FILE           a .singan model file (from singan train, or exported from the studio)
  --samples K            samples to make, 1–64 (default 1); --seed S is the first seed (default 1)
  --height-factor F, --width-factor F   sample size as factors 0.5–3 of the training size (default 1)
  --out DIR              sample: writes DIR/sample-<seed>.png (default: out)
  --beta B               animate singan: noise walk z_t = B·z_{t−1} + (1−B)·ε, 0 ≤ B < 1 (default 0.95)
  --start-scale S        animate singan: first scale whose noise walks, 0 = coarsest (default 0)
  (animate singan also takes --frames, --fps, --loop, --seed, --out, --png-zip, --report as animate gpnn)
`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

/** Options of one command only; refused elsewhere so a misplaced flag is not silently ignored. */
const GPNN_ONLY = ['input2', 'input3', 'input4', 'mask', 'height', 'nn', 'pm-rounds', 'target-height', 'target-width', 'patch', 'alpha', 'sigma', 'coarse', 'coarse-shape', 'distance', 'coherence'] as const;
const SINGAN_TRAIN_ONLY = ['preset', 'attention', 'ff', 'max-size', 'min-size', 'channels', 'steps'] as const;
const SINGAN_USE_ONLY = ['model', 'height-factor', 'width-factor', 'beta', 'start-scale'] as const;
const ANIMATE_ONLY = ['frames', 'fps', 'loop', 'png-zip'] as const;

function refuse(values: Record<string, unknown>, names: readonly string[], where: string): void {
  for (const n of names) if (values[n] !== undefined) fail(`--${n} does not apply to ${where}`);
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

/** Writes a command's JSON report (creating its folder) and says where. */
function writeReport(path: string, report: unknown): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report: ${resolve(path)}`);
}

function writePng(path: string, height: number, width: number, rgba: Buffer): void {
  const png = new PNG({ width, height });
  rgba.copy(png.data);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, PNG.sync.write(png));
}

/** GPNN parameters from the options every GPNN command shares. */
function gpnnParams(values: Record<string, string | undefined>): GpnnParams {
  const nn = values.nn ?? 'auto';
  if (nn !== 'auto' && nn !== 'exact' && nn !== 'patchmatch') fail(`--nn must be auto, exact or patchmatch, got "${nn}"`);
  const distance = values.distance ?? DEFAULT_GPNN.distance;
  if (distance !== 'l2' && distance !== 'sq') fail(`--distance must be l2 or sq, got "${distance}"`);
  const coarseShape = values['coarse-shape'] ?? 'square';
  if (coarseShape !== 'aspect' && coarseShape !== 'square') fail(`--coarse-shape must be aspect or square, got "${coarseShape}"`);
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
    coarseShape,
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
  refuse(values, [...SINGAN_TRAIN_ONLY, ...SINGAN_USE_ONLY], `gpnn ${task}`);
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
    const stop = studio.onEvent((e: AutomationEvent) => {
      if (e.type === 'search') log(`search: ${e.reason}`);
    });
    let result;
    try {
      result = await studio.run(job);
    } finally {
      stop();
    }
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
        nn: result.search?.nn ?? nn,
        search: result.search,
        backend: result.backend,
        inputs: files.map((f, i) => ({ path: resolve(f.path), slot: f.slot, original: loaded[i].original, working: loaded[i].working })),
        outputs: written,
        elapsedMs: result.elapsedMs,
        perScale: result.scales,
        gpuPeakBytes: result.stats.gpuPeakBytes,
      };
      writeReport(values.report, report);
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
      refuse(values, [...SINGAN_TRAIN_ONLY, ...SINGAN_USE_ONLY], 'animate gpnn');
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
  singan: {
    prepare(values, animation) {
      refuse(values, ['input', ...GPNN_ONLY, ...SINGAN_TRAIN_ONLY, 'iterations', 'height-factor', 'width-factor'], 'animate singan');
      if (!values.model) fail('--model is required (a .singan file)');
      const beta = num(values.beta, 'beta', 0.95);
      if (!(beta >= 0 && beta < 1)) fail(`--beta must be at least 0 and below 1, got ${beta}`);
      const startScale = num(values['start-scale'], 'start-scale', 0, true);
      if (startScale < 0) fail(`--start-scale must be 0 or more, got ${startScale}`);
      const model = readModelFile(values.model);
      let modelId = '';
      return {
        inputs: [],
        async setup(studio) {
          modelId = (await importModel(studio, model)).id;
        },
        job: () => ({ kind: 'singan-animate', modelId, animation: { ...animation, beta, startScale } }),
        report: { model: resolve(values.model), beta, startScale },
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
      writeReport(values.report, report);
    }
  } finally {
    await studio.close();
  }
}

// ---------------------------------------------------------------- SinGAN

function readModelFile(path: string): { path: string; bytes: Uint8Array } {
  try {
    return { path, bytes: new Uint8Array(readFileSync(path)) };
  } catch {
    fail(`cannot read ${path}`);
  }
}

/**
 * Imports a model file into the headless browser's model store and returns
 * the new entry. The store starts empty in every run, but the new id is
 * taken as the one missing before, not as the first of the list.
 */
async function importModel(studio: HeadlessStudio, file: { path: string; bytes: Uint8Array }) {
  const before = await studio.models({ kind: 'list' });
  const known = new Set(before.models.map((m) => m.id));
  const reply = await studio.models({ kind: 'import', bytes: file.bytes, name: basename(file.path) });
  // The engine's own message (e.g. "model.singan cannot be imported: The model file is truncated: …"): a bad file, not bad usage.
  if (reply.error) throw new Error(reply.error.message);
  const added = reply.models.find((m) => !known.has(m.id));
  if (!added) throw new Error(`${file.path}: the engine stored no model`);
  return added;
}

/** The working image's longer side: max-size when larger, else the studio's default (so the CLI and the page train on the same pixels). */
const singanWorkingSide = (config: SinganConfig) => Math.max(config.maxSize, 256);

/** The training config: a preset with the command line's overrides (checked against the image once it is read). */
function singanTrainConfig(values: Record<string, string | undefined>): { preset: string; config: SinganConfig } {
  const presetName = values.preset ?? 'fast';
  if (presetName !== 'fast' && presetName !== 'paper') fail(`--preset must be fast or paper, got "${presetName}"`);
  const preset = SINGAN_PRESETS[presetName];
  const attention = (values.attention ?? 'none') as AttentionPlacement;
  if (!ATTENTION_PLACEMENTS.includes(attention)) fail(`--attention must be one of ${ATTENTION_PLACEMENTS.join(', ')}, got "${attention}"`);
  const feedForward = values.ff !== undefined;
  if (feedForward && attention === 'none') fail('--ff adds a block after each attention block: it needs --attention');
  const iterations = num(values.iterations, 'iterations', preset.iterations, true);
  const channels = num(values.channels, 'channels', preset.baseChannels, true);
  const steps = values.steps === undefined ? null : num(values.steps, 'steps', 1, true);
  const config: SinganConfig = {
    ...preset,
    maxSize: num(values['max-size'], 'max-size', preset.maxSize, true),
    minSize: num(values['min-size'], 'min-size', preset.minSize, true),
    iterations,
    // The presets drop the learning rate at 80% of the iterations (the public code's 1600 of 2000); fewer iterations keep that share.
    lrDropAt: values.iterations === undefined ? preset.lrDropAt : Math.round((iterations * preset.lrDropAt) / preset.iterations),
    baseChannels: channels,
    maxChannels: Math.max(preset.maxChannels, channels),
    dSteps: steps ?? preset.dSteps,
    gSteps: steps ?? preset.gSteps,
    attention,
    feedForward,
    // Previews feed the studio's live view; here they would only cost time.
    previewEvery: 0,
    seed: num(values.seed, 'seed', preset.seed, true),
  };
  return { preset: presetName, config };
}

const mib = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

/** `singan train`: trains in the worker (per-scale lines on stderr as each scale finishes), then exports the stored model to --out. */
async function singanTrain(values: Record<string, string | undefined>): Promise<void> {
  refuse(values, [...GPNN_ONLY, ...SINGAN_USE_ONLY, ...ANIMATE_ONLY, 'samples', 'json'], 'singan train');
  if (!values.input) fail('--input is required');
  const { preset, config } = singanTrainConfig(values);
  const backend = values.backend ?? 'webgpu';
  if (backend !== 'webgpu' && backend !== 'cpu') fail(`--backend must be webgpu or cpu, got "${backend}"`);
  const file = readImage(values.input);
  // The engine's own check, on the size the worker will make of the image, so a bad setting fails before the browser starts.
  const problem = validateSinganConfig(config, workingSize(file.height, file.width, singanWorkingSide(config)));
  if (problem) fail(problem);
  const out = values.out ?? 'out/model.singan';

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const studio = await startHeadlessStudio({ backend, log });
  try {
    const loaded = await studio.load('source', file.bytes, basename(values.input), singanWorkingSide(config));
    const stem = basename(values.input, extname(values.input));
    const attention = config.attention === 'none' ? 'plain' : `attention ${config.attention}${config.feedForward ? ' + FF' : ''}`;
    const job: JobSpec = { kind: 'singan-train', config, modelId: `cli-${Date.now().toString(36)}`, name: `${stem} · ${preset} · ${attention}`, sifid: true };
    log(`training SinGAN (${preset}, ${attention}) on ${loaded.working.width}×${loaded.working.height}: ${config.iterations} iterations per scale…`);
    const sifids = new Map<number, Record<string, number>>();
    let lastLine = Date.now();
    const stop = studio.onEvent((e: AutomationEvent) => {
      if (e.type === 'scale' && e.output === 0) {
        const scale = e.depth - e.level;
        const rate = e.ms ? ` · ${((config.iterations * 1000) / e.ms).toFixed(2)} it/s` : '';
        log(`  scale ${scale + 1}/${e.depth + 1} · ${e.width}×${e.height} · ${e.ms?.toFixed(0) ?? '?'} ms${rate}`);
        lastLine = Date.now();
      } else if (e.type === 'metric' && e.level !== null && e.name.startsWith('sifid')) {
        const m = { ...sifids.get(e.level), [e.name]: e.value };
        sifids.set(e.level, m);
        if (e.name === 'sifid-rec-fake') log(`    SIFID real–fake ${m.sifid?.toFixed(4)} · real–rec ${m['sifid-rec']?.toFixed(4)} · rec–fake ${e.value.toFixed(4)}`);
      } else if (e.type === 'progress' && Date.now() - lastLine > 15_000) {
        // A paper-preset scale takes minutes: say where training is now and then.
        log(`  … ${e.stage}`);
        lastLine = Date.now();
      }
    });
    let result;
    try {
      result = await studio.run(job);
    } finally {
      stop();
    }
    const exported = await studio.models({ kind: 'export', modelId: job.modelId });
    if (exported.error || !exported.file) throw new Error(exported.error?.message ?? 'the engine returned no model file');
    mkdirSync(dirname(resolve(out)), { recursive: true });
    writeFileSync(out, exported.file.bytes);
    const perScale = result.scales
      .filter((s) => s.output === 0)
      .map((s) => ({
        scale: result.scales.filter((t) => t.output === 0).length - 1 - s.level,
        height: s.height,
        width: s.width,
        ms: s.ms,
        iterationsPerSecond: s.ms ? (config.iterations * 1000) / s.ms : null,
      }))
      .sort((a, b) => a.scale - b.scale);
    const last = Math.max(-1, ...result.metrics.filter((m) => m.level !== null).map((m) => m.level!));
    const finalMetric = (name: string) => result.metrics.find((m) => m.level === last && m.name === name)?.value ?? null;
    const sifid = { scale: last >= 0 ? last : null, sifid: finalMetric('sifid'), sifidRec: finalMetric('sifid-rec'), sifidRecFake: finalMetric('sifid-rec-fake') };
    console.log(`${resolve(out)}  ${exported.file.bytes.length} bytes  ${perScale.length} scales`);
    console.log(
      `elapsed ${(result.elapsedMs / 1000).toFixed(1)} s · SIFID ${sifid.sifid?.toFixed(4) ?? 'n/a'} (rec ${sifid.sifidRec?.toFixed(4) ?? 'n/a'}, rec–fake ${sifid.sifidRecFake?.toFixed(4) ?? 'n/a'}) · ` +
        `peak GPU buffers ${mib(result.stats.gpuPeakBytes)}, tfjs ${mib(result.stats.tfPeakBytes)}`,
    );
    if (values.report) {
      const report = {
        command: 'singan train',
        preset,
        config,
        backend: result.backend,
        input: { path: resolve(values.input), original: loaded.original, working: loaded.working },
        model: { path: resolve(out), bytes: exported.file.bytes.length, name: job.name },
        perScale,
        finalSifid: sifid,
        elapsedMs: result.elapsedMs,
        gpuPeakBytes: result.stats.gpuPeakBytes,
        tfPeakBytes: result.stats.tfPeakBytes,
      };
      writeReport(values.report, report);
    }
  } finally {
    await studio.close();
  }
}

/** `singan sample`: imports the model file and writes DIR/sample-<seed>.png for K consecutive seeds. */
async function singanSample(values: Record<string, string | undefined>): Promise<void> {
  refuse(values, ['input', ...GPNN_ONLY, ...SINGAN_TRAIN_ONLY, ...ANIMATE_ONLY, 'iterations', 'beta', 'start-scale', 'json'], 'singan sample');
  if (!values.model) fail('--model is required (a .singan file)');
  const samples = num(values.samples, 'samples', 1, true);
  if (samples < 1 || samples > 64) fail(`--samples must be from 1 to 64, got ${samples}`);
  const seed = num(values.seed, 'seed', 1, true);
  const heightFactor = num(values['height-factor'], 'height-factor', 1);
  const widthFactor = num(values['width-factor'], 'width-factor', 1);
  for (const [name, f] of [['height-factor', heightFactor], ['width-factor', widthFactor]] as const) {
    if (!(f >= 0.5 && f <= 3)) fail(`--${name} must be from 0.5 to 3, got ${f}`);
  }
  const backend = values.backend ?? 'webgpu';
  if (backend !== 'webgpu' && backend !== 'cpu') fail(`--backend must be webgpu or cpu, got "${backend}"`);
  const file = readModelFile(values.model);
  const dir = values.out ?? 'out';

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const studio = await startHeadlessStudio({ backend, log });
  try {
    const model = await importModel(studio, file);
    const seeds = Array.from({ length: samples }, (_, i) => seed + i);
    log(`sampling ${model.name} (${model.scalesDone}/${model.scales} scales, ${model.imageShape[1]}×${model.imageShape[0]}): ${samples === 1 ? `seed ${seed}` : `seeds ${seed}–${seed + samples - 1}`}…`);
    const result = await studio.run({ kind: 'singan-sample', modelId: model.id, seeds, heightFactor, widthFactor });
    const written = result.outputs.map((o) => {
      const path = join(dir, `sample-${o.seed}.png`);
      writePng(path, o.height, o.width, Buffer.from(o.rgba, 'base64'));
      return { path: resolve(path), height: o.height, width: o.width, seed: o.seed };
    });
    for (const w of written) console.log(`${w.path}  ${w.width}×${w.height}  seed ${w.seed}`);
    if (values.report) {
      const report = {
        command: 'singan sample',
        model: { path: resolve(file.path), ...model },
        heightFactor,
        widthFactor,
        backend: result.backend,
        outputs: written,
        elapsedMs: result.elapsedMs,
        perScale: result.scales,
        gpuPeakBytes: result.stats.gpuPeakBytes,
      };
      writeReport(values.report, report);
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
      'coarse-shape': { type: 'string' },
      iterations: { type: 'string' },
      distance: { type: 'string' },
      backend: { type: 'string' },
      frames: { type: 'string' },
      fps: { type: 'string' },
      loop: { type: 'string' },
      coherence: { type: 'string' },
      'png-zip': { type: 'string' },
      model: { type: 'string' },
      preset: { type: 'string' },
      attention: { type: 'string' },
      ff: { type: 'boolean' },
      'max-size': { type: 'string' },
      'min-size': { type: 'string' },
      channels: { type: 'string' },
      steps: { type: 'string' },
      'height-factor': { type: 'string' },
      'width-factor': { type: 'string' },
      beta: { type: 'string' },
      'start-scale': { type: 'string' },
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
  if (engine === 'singan') {
    if (!SINGAN_TASKS.includes(task as SinganCliTask)) fail(`singan needs a task: ${SINGAN_TASKS.join(', ')}${task ? ` (got "${task}")` : ''}`);
    if (positionals.length > 2) fail(`unexpected argument "${positionals[2]}"`);
    const flags = values as Record<string, string | undefined>;
    return task === 'train' ? singanTrain(flags) : singanSample(flags);
  }
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
