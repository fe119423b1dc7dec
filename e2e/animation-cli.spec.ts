import { cli } from './cliSupport';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { decompressFrames, parseGIF, type ParsedFrame } from 'gifuct-js';
import { PNG } from 'pngjs';

/**
 * `animate gpnn` end to end: frames made by the worker (on WebAssembly, the CPU
 * path: what is tested here is the CLI and the encoders; GPNN's WGSL has its own
 * page and kernel tests), encoded to GIF and PNG zip in the worker, written by the CLI.
 */
function readGif(path: string): { width: number; height: number; frames: ParsedFrame[] } {
  const bytes = readFileSync(path);
  const gif = parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { width: gif.lsd.width, height: gif.lsd.height, frames: decompressFrames(gif, true) };
}

const meanAbsRgb = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) s += Math.abs(a[i] - b[i]);
  return s / ((a.length / 4) * 3);
};

// The repo's example at 32 px high (43×32 working image); PatchMatch and two iterations keep it quick.
const INPUT = 'public/examples/valley.png';
const FAST = ['--height', '32', '--nn', 'patchmatch', '--iterations', '2', '--seed', '4'];

test.describe.configure({ timeout: 900_000 });

test('animate: bad arguments print usage and exit 2', () => {
  const noEngine = cli(['animate']);
  expect(noEngine.status).toBe(2);
  expect(noEngine.stderr).toContain('Usage:');
  expect(noEngine.stderr).toContain('animate needs an engine');
  const frames = cli(['animate', 'gpnn', '--input', INPUT, '--frames', '1']);
  expect(frames.status).toBe(2);
  expect(frames.stderr).toContain('Frames must be a whole number from 2 to 240');
  const fps = cli(['animate', 'gpnn', '--input', INPUT, '--fps', '0']);
  expect(fps.status).toBe(2);
  expect(fps.stderr).toContain('Frame rate must be from 1 to 50 fps');
  const loop = cli(['animate', 'gpnn', '--input', INPUT, '--loop', 'bounce']);
  expect(loop.status).toBe(2);
  expect(loop.stderr).toContain('--loop must be loop or pingpong');
  const coherence = cli(['animate', 'gpnn', '--input', INPUT, '--coherence', 'smooth']);
  expect(coherence.status).toBe(2);
  expect(coherence.stderr).toContain('--coherence must be temporal or independent');
  const still = cli(['animate', 'gpnn', '--input', INPUT, '--samples', '2']);
  expect(still.status).toBe(2);
  expect(still.stderr).toContain('--samples does not apply to animate');
});

/** The fields of `animate gpnn --report` this test reads. */
interface AnimateReport {
  backend: { kind: string; adapter: string };
  frames: unknown[];
  flicker: number;
}

test('animate gpnn writes a pingpong GIF and PNG frames; temporal coherence flickers less than independent frames', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anim-cli-'));
  const frames = 4;
  const fps = 10;
  const run = (coherence: string, extra: string[] = []) => {
    const report = join(dir, `${coherence}.json`);
    const r = cli(
      [
        'animate',
        'gpnn',
        '--input',
        INPUT,
        ...FAST,
        '--frames',
        String(frames),
        '--fps',
        String(fps),
        '--loop',
        'pingpong',
        '--coherence',
        coherence,
        '--out',
        join(dir, `${coherence}.gif`),
        '--report',
        report,
        ...extra,
      ],
      'wasm',
    );
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(readFileSync(report, 'utf8')) as AnimateReport;
  };
  const temporal = run('temporal', ['--png-zip', join(dir, 'frames.zip')]);
  expect(temporal.backend.kind).toBe('wasm');
  expect(temporal.frames.length).toBe(frames);

  const gif = readGif(join(dir, 'temporal.gif'));
  // Pingpong is written out: 0 1 2 3 2 1.
  expect(gif.frames.length).toBe(2 * frames - 2);
  expect([gif.width, gif.height]).toEqual([43, 32]);
  for (const f of gif.frames) {
    expect(f.dims).toEqual({ width: 43, height: 32, top: 0, left: 0 });
    expect(f.delay).toBe(1000 / fps);
  }
  for (let i = 1; i < gif.frames.length; i++)
    expect(meanAbsRgb(gif.frames[i].patch, gif.frames[i - 1].patch)).toBeGreaterThan(0);
  expect(Array.from(gif.frames[4].patch)).toEqual(Array.from(gif.frames[2].patch));

  // The zip holds the distinct frames losslessly; the GIF's 256 colours stay close to them.
  const zip = unzipSync(readFileSync(join(dir, 'frames.zip')));
  expect(Object.keys(zip).sort()).toEqual(['frame-0001.png', 'frame-0002.png', 'frame-0003.png', 'frame-0004.png']);
  const pngs = Object.keys(zip)
    .sort()
    .map((name) => PNG.sync.read(Buffer.from(zip[name])));
  pngs.forEach((png, i) => {
    expect([png.width, png.height]).toEqual([43, 32]);
    expect(meanAbsRgb(gif.frames[i].patch, png.data)).toBeLessThan(6);
  });

  // Frame 0 is the GPNN sample of the same seed: the same engine, the same noise.
  const sample = cli(['gpnn', 'sample', '--input', INPUT, ...FAST, '--out', join(dir, 'sample.png')], 'wasm');
  expect(sample.status, sample.stderr).toBe(0);
  expect(meanAbsRgb(PNG.sync.read(readFileSync(join(dir, 'sample.png'))).data, pngs[0].data)).toBe(0);

  const independent = run('independent');
  console.info(
    `flicker on WebAssembly (${temporal.backend.adapter}, 43×32, ${frames} frames): temporal ${temporal.flicker.toFixed(4)}, independent ${independent.flicker.toFixed(4)}`,
  );
  expect(temporal.flicker).toBeGreaterThan(0);
  expect(temporal.flicker).toBeLessThan(independent.flicker / 2);
});
