import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { decompressFrames, parseGIF } from 'gifuct-js';
import type { StudioWindow } from '../src/app/testHooks';
import { readGifComments } from '../src/engine/gif/gifComment';
import { parseRecipe, recipeTextOfComment } from '../src/jobs/recipe';
import { encodeTestGif, waterfallFrames } from '../scripts/make-test-gifs';
import { cli } from './cliSupport';
import { dropFile, makePng, openStudio, testPicture } from './support';

/**
 * GIF → GIF's Patches engine (VGPNN, src/features/vgpnn) in the real page:
 * the engine choice switches from ConvLSTM to Patches, a still is refused in
 * the registry's words, two seeded samples of a tiny GIF stream with no
 * training, the sample scrubber shows each with its seed, the one on show
 * exports as a GIF that carries its recipe, and that recipe remakes the same
 * frames. Tiny on purpose (6 frames of 24 px, the fewest a seamless loop takes): the exact search runs in a
 * second or two on the CPU (a 32 px GIF, the smallest the page opens, shrunk to 24 px).
 */
const gifBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

type Made = { status: string; error?: string; elapsedMs?: number; frames: { seed: number | null; rgba: number[] }[] };

const newestRun = (page: Page): Promise<Made> =>
  page.evaluate(() => {
    const r = (globalThis as StudioWindow).__studio.state().runs[0];
    const outputs = [...r.outputs].sort((a, b) => a.output - b.output);
    return {
      status: r.status,
      error: r.error,
      elapsedMs: r.elapsedMs,
      frames: outputs.map((o) => ({ seed: o.seed, rgba: Array.from(o.pixels.rgba) })),
    };
  });

test('Patches: no training, two seeds made as seamless loops and scrubbed, the one on show exported as a GIF whose recipe remakes it', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openStudio(page, '?example=none&backend=cpu');

  // The engine choice: ConvLSTM's tasks as before, Patches one pick away (and listed first in GIF → GIF).
  await page.getByTestId('task-gif2gif-train').click();
  await expect(page.getByTestId('gif2gif-engine')).toHaveValue('convlstm');
  await page.getByTestId('gif2gif-engine').selectOption('patches');
  await expect(page.getByTestId('task-vgpnn-generate')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('gif2gif-engine')).toHaveValue('patches');

  // A still has no motion to remake: the registry's words, and no run.
  await dropFile(page, testPicture(32, 32), 'still.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('still.png');
  await expect(page.getByTestId('param-error')).toContainText('This image is a still; use the still engines');
  await expect(page.getByTestId('run-job')).toBeDisabled();

  await dropFile(page, gifBuffer(encodeTestGif(waterfallFrames({ size: 32, frames: 6 }))), 'falls.gif', 'image/gif');
  await expect(page.getByTestId('source-frame-count')).toContainText('6 frames');
  await expect(page.getByTestId('vgpnn-source')).toContainText('6 frames');
  // The smallest GIF the page opens is 32 px; the engine works on it shrunk to 24 px.
  await page.locator('details.advanced summary').click();
  await page.getByTestId('vgpnn-max-side').fill('24');
  await expect(page.getByTestId('vgpnn-source')).toContainText('worked on at 24×24');
  await page.getByTestId('vgpnn-samples').fill('2');
  await page.getByTestId('vgpnn-seed').fill('5');
  // Limits say what is wrong before anything runs.
  await page.getByTestId('vgpnn-frames').fill('13');
  await expect(page.getByTestId('param-error')).toContainText(
    "Frames must be a whole number from 3 to 12 (0.5× to 2× the source's 6); got 13.",
  );
  await page.getByTestId('vgpnn-frames').fill('0');
  await expect(page.getByTestId('param-error')).toHaveCount(0);
  // Made as seamless loops: they play forwards, so the loop select is set to Loop and locked.
  await page.getByTestId('vgpnn-loop').selectOption('pingpong');
  await page.getByTestId('vgpnn-seamless').check();
  await expect(page.getByTestId('vgpnn-loop')).toBeDisabled();
  await expect(page.getByTestId('vgpnn-loop')).toHaveValue('loop');
  await expect(page.getByTestId('run-job')).toHaveText('Generate');

  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error|cancelled/, {
    timeout: 240_000,
  });
  const made = await newestRun(page);
  expect(made.status, made.error).toBe('done');
  console.log(`vgpnn: 2 seamless samples of 6 frames of 24×24 in ${made.elapsedMs?.toFixed(0)} ms`);
  expect(made.frames.map((f) => f.seed)).toEqual([5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6]);
  const sample = (i: number) => made.frames.slice(6 * i, 6 * i + 6).map((f) => f.rgba);
  expect(sample(0)).not.toEqual(sample(1));
  // Beside the source, with its motion figures; no noise walk (there is no model).
  await expect(page.getByTestId('compare-source-canvas')).toBeVisible();
  await expect(page.getByTestId('compare-generated-figures')).toContainText(/motion -?\d+° \(source -?\d+°\)/);
  await expect(page.getByTestId('compare-generated-figures')).toContainText(/loop seam \d+\.\d\d× a step/);
  await expect(page.getByTestId('compare-walk')).toHaveCount(0);

  // Scrub the two seeds: each shows its own 6 frames.
  const scrubber = page.getByTestId('anim-sample');
  await scrubber.fill('0');
  await expect(page.getByTestId('anim-sample-position')).toContainText('Sample 1 / 2 · seed 5 · 2 done');
  await expect(page.getByTestId('anim-status')).toContainText('sample 1/2 · 6/6 frames');
  await scrubber.fill('1');
  await expect(page.getByTestId('anim-sample-position')).toContainText('Sample 2 / 2 · seed 6');
  await page.getByTestId('anim-scrubber').fill('2');
  await expect(page.getByTestId('anim-position')).toContainText('Frame 3 / 6');

  // Export the sample on show (seed 6): 6 frames of 24 px at 10 fps, with its recipe.
  await page.getByTestId('export-gif').click();
  await expect(page.getByTestId('export-size')).toContainText(/seed6-6f\.gif/, { timeout: 120_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  const gif = readFileSync(await download.path());
  const frames = decompressFrames(parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength)), true);
  expect(frames.length).toBe(6);
  for (const f of frames) expect([f.dims.width, f.dims.height, f.delay]).toEqual([24, 24, 100]);
  const text = readGifComments(new Uint8Array(gif))
    .map(recipeTextOfComment)
    .find((t) => t !== null)!;
  expect(parseRecipe(text).recipe?.job).toMatchObject({
    kind: 'vgpnn-generate',
    seeds: [6],
    frames: 6,
    seamless: true,
    loop: 'loop',
  });

  // Other settings meanwhile; the GIF's recipe sets them back and remakes seed 6's frames exactly.
  await page.getByTestId('vgpnn-samples').fill('3');
  await dropFile(page, gif, 'exported.gif', 'image/gif');
  await page.getByTestId('recipe-restore').click();
  await expect(page.getByTestId('result')).toHaveCount(2);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('vgpnn-samples')).toHaveValue('1');
  await expect(page.getByTestId('vgpnn-seed')).toHaveValue('6');
  await expect(page.getByTestId('vgpnn-seamless')).toBeChecked();
  const again = await newestRun(page);
  expect(again.frames.map((f) => f.rgba)).toEqual(sample(1));
});

test('gif2gif generate --engine patches: a seeded seamless loop with no model, its report; a bad engine and a still are refused; --mask fills a hole', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'vgpnn-cli-'));
  const input = join(dir, 'falls.gif');
  writeFileSync(input, encodeTestGif(waterfallFrames({ size: 32, frames: 6 })));
  const still = join(dir, 'still.png');
  writeFileSync(still, testPicture(32, 32));
  const args = (...more: string[]) => ['gif2gif', 'generate', '--engine', 'patches', '--input', input, ...more];

  const bogus = cli(['gif2gif', 'generate', '--engine', 'bogus', '--input', input, '--out', join(dir, 'x.gif')], 'cpu');
  expect(bogus.status).toBe(2);
  expect(bogus.stderr).toContain('--engine must be convlstm (a trained model) or patches (no training), got "bogus"');
  const refused = cli(
    ['gif2gif', 'generate', '--engine', 'patches', '--input', still, '--out', join(dir, 'x.gif')],
    'cpu',
  );
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('This image is a still; use the still engines');
  const misplaced = cli(args('--model', 'm.singan', '--out', join(dir, 'x.gif')), 'cpu');
  expect(misplaced.status).toBe(2);
  expect(misplaced.stderr).toContain('--model does not apply to gif2gif generate --engine patches');

  const out = join(dir, 'seed6.gif');
  const report = join(dir, 'seed6.json');
  const made = cli(
    args('--seed', '6', '--max-size', '24', '--frames', '6', '--loop', 'seamless', '--out', out, '--report', report),
    'cpu',
  );
  expect(made.status, made.stderr).toBe(0);
  expect(made.stdout).toMatch(/loop seam \d+\.\d\d× a step/);
  const gif = readFileSync(out);
  const frames = decompressFrames(parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength)), true);
  expect(frames.length).toBe(6);
  for (const f of frames) expect([f.dims.width, f.dims.height, f.delay]).toEqual([24, 24, 100]);
  const r = JSON.parse(readFileSync(report, 'utf8')) as {
    engine: string;
    job: { kind: string; seeds: number[]; frames: number; seamless?: boolean };
    loopSeam: number | null;
    shapes: { source: number[]; output: number[] };
    flicker: number | null;
    elapsedMs: number;
  };
  expect(r.engine).toBe('patches');
  expect(r.job).toMatchObject({ kind: 'vgpnn-generate', seeds: [6], frames: 6, seamless: true, loop: 'loop' });
  expect(r.loopSeam).toBeGreaterThanOrEqual(0);
  expect(r.shapes).toEqual({ source: [6, 24, 24], output: [6, 24, 24] });
  expect(r.flicker).toBeGreaterThan(0);
  console.log(`vgpnn CLI: a seamless loop of 6 frames of 24×24 in ${r.elapsedMs.toFixed(0)} ms`);

  // --mask: the painted hole filled on every frame (vgpnn-inpaint), the GIF's own frames and size.
  const squared = join(dir, 'square.gif');
  writeFileSync(squared, fallsWithRedSquare());
  const mask = join(dir, 'hole.png');
  writeFileSync(
    mask,
    makePng(32, 32, (y, x) => (x >= 11 && x < 21 && y >= 11 && y < 21 ? [255, 0, 0] : [0, 0, 0])),
  );
  const inpaint = (...more: string[]) =>
    cli(['gif2gif', 'generate', '--engine', 'patches', '--input', squared, '--mask', mask, ...more], 'cpu');
  const wrong = inpaint('--frames', '4', '--out', join(dir, 'x.gif'));
  expect(wrong.status).toBe(2);
  expect(wrong.stderr).toContain('--frames does not apply with --mask');
  const filledOut = join(dir, 'filled.gif');
  const filledReport = join(dir, 'filled.json');
  const filled = inpaint('--seed', '2', '--out', filledOut, '--report', filledReport);
  expect(filled.status, filled.stderr).toBe(0);
  const bytes = readFileSync(filledOut);
  const filledFrames = decompressFrames(
    parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    true,
  );
  expect(filledFrames.length).toBe(6);
  for (const f of filledFrames) {
    expect([f.dims.width, f.dims.height]).toEqual([32, 32]);
    expect(redPixels(Array.from(f.patch))).toBe(0);
  }
  const fr = JSON.parse(readFileSync(filledReport, 'utf8')) as { job: { kind: string; seeds: number[] } };
  expect(fr.job).toMatchObject({ kind: 'vgpnn-inpaint', seeds: [2] });
});

/** The waterfall GIF with a pure red 8×8 square at x, y ∈ [12, 20) on every frame: the object to paint out. */
function fallsWithRedSquare(): Uint8Array {
  const frames = waterfallFrames({ size: 32, frames: 6 }).map((f) => {
    const rgba = f.rgba.slice();
    for (let y = 12; y < 20; y++) for (let x = 12; x < 20; x++) rgba.set([255, 0, 0, 255], (y * 32 + x) * 4);
    return { ...f, rgba };
  });
  return encodeTestGif(frames);
}

const redPixels = (rgba: number[]) => {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] > 180 && rgba[i + 1] < 90 && rgba[i + 2] < 90) n++;
  return n;
};

test('Inpaint (patches): a hole painted once is filled on every frame of two seeds; the rest of the GIF is kept', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openStudio(page, '?example=none&backend=cpu');
  await dropFile(page, gifBuffer(fallsWithRedSquare()), 'falls.gif', 'image/gif');
  await expect(page.getByTestId('source-frame-count')).toContainText('6 frames');
  await page.getByTestId('task-vgpnn-inpaint').click();
  await expect(page.getByTestId('vgpnn-inpaint-source')).toContainText('same region on all 6 frames');
  await expect(page.getByTestId('param-error')).toContainText('Paint the hole to fill first.');
  await expect(page.getByTestId('run-job')).toBeDisabled();

  // Paint over the red square on the first frame (canvas in image pixels).
  const canvas = page.getByTestId('vgpnn-inpaint-mask').getByTestId('mask-canvas');
  const box = (await canvas.boundingBox())!;
  const at = (x: number, y: number) => [box.x + (x / 32) * box.width, box.y + (y / 32) * box.height] as const;
  await page.getByTestId('mask-brush-size').fill('6');
  await page.mouse.move(...at(12, 12));
  await page.mouse.down();
  for (const [x, y] of [
    [19, 12],
    [19, 15],
    [12, 15],
    [12, 19],
    [19, 19],
  ])
    await page.mouse.move(...at(x, y), { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId('param-error')).toHaveCount(0);
  await page.getByTestId('vgpnn-inpaint-samples').fill('2');
  await page.getByTestId('vgpnn-inpaint-seed').fill('3');
  await expect(page.getByTestId('run-job')).toHaveText('Fill the hole');

  const source = await page.evaluate(() =>
    (globalThis as StudioWindow).__studio.state().source!.animation!.frames.map((f) => Array.from(f.rgba)),
  );
  const hole = await page.evaluate(() =>
    Array.from((globalThis as StudioWindow).__studio.state().masks.inpaint!.labels),
  );
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error|cancelled/, {
    timeout: 240_000,
  });
  const made = await newestRun(page);
  expect(made.status, made.error).toBe('done');
  console.log(`vgpnn inpaint: 2 fills of 6 frames of 32×32 in ${made.elapsedMs?.toFixed(0)} ms`);
  expect(made.frames.map((f) => f.seed)).toEqual([3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]);
  // Every frame of both fills: no red left, and farther than a patch (6 px) from the painted hole, the source as it was.
  const nearHole = (p: number) => {
    const [y, x] = [Math.floor(p / 32), p % 32];
    for (let dy = -6; dy <= 6; dy++)
      for (let dx = -6; dx <= 6; dx++)
        if (hole[(y + dy) * 32 + x + dx] === 2 && x + dx >= 0 && x + dx < 32) return true;
    return false;
  };
  expect(source[0].length).toBe(32 * 32 * 4);
  for (const [i, f] of made.frames.entries()) {
    expect(redPixels(f.rgba)).toBe(0);
    let far = 0;
    for (let p = 0; p < 32 * 32; p++) {
      if (nearHole(p)) continue;
      for (let c = 0; c < 3; c++) far = Math.max(far, Math.abs(f.rgba[p * 4 + c] - source[i % 6][p * 4 + c]));
    }
    expect(far).toBeLessThanOrEqual(1);
  }
  // Beside the source, scrubbed by seed.
  await expect(page.getByTestId('compare-source-canvas')).toBeVisible();
  await expect(page.getByTestId('compare-generated')).toContainText('Filled');
  await page.getByTestId('anim-sample').fill('1');
  await expect(page.getByTestId('anim-sample-position')).toContainText('Sample 2 / 2 · seed 4');
});
