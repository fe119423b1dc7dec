import { cli } from './cliSupport';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { decompressFrames, parseGIF } from 'gifuct-js';
import { PNG } from 'pngjs';
import { readPngText } from '../src/engine/image/pngText';
import { parseRecipe, RECIPE_KEYWORD } from '../src/jobs/recipe';
import { makePng, testPicture } from './support';

/**
 * `singan train`, `singan sample` and `animate singan` end to end: the CLI
 * builds the studio, trains in the same worker, moves the model through a
 * .singan file and uses it again in a fresh browser. It runs on WebAssembly:
 * what is tested is the CLI; SinGAN on WebGPU has its own tests
 * (singan-engine.spec.ts), at a fraction of SwiftShader's minutes.
 */
const run = (args: string[]) => cli(args, 'wasm');
// The real architecture, tiny: 3 scales (24, 28, 32 px) of 4-channel nets, one D and one G step, 2 iterations per scale.
const TINY = [
  '--max-size',
  '32',
  '--min-size',
  '24',
  '--channels',
  '4',
  '--steps',
  '1',
  '--iterations',
  '2',
  '--seed',
  '3',
];

test.describe.configure({ timeout: 900_000 });

/** The fields of `singan train --report` this test reads. */
interface TrainReport {
  backend: { kind: string };
  config: unknown;
  perScale: { height: number; width: number; ms: number; iterationsPerSecond: number }[];
  finalSifid: { scale: number; [metric: string]: number };
  tfPeakBytes: number;
  elapsedMs: number;
  model: { bytes: number };
}

test('singan: bad arguments print usage and exit 2', () => {
  const cases: [string[], string][] = [
    [['singan'], 'singan needs a task'],
    [['singan', 'train'], '--input is required'],
    [
      ['singan', 'train', '--input', 'x.png', '--attention', 'sideways'],
      '--attention must be one of none, head, body, tail, head+tail',
    ],
    [['singan', 'train', '--input', 'x.png', '--preset', 'huge'], '--preset must be fast or paper'],
    [
      ['singan', 'train', '--input', 'x.png', '--ff'],
      '--ff adds a block after each attention block: it needs --attention',
    ],
    [['singan', 'sample'], '--model is required'],
    [['singan', 'sample', '--model', 'm.singan', '--nn', 'exact'], '--nn does not apply to singan sample'],
    [['singan', 'sample', '--model', 'm.singan', '--samples', '0'], 'Make 1 to 64 samples (got 0).'],
    [['animate', 'singan', '--model', 'm.singan', '--beta', '1'], 'Beta must be at least 0 and below 1 (got 1).'],
    [['gpnn', 'sample', '--input', 'x.png', '--attention', 'head'], '--attention does not apply to gpnn sample'],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).toContain(message);
  }
});

test('singan train writes a model and a report; sample is reproducible by seed; animate makes a GIF; a truncated model is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'singan-cli-'));
  const input = join(dir, 'in.png');
  writeFileSync(input, testPicture(32, 32));
  const model = join(dir, 'model.singan');

  // The picture is 32×32, so --max-size 32 with the ≥256 px working size keeps it as it is.
  const bad = run(['singan', 'train', '--input', input, ...TINY, '--min-size', '40']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('minSize');

  const train = run([
    'singan',
    'train',
    '--input',
    input,
    ...TINY,
    '--out',
    model,
    '--report',
    join(dir, 'train.json'),
  ]);
  expect(train.status, train.stderr).toBe(0);
  expect(train.stderr).toMatch(/scale 1\/3 · 24×24 · \d+ ms · [\d.]+ it\/s/);
  expect(train.stderr).toMatch(/scale 3\/3 · 32×32/);
  const report = JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8')) as TrainReport;
  expect(report.backend.kind).toBe('wasm');
  expect(report.config).toMatchObject({
    maxSize: 32,
    minSize: 24,
    baseChannels: 4,
    dSteps: 1,
    gSteps: 1,
    iterations: 2,
    attention: 'none',
    seed: 3,
  });
  expect(report.perScale.map((s) => [s.height, s.width])).toEqual([
    [24, 24],
    [28, 28],
    [32, 32],
  ]);
  for (const s of report.perScale) {
    expect(s.ms).toBeGreaterThan(0);
    expect(s.iterationsPerSecond).toBeCloseTo((2 * 1000) / s.ms, 6);
  }
  expect(report.finalSifid.scale).toBe(2);
  for (const k of ['sifid', 'sifidRec', 'sifidRecFake']) expect(Number.isFinite(report.finalSifid[k]), k).toBe(true);
  expect(report.tfPeakBytes).toBeGreaterThan(0);
  expect(report.elapsedMs).toBeGreaterThan(0);
  expect(statSync(model).size).toBe(report.model.bytes);

  // Two fresh browsers import the same file: the same seed gives the same pixels.
  const a = run(['singan', 'sample', '--model', model, '--samples', '2', '--seed', '5', '--out', join(dir, 'a')]);
  expect(a.status, a.stderr).toBe(0);
  const b = run(['singan', 'sample', '--model', model, '--seed', '5', '--out', join(dir, 'b')]);
  expect(b.status, b.stderr).toBe(0);
  const pa = PNG.sync.read(readFileSync(join(dir, 'a', 'sample-5.png')));
  const pb = PNG.sync.read(readFileSync(join(dir, 'b', 'sample-5.png')));
  expect([pa.width, pa.height]).toEqual([32, 32]);
  expect(Buffer.compare(pa.data, pb.data)).toBe(0);
  expect(PNG.sync.read(readFileSync(join(dir, 'a', 'sample-6.png'))).width).toBe(32);

  const gifPath = join(dir, 'walk.gif');
  const anim = run([
    'animate',
    'singan',
    '--model',
    model,
    '--frames',
    '3',
    '--fps',
    '5',
    '--loop',
    'pingpong',
    '--beta',
    '0.9',
    '--out',
    gifPath,
  ]);
  expect(anim.status, anim.stderr).toBe(0);
  const bytes = readFileSync(gifPath);
  const frames = decompressFrames(
    parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    true,
  );
  // Pingpong is written out: 0 1 2 1.
  expect(frames.length).toBe(4);
  for (const f of frames) {
    expect(f.dims).toEqual({ width: 32, height: 32, top: 0, left: 0 });
    expect(f.delay).toBe(200);
  }

  const truncated = join(dir, 'truncated.singan');
  writeFileSync(truncated, readFileSync(model).subarray(0, 1000));
  const broken = run(['singan', 'sample', '--model', truncated, '--out', join(dir, 'c')]);
  expect(broken.status).toBe(1);
  expect(broken.stderr).toContain('truncated.singan cannot be imported: The model file is truncated');
  expect(broken.stderr).not.toContain('Usage:');
});

test('singan sample PNGs carry their recipe: replay --model remakes one sample of the batch; the wrong model, or none, is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'singan-replay-'));
  const train = (picture: Buffer, name: string) => {
    writeFileSync(join(dir, `${name}.png`), picture);
    const r = run([
      'singan',
      'train',
      '--input',
      join(dir, `${name}.png`),
      ...TINY,
      '--out',
      join(dir, `${name}.singan`),
    ]);
    expect(r.status, r.stderr).toBe(0);
    return join(dir, `${name}.singan`);
  };
  const model = train(testPicture(32, 32), 'model');
  // Another model, trained the same way on another picture.
  const other = train(
    makePng(32, 32, (y, x) => [x * 8, 255 - y * 8, (x ^ y) * 8]),
    'other',
  );

  const sample = run(['singan', 'sample', '--model', model, '--samples', '2', '--seed', '7', '--out', dir]);
  expect(sample.status, sample.stderr).toBe(0);
  // The batch's second sample: its recipe is seed 8's job alone.
  const exported = readFileSync(join(dir, 'sample-8.png'));
  const recipe = parseRecipe(readPngText(new Uint8Array(exported), RECIPE_KEYWORD)!).recipe!;
  expect(recipe).toMatchObject({ seed: 8, sources: [], job: { kind: 'singan-sample', seeds: [8] } });
  expect(recipe.modelId).toEqual((recipe.job as { modelId: string }).modelId);
  expect(recipe.modelSha256).toBe(createHash('sha256').update(readFileSync(model)).digest('hex'));

  const replay = (extra: string[]) =>
    run(['replay', '--recipe', join(dir, 'sample-8.png'), '--out', join(dir, 'again.png'), ...extra]);
  const again = replay(['--model', model]);
  expect(again.status, again.stderr).toBe(0);
  const want = PNG.sync.read(exported);
  const got = PNG.sync.read(readFileSync(join(dir, 'again.png')));
  expect([got.width, got.height]).toEqual([want.width, want.height]);
  expect(Buffer.compare(got.data, want.data)).toBe(0);

  const cases: [string[], string][] = [
    [['--model', other], `${other} is not the recipe's SinGAN model (its SHA-256 differs)`],
    [[], 'this recipe uses a SinGAN model: give it with --model FILE'],
  ];
  for (const [extra, message] of cases) {
    const r = replay(extra);
    expect(r.status, extra.join(' ')).toBe(2);
    expect(r.stderr).toContain(message);
  }
});

test('singan sr: ×8 of the training image writes F× the finest scale and reports RMSE, PSNR and SSIM against the original and a bicubic baseline; ×3, a foreign model file and a wrong-size reference are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'singan-sr-'));
  // One smooth picture at two resolutions, each pixel sampled at its centre: the original 256×256 and the 32×32 training image.
  const picture = (side: number) =>
    makePng(side, side, (y, x) => {
      const [u, v] = [(y + 0.5) / side, (x + 0.5) / side];
      return [Math.round(255 * u), Math.round(255 * v), Math.round(128 + 100 * Math.sin(6 * u + 4 * v))];
    });
  const low = join(dir, 'low.png');
  const high = join(dir, 'high.png');
  const quarter = join(dir, 'quarter.png');
  writeFileSync(low, picture(32));
  writeFileSync(high, picture(256));
  writeFileSync(quarter, picture(128));
  const model = join(dir, 'low.singan');

  // Refused before the browser starts, in the limits' words.
  const refusals: [string[], string][] = [
    [['--model', model, '--factor', '3'], 'Super-resolution factor must be 2, 4 or 8 (got 3).'],
    [['--model', low, '--factor', '8'], `${low} is not a SinGAN model file`],
    [['--model', model, '--reference', high], '--reference needs --input'],
  ];
  for (const [args, message] of refusals) {
    const r = run(['singan', 'sr', ...args]);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr).toContain(message);
  }

  const train = run(['singan', 'train', '--input', low, ...TINY, '--out', model]);
  expect(train.status, train.stderr).toBe(0);

  const out = join(dir, 'sr.png');
  const reportPath = join(dir, 'sr.json');
  const sr = run([
    'singan',
    'sr',
    '--model',
    model,
    '--factor',
    '8',
    '--input',
    low,
    '--reference',
    high,
    '--out',
    out,
    '--report',
    reportPath,
  ]);
  expect(sr.status, sr.stderr).toBe(0);
  const png = PNG.sync.read(readFileSync(out));
  expect([png.width, png.height]).toEqual([256, 256]);
  expect(sr.stdout).toMatch(/SinGAN +RMSE [\d.]+ · PSNR [\d.]+ dB · SSIM -?[\d.]+/);
  expect(sr.stdout).toMatch(/bicubic +RMSE [\d.]+ · PSNR [\d.]+ dB · SSIM [\d.]+/);
  type Quality = { rmse: number; psnr: number; ssim: number };
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
    metrics: Record<'singan' | 'bicubic', Quality>;
  };
  expect(report).toMatchObject({
    command: 'singan sr',
    factor: 8,
    // This model's factor is (24/32)^(1/2) = 0.866: round(ln 8 / ln(1/0.866)) = round(14.46) steps.
    steps: 14,
    trainedSize: { height: 32, width: 32 },
    startedFrom: 'training image',
    output: { height: 256, width: 256 },
    reference: { height: 256, width: 256 },
  });
  for (const method of ['singan', 'bicubic'] as const) {
    const m = report.metrics[method];
    expect(m.rmse, method).toBeGreaterThan(0);
    expect(m.rmse, method).toBeLessThan(1);
    expect(m.psnr, method).toBeCloseTo(-20 * Math.log10(m.rmse), 6);
    expect(Math.abs(m.ssim), method).toBeLessThanOrEqual(1);
  }
  // The baseline is aligned with the original: a bicubic upscale of a smooth picture is close to it.
  expect(report.metrics.bicubic.psnr).toBeGreaterThan(25);
  expect(report.metrics.bicubic.ssim).toBeGreaterThan(0.8);
  const recipe = parseRecipe(readPngText(new Uint8Array(readFileSync(out)), RECIPE_KEYWORD)!).recipe!;
  expect(recipe.job).toMatchObject({ kind: 'singan-superres', factor: 8, slot: 'source' });
  expect(recipe.sources.map((s) => s.name)).toEqual(['low.png']);

  const wrong = run(['singan', 'sr', '--model', model, '--factor', '8', '--input', low, '--reference', quarter]);
  expect(wrong.status).toBe(2);
  expect(wrong.stderr).toContain(`--reference must be ×8 the training size 32×32, so 256×256; ${quarter} is 128×128`);
});
