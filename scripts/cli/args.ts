/** The command line's words: usage text, flag parsing, and the checks every command shares. */
import { parseArgs } from 'node:util';
import { BACKEND_CHOICES, isBackendChoice, type BackendChoice } from '../../src/protocol/messages';

export const GPNN_TASKS = ['sample', 'retarget', 'analogy', 'inpaint', 'collage'] as const;
export type GpnnCliTask = (typeof GPNN_TASKS)[number];
export const SINGAN_TASKS = ['train', 'sample', 'sr'] as const;
export type SinganCliTask = (typeof SINGAN_TASKS)[number];
export const GIF2GIF_TASKS = ['train', 'generate'] as const;
export type Gif2gifCliTask = (typeof GIF2GIF_TASKS)[number];

/** Parsed flags as the commands read them (--ff and --json, the boolean ones, only need `!== undefined`). */
export type Flags = Record<string, string | undefined>;

export const USAGE = `Usage:
  npm run cli -- gpnn <${GPNN_TASKS.join('|')}> --input IMG [options]
  npm run cli -- animate gpnn --input IMG --frames N --fps F [options] --out anim.gif
  npm run cli -- singan train --input IMG [--preset fast|paper] [--attention P] [--ff] [options] --out model.singan
  npm run cli -- singan sample --model model.singan --samples K [--seed S] [--height-factor F --width-factor F] --out DIR
  npm run cli -- singan sr --model model.singan --factor 2|4|8 [--input LR.png [--reference HI.png]] --out sr.png
  npm run cli -- animate singan --model model.singan --frames N --fps F [--beta B] [--start-scale S] --out anim.gif
  npm run cli -- gif2gif train --input GIF [--variant batch|noise-lstm|one-to-many] [--frames N] [SinGAN training options] --out model.singan
  npm run cli -- gif2gif generate --model model.singan [--input GIF] [--frames N] [--seed S] [--start-scale S] [--reverse] [--fps F] [--loop loop|pingpong] --out anim.gif
  npm run cli -- sifid REAL FAKE [FAKE…] [--json] [--backend auto|webgpu|wasm|cpu]
  npm run cli -- replay --recipe result.png --input source.jpg [--input2 IMG…] [--model model.singan] --out again.png

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
  --patch P --alpha A --sigma S --coarse C --iterations T --distance l2|sq   GPNN parameters (paper defaults; retarget's --alpha is its own, default 1)
  --fine-alpha A         samples: completeness at the fine levels, where the layout is set (default 1; = --alpha for the paper's schedule)
  --coarse-shape square|aspect   the coarsest level squeezed square as in the reference code (default), or keeping the aspect ratio
  --backend auto|webgpu|wasm|cpu  compute backend (default auto: WebGPU on a hardware GPU,
                         else WebAssembly on the CPU; each falls back with the reason in the report)
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
  --seed S               training seed (default 1); --backend as above
  --out FILE             the trained model file (default: out/model.singan)
  --report FILE          JSON report: config, per-scale ms and iterations/s, final SIFIDs, elapsed, GPU/tfjs peak bytes, backend
SinGAN use (singan sample, animate singan)
  --model FILE           a .singan model file (from singan train, or exported from the studio)
  --samples K            samples to make, 1–64 (default 1); --seed S is the first seed (default 1)
  --height-factor F, --width-factor F   sample size as factors 0.5–3 of the training size (default 1)
  --out DIR              sample: writes DIR/sample-<seed>.png (default: out)
  --beta B               animate singan: noise walk z_t = B·z_{t−1} + (1−B)·ε, 0 ≤ B < 1 (default 0.95)
  --start-scale S        animate singan: first scale whose noise walks, 0 = coarsest (default 0);
                         gif2gif generate: first scale drawn anew, the coarser ones keep the source's layout and motion (default 0)
  (animate singan also takes --frames, --fps, --loop, --seed, --out, --png-zip, --report as animate gpnn)
SinGAN super-resolution (singan sr; as the paper does it: the training image upsampled by about the pyramid's
factor and refined by the finest generator, step after step, until ×F)
  --model FILE           a still-image .singan model file
  --factor F             2, 4 or 8 (default 4); the output, F × the finest scale's size, must be at most 1024 px a side
  --input IMG            the image the model was trained on, as given to singan train (a model file carries
                         none: without it super-resolution starts from the model's reconstruction of it)
  --reference IMG        the high-resolution original, exactly ×F the finest scale (needs --input): prints RMSE,
                         PSNR and SSIM of the result and of a bicubic upscale of the training image against it
  --out PNG              the result, carrying its recipe (default: out/sr-x<F>.png)
  --report FILE          JSON report: model, steps, sizes, metrics (PSNR null when identical), timings, backend
GIF → GIF (gif2gif train, gif2gif generate)
  --input GIF            train: an animated GIF (or animated WebP/APNG), 2–32 frames; worked on as singan train's images
  --variant V            how time comes in: batch (independent noise per frame), noise-lstm (a ConvLSTM over the
                         noise, default) or one-to-many (every frame unrolled from the one before)
  --hidden N             ConvLSTM hidden channels (default 8); --chunk N frames per chunk of truncated BPTT (default 2)
  --motion R             noise-lstm, one-to-many: largest motion per frame the coarsest scale's motion head moves
                         content by, in pixels at that scale, 0–6 (default 3; 0: no motion head)
  --frames N             train: the first N frames of a GIF only (default all, up to 32);
                         generate: frames to make, 2–240 (default: as many as the model was trained on)
  (train also takes singan train's --preset, --attention, --ff, --max-size, --min-size, --iterations, --channels,
   --steps, --seed, --out, --report; its report adds the sequence settings and the frames used)
  --model FILE           generate: a GIF → GIF .singan model (from gif2gif train, or exported from the studio)
  --input GIF            generate (optional): the training GIF, for the source motion angle, the agreement and the
                         temporal and per-frame SIFIDs (a model file carries no training frames; measured in Node)
  --seed S               generate: the sequence's seed (default 1); --reverse plays the same sequence backwards
  --fps F, --loop loop|pingpong   as animate (default 12 fps, loop)
  --out FILE             required; train: the model file; generate: the animated GIF, or a zip of PNG frames for FILE.zip
  --report FILE          generate: JSON report: frames, flicker, motion angles and agreement, temporal and per-frame SIFID
Replay (replay)
  --recipe PNG           a PNG exported by the studio or by gpnn or singan sample here: it carries the job that made it
  --input IMG …          the recipe's source images, in its order (checked by SHA-256)
  --model FILE           SinGAN recipes: the model file (checked by SHA-256 where the recipe was made here)
  --out PNG              the remade image, pixel for pixel the same (default: out/replay.png)
`;

/** Bad usage (exit 2, with the usage text), as opposed to a failure of the work itself (exit 1). */
export class UsageError extends Error {}

export function fail(message: string): never {
  throw new UsageError(message);
}

/** Node's own parse errors (an unknown flag, a missing value) are bad usage too. */
export function isUsageError(err: unknown): err is Error {
  return (
    err instanceof UsageError ||
    (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
  );
}

/** Options of one command only; refused elsewhere so a misplaced flag is not silently ignored. */
export const GPNN_ONLY = [
  'input2',
  'input3',
  'input4',
  'mask',
  'height',
  'nn',
  'pm-rounds',
  'target-height',
  'target-width',
  'patch',
  'alpha',
  'fine-alpha',
  'sigma',
  'coarse',
  'coarse-shape',
  'distance',
  'coherence',
] as const;
export const SINGAN_TRAIN_ONLY = ['preset', 'attention', 'ff', 'max-size', 'min-size', 'channels', 'steps'] as const;
/** singan sr's own flags (refused by singan sample, animate singan and gif2gif generate, which take a model too). */
export const SINGAN_SR_ONLY = ['factor', 'reference'] as const;
export const SINGAN_USE_ONLY = [
  'model',
  'height-factor',
  'width-factor',
  'beta',
  'start-scale',
  ...SINGAN_SR_ONLY,
] as const;
export const ANIMATE_ONLY = ['frames', 'fps', 'loop', 'png-zip'] as const;
export const GIF2GIF_ONLY = ['variant', 'hidden', 'chunk', 'motion', 'reverse'] as const;

export function refuse(values: Record<string, unknown>, names: readonly string[], where: string): void {
  for (const n of names) if (values[n] !== undefined) fail(`--${n} does not apply to ${where}`);
}

export function num(v: string | undefined, name: string, fallback: number, integer = false): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
    fail(`--${name} must be a ${integer ? 'whole ' : ''}number, got "${v}"`);
  return n;
}

export function backendOption(value: string | undefined): BackendChoice {
  const backend = value ?? 'auto';
  if (!isBackendChoice(backend)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${backend}"`);
  return backend;
}

/** Every command's flags in one table: a flag unknown to all of them is a parse error, one known elsewhere is refused by the command. */
export function parseCliArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      input: { type: 'string' },
      recipe: { type: 'string' },
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
      'fine-alpha': { type: 'string' },
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
      factor: { type: 'string' },
      reference: { type: 'string' },
      variant: { type: 'string' },
      hidden: { type: 'string' },
      chunk: { type: 'string' },
      motion: { type: 'string' },
      reverse: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
