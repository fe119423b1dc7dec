import { cli } from './cliSupport';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { decompressFrames, parseGIF } from 'gifuct-js';
import { encodeTestGif, waterfallFrames } from '../scripts/make-test-gifs';
import { isUsageError, parseCliArgs, type Flags } from '../scripts/cli/args';
import { gif2gifGenerate, gif2gifTrain } from '../src/features/gif2gif/cliGif2gif';
import { testPicture } from './support';

/**
 * `gif2gif train` and `gif2gif generate` end to end: the CLI trains a GIF → GIF
 * model on the waterfall test GIF (cut to its first frames), moves it through
 * a .singan file into a fresh browser and generates from it, forwards and
 * reversed. On WebAssembly, with the tiny config singan-cli.spec.ts uses:
 * what is tested is the CLI; the engine has its own tests.
 */
const run = (args: string[]) => cli(args, 'wasm');
// 3 scales (24, 28, 32 px) of 4-channel nets, one D and one G step per iteration.
const TINY = ['--max-size', '32', '--min-size', '24', '--channels', '4', '--steps', '1', '--seed', '3'];
// Two iterations per scale make a still model; GIF → GIF gets eight, enough for frames that differ even in a GIF's palette.
const STILL_ITERATIONS = ['--iterations', '2'];
const SEQUENCE_ITERATIONS = ['--iterations', '8'];

test.describe.configure({ timeout: 600_000 });

/** The fields of `gif2gif train --report` this test reads. */
interface TrainReport {
  command: string;
  backend: { kind: string };
  config: unknown;
  sequence: unknown;
  frames: number;
  input: unknown;
  perScale: { height: number; width: number; ms: number; iterationsPerSecond: number }[];
  tfPeakBytes: number;
  elapsedMs: number;
  model: { bytes: number };
}

/** The fields of `gif2gif generate --report` this test reads; the metrics by name. */
interface GenerateReport {
  [metric: string]: unknown;
  animation: unknown;
  model: { sequence: unknown };
  frames: unknown[];
  sourceMotionAngleDeg: number;
  perFrameSifid: number[];
  sourceMetrics: string;
  flicker: number;
}

/** Every frame of a GIF, composed, as RGBA (the export writes whole frames at (0, 0), so each patch is a frame). */
function gifFrames(path: string) {
  const bytes = readFileSync(path);
  return decompressFrames(parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), true);
}

/** As cliSupport's cli, but asynchronous: the bad-argument runs fail before any browser starts, so they go at once. */
function cliAsync(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('npx', ['tsx', 'scripts/cli/main.ts', ...args, '--backend', 'wasm'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stderr }));
  });
}

/** The usage error a gif2gif command raises for these arguments, called in this process (a CLI process costs seconds to start). */
async function usageError(args: string[]): Promise<string> {
  const { values, positionals } = parseCliArgs(args);
  const command = positionals[1] === 'train' ? gif2gifTrain : gif2gifGenerate;
  try {
    await command(values as Flags);
  } catch (err) {
    if (isUsageError(err)) return err.message;
    throw err;
  }
  throw new Error(`${args.join(' ')}: no usage error`);
}

test('gif2gif: bad arguments print usage and exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gif2gif-args-'));
  const still = join(dir, 'still.png');
  writeFileSync(still, testPicture(32, 32));
  const oneFrame = join(dir, 'one.gif');
  writeFileSync(oneFrame, encodeTestGif(waterfallFrames({ frames: 1 })));
  // Through the real command line: exit 2 and the usage text.
  const spawned: [string[], string][] = [
    [['gif2gif'], 'gif2gif needs a task: train, generate'],
    // The registry's words, before any browser starts.
    [
      ['gif2gif', 'train', '--input', still, '--out', join(dir, 'm.singan')],
      'GIF → GIF learns motion: load an animated GIF (or animated WebP/APNG) with 2 to 32 frames. This image is a still.',
    ],
    [
      ['gif2gif', 'generate', '--model', 'm.singan', '--out', 'a.png'],
      '--out must end in .gif (an animated GIF) or .zip (PNG frames)',
    ],
  ];
  const results = await Promise.all(spawned.map(([args]) => cliAsync(args)));
  for (const [k, [args, message]] of spawned.entries()) {
    expect(results[k].status, args.join(' ')).toBe(2);
    expect(results[k].stderr, args.join(' ')).toContain('Usage:');
    expect(results[k].stderr, args.join(' ')).toContain(message);
  }
  // The rest by the same functions, in this process.
  const cases: [string[], string][] = [
    [['gif2gif', 'train'], '--input is required'],
    [['gif2gif', 'train', '--input', 'x.gif'], '--out is required'],
    [
      ['gif2gif', 'train', '--input', 'x.gif', '--out', 'm.singan', '--variant', 'lstm'],
      '--variant must be one of batch, noise-lstm, one-to-many, got "lstm"',
    ],
    [
      ['gif2gif', 'train', '--input', 'x.gif', '--out', 'm.singan', '--frames', '1'],
      '--frames must be a whole number from 2 to 32 for training, got 1',
    ],
    [
      ['gif2gif', 'train', '--input', 'x.gif', '--out', 'm.singan', '--fps', '5'],
      '--fps does not apply to gif2gif train',
    ],
    [['gif2gif', 'train', '--input', oneFrame, '--out', 'm.singan'], 'This image is a still.'],
    [['gif2gif', 'train', '--input', 'missing.gif', '--out', 'm.singan'], 'cannot read missing.gif'],
    [['gif2gif', 'generate'], '--model is required'],
    [['gif2gif', 'generate', '--model', 'm.singan'], '--out is required'],
    [
      ['gif2gif', 'generate', '--model', 'm.singan', '--out', 'a.gif', '--frames', '1'],
      'Frames must be a whole number from 2 to 240 (got 1).',
    ],
    [
      ['gif2gif', 'generate', '--model', 'm.singan', '--out', 'a.gif', '--fps', '0'],
      'Frame rate must be from 1 to 50 fps (got 0).',
    ],
    [
      ['gif2gif', 'generate', '--model', 'm.singan', '--out', 'a.gif', '--loop', 'bounce'],
      '--loop must be loop or pingpong',
    ],
    [
      ['gif2gif', 'generate', '--model', 'm.singan', '--out', 'a.gif', '--variant', 'batch'],
      '--variant does not apply to gif2gif generate',
    ],
    [['gif2gif', 'generate', '--model', 'missing.singan', '--out', 'a.gif'], 'cannot read missing.singan'],
  ];
  for (const [args, message] of cases) expect(await usageError(args), args.join(' ')).toContain(message);
});

test('gif2gif train writes a model and a report; generate is seeded and --reverse plays the same frames backwards; still and corrupt models are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gif2gif-cli-'));
  const input = join(dir, 'waterfall.gif');
  writeFileSync(input, encodeTestGif(waterfallFrames({ size: 32, frames: 5 })));
  const model = join(dir, 'waterfall.singan');

  // --frames 4 cuts the 5-frame GIF to its first 4 frames.
  const train = run([
    'gif2gif',
    'train',
    '--input',
    input,
    '--variant',
    'noise-lstm',
    '--frames',
    '4',
    ...TINY,
    ...SEQUENCE_ITERATIONS,
    '--out',
    model,
    '--report',
    join(dir, 'train.json'),
  ]);
  expect(train.status, train.stderr).toBe(0);
  expect(train.stderr).toMatch(/scale 1\/3 · 24×24 × 4 frames · \d+ ms · [\d.]+ it\/s/);
  expect(train.stderr).toMatch(/scale 3\/3 · 32×32 × 4 frames/);
  const report = JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8')) as TrainReport;
  expect(report.command).toBe('gif2gif train');
  expect(report.backend.kind).toBe('wasm');
  expect(report.config).toMatchObject({
    maxSize: 32,
    minSize: 24,
    baseChannels: 4,
    dSteps: 1,
    gSteps: 1,
    iterations: 8,
    seed: 3,
  });
  expect(report.sequence).toEqual({ variant: 'noise-lstm', hidden: 8, chunk: 2, motion: 3 });
  expect(report.frames).toBe(4);
  expect(report.input).toMatchObject({ framesInFile: 5, frames: 4, trimmedTo: 4, working: { height: 32, width: 32 } });
  expect(report.perScale.map((s) => [s.height, s.width])).toEqual([
    [24, 24],
    [28, 28],
    [32, 32],
  ]);
  for (const s of report.perScale) {
    expect(s.ms).toBeGreaterThan(0);
    expect(s.iterationsPerSecond).toBeCloseTo((8 * 1000) / s.ms, 6);
  }
  expect(report.tfPeakBytes).toBeGreaterThan(0);
  expect(report.elapsedMs).toBeGreaterThan(0);
  expect(statSync(model).size).toBe(report.model.bytes);

  const forward = join(dir, 'forward.gif');
  // --input: the training GIF, for the comparisons with the source (a model file carries no frames).
  const fwd = run([
    'gif2gif',
    'generate',
    '--model',
    model,
    '--input',
    input,
    '--frames',
    '6',
    '--seed',
    '7',
    '--fps',
    '5',
    '--out',
    forward,
    '--report',
    join(dir, 'generate.json'),
  ]);
  expect(fwd.status, fwd.stderr).toBe(0);
  expect(fwd.stdout).toMatch(
    /6 frames 32×32 {2}flicker [\d.]+ · motion -?[\d.]+° \(source -?[\d.]+°, agreement -?[\d.]+\) · temporal SIFID [\d.]+ · mean SIFID [\d.]+/,
  );
  const gen = JSON.parse(readFileSync(join(dir, 'generate.json'), 'utf8')) as GenerateReport;
  expect(gen.animation).toEqual({ frames: 6, fps: 5, loop: 'loop', seed: 7, reverse: false, startScale: 0 });
  expect(gen.model.sequence).toMatchObject({ variant: 'noise-lstm', frames: 4 });
  expect(gen.frames.length).toBe(6);
  for (const k of [
    'flicker',
    'motionAngleDeg',
    'sourceMotionAngleDeg',
    'motionAgreement',
    'temporalSifid',
    'meanSifid',
  ])
    expect(Number.isFinite(gen[k]), k).toBe(true);
  // The waterfall scrolls down: 90° in image coordinates.
  expect(gen.sourceMotionAngleDeg).toBeCloseTo(90, 0);
  expect(gen.perFrameSifid.length).toBe(6);
  expect(gen.sourceMetrics).toBe('input');

  const reversed = join(dir, 'reversed.gif');
  const rev = run([
    'gif2gif',
    'generate',
    '--model',
    model,
    '--frames',
    '6',
    '--seed',
    '7',
    '--fps',
    '5',
    '--reverse',
    '--out',
    reversed,
  ]);
  expect(rev.status, rev.stderr).toBe(0);
  const a = gifFrames(forward);
  const b = gifFrames(reversed);
  expect(a.length).toBe(6);
  expect(b.length).toBe(6);
  for (const f of [...a, ...b]) {
    expect(f.dims).toEqual({ width: 32, height: 32, top: 0, left: 0 });
    expect(f.delay).toBe(200);
  }
  // Same seed: the reversed GIF is the forward one's frames, last to first, pixel for pixel.
  for (let i = 0; i < 6; i++)
    expect(Buffer.compare(Buffer.from(b[i].patch), Buffer.from(a[5 - i].patch)), `reversed frame ${i}`).toBe(0);
  // The frames differ (in the GIF too), so the order compared above means something.
  expect(gen.flicker).toBeGreaterThan(0);
  expect(new Set(a.map((f) => Buffer.from(f.patch).toString('base64'))).size).toBeGreaterThan(1);

  // --start-scale: the coarser scales keep the source's reconstruction; past the model's scales it is refused in the registry's words.
  const kept = run([
    'gif2gif',
    'generate',
    '--model',
    model,
    '--frames',
    '4',
    '--seed',
    '7',
    '--start-scale',
    '2',
    '--out',
    join(dir, 'kept.gif'),
    '--report',
    join(dir, 'kept.json'),
  ]);
  expect(kept.status, kept.stderr).toBe(0);
  expect(kept.stderr).toContain('varied from scale 2');
  expect((JSON.parse(readFileSync(join(dir, 'kept.json'), 'utf8')) as GenerateReport).animation).toMatchObject({
    seed: 7,
    startScale: 2,
  });
  const keptFrames = gifFrames(join(dir, 'kept.gif'));
  expect(keptFrames.length).toBe(4);
  // Not the plain sample: its coarsest scale is the reconstruction's.
  expect(Buffer.compare(Buffer.from(keptFrames[0].patch), Buffer.from(a[0].patch))).not.toBe(0);
  const past = run(['gif2gif', 'generate', '--model', model, '--start-scale', '3', '--out', join(dir, 'past.gif')]);
  expect(past.status).toBe(2);
  expect(past.stderr).toContain('Vary from a scale from 0 to 2; got 3.');

  // A still-image SinGAN model (one scale) is refused in the registry's words.
  const stillModel = join(dir, 'still.singan');
  const still = join(dir, 'still.png');
  writeFileSync(still, testPicture(32, 32));
  const stillTrain = run([
    'singan',
    'train',
    '--input',
    still,
    ...TINY,
    ...STILL_ITERATIONS,
    '--min-size',
    '32',
    '--out',
    stillModel,
  ]);
  expect(stillTrain.status, stillTrain.stderr).toBe(0);
  const refused = run(['gif2gif', 'generate', '--model', stillModel, '--out', join(dir, 'no.gif')]);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('This model was trained on a still image: pick a GIF → GIF model');

  const truncated = join(dir, 'truncated.singan');
  writeFileSync(truncated, readFileSync(model).subarray(0, 1000));
  const broken = run(['gif2gif', 'generate', '--model', truncated, '--out', join(dir, 'broken.gif')]);
  expect(broken.status).toBe(1);
  expect(broken.stderr).toContain('truncated.singan cannot be imported: The model file is truncated');
  expect(broken.stderr).not.toContain('Usage:');
});
