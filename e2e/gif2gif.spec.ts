import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { decompressFrames, parseGIF } from 'gifuct-js';
import type { StudioWindow } from '../src/app/testHooks';
import { encodeTestGif, waterfallFrames } from '../scripts/make-test-gifs';
import { dropFile, fill, openStudio, testPicture, tinySinganSettings } from './support';

/**
 * GIF → GIF in the real page, on WebAssembly (the automatic choice here; the
 * engine's WebGPU twin is e2e/gif2gif-engine.spec.ts): a still is refused, an
 * animated GIF trains live with film-strip previews, the model is stored as a
 * GIF → GIF model, a new animation plays beside its source and SinGAN's noise
 * walk with their motion figures, reverse gives the same frames backwards, and
 * the animation exports as a GIF. Tiny on purpose: 32 px, 4 frames.
 */
const gifBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

type Frames = { status: string; error?: string; frames: number[][] };

async function runAndWait(page: Page): Promise<Frames> {
  await expect(page.getByTestId('run-job')).toBeEnabled();
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error|cancelled/, {
    timeout: 600_000,
  });
  return newestRun(page);
}

const newestRun = (page: Page): Promise<Frames> =>
  page.evaluate(() => {
    const r = (globalThis as StudioWindow).__studio.state().runs[0];
    const outputs = [...r.outputs].sort((a, b) => a.output - b.output);
    return { status: r.status, error: r.error, frames: outputs.map((o) => Array.from(o.pixels.rgba)) };
  });

test('train GIF → GIF on an animated GIF, make a new animation beside its source and the noise walk, reverse it, export a GIF', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await openStudio(page, '?example=none&backend=auto');
  await page.getByTestId('task-gif2gif-train').click();

  // A still cannot teach motion: the page says so and does not run.
  await dropFile(page, testPicture(32, 32), 'still.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('still.png');
  await expect(page.getByTestId('param-error')).toContainText('This image is a still');
  await expect(page.getByTestId('run-job')).toBeDisabled();

  await dropFile(page, gifBuffer(encodeTestGif(waterfallFrames({ size: 32, frames: 4 }))), 'falls.gif', 'image/gif');
  await expect(page.getByTestId('source-frame-count')).toContainText('4 frames');
  await expect(page.getByTestId('gif2gif-frames')).toContainText('4 frames');
  await page.getByTestId('gif2gif-variant').selectOption('noise-lstm');
  await fill(page, 'gif2gif-hidden', 4);
  await fill(page, 'gif2gif-chunk', 2);
  await fill(page, 'gif2gif-motion', 2);
  await tinySinganSettings(page, 2, 1);
  await expect(page.getByTestId('param-error')).toHaveCount(0);

  const trained = await runAndWait(page);
  expect(trained.status, trained.error).toBe('done');
  await expect(page.getByTestId('training-status')).toHaveText(/^done · \d+ scales$/);
  // Sample and reconstruction are film strips: 4 frames of 32 px with 2 px gaps.
  const strip = await page.evaluate(() => {
    const r = (globalThis as StudioWindow).__studio.state().runs[0];
    const preview = r.training?.preview?.sample;
    return {
      width: r.outputs[0].pixels.width,
      height: r.outputs[0].pixels.height,
      preview: preview ? [preview.width, preview.height] : null,
      losses: r.training?.losses.length ?? 0,
    };
  });
  expect([strip.width, strip.height]).toEqual([4 * 32 + 3 * 2, 32]);
  // The live preview of the last scale is a strip of every frame too; losses streamed per scale.
  expect(strip.preview).toEqual([4 * 32 + 3 * 2, 32]);
  expect(strip.losses).toBeGreaterThan(0);
  // The training panel shows them as for stills; the coarsest scale's chart adds the drift penalty (frames built on the one before).
  const panel = page.getByRole('region', { name: 'Training' });
  await expect(panel.getByTestId('preview-sample')).toBeVisible();
  await panel.getByTestId('loss-scale').selectOption('0');
  await expect(panel.getByTestId('loss-chart')).toContainText('motion drift');
  await panel.getByTestId('loss-scale').selectOption('1');
  await expect(panel.getByTestId('loss-chart')).toContainText('reconstruction');
  await expect(panel.getByTestId('loss-chart')).not.toContainText('motion drift');
  const model = page.getByTestId('model').first();
  await expect(model).toHaveAttribute('data-kind', 'gif2gif');
  await expect(model.getByTestId('model-info')).toContainText('GIF → GIF · noise-lstm (motion 2 px) · 4 frames');

  // A new animation, longer than the source: it plays beside the source, with its motion figures.
  await page.getByTestId('task-gif2gif-generate').click();
  await expect(page.getByTestId('gif2gif-model-used')).toContainText('noise-lstm, 4 frames');
  await fill(page, 'gif2gif-gen-frames', 6);
  await fill(page, 'gif2gif-gen-seed', 3);
  const forward = await runAndWait(page);
  expect(forward.status, forward.error).toBe('done');
  expect(forward.frames.length).toBe(6);
  await expect(page.getByTestId('anim-status')).toContainText('6/6 frames');
  await expect(page.getByTestId('compare-source-canvas')).toBeVisible();
  await expect(page.getByTestId('compare-generated-canvas')).toBeVisible();
  await expect(page.getByTestId('compare-generated-figures')).toContainText(
    /motion -?\d+° \(source -?\d+°\) · agreement -?[\d.]+ · temporal SIFID [\d.]+ · flicker/,
  );

  // SinGAN's noise walk of the same model, beside it, measured alike; the animation stays on show.
  await page.getByTestId('compare-walk-run').click();
  await expect(page.getByTestId('compare-walk-figures')).toContainText(
    /motion -?\d+° \(source -?\d+°\) · agreement .* · temporal SIFID/,
    { timeout: 600_000 },
  );
  await expect(page.getByTestId('compare-walk-canvas')).toBeVisible();
  await expect(page.getByTestId('sequence-compare')).toBeVisible();

  // Export as GIF: 6 frames of 32 px at 10 fps.
  await page.getByTestId('export-gif').click();
  await expect(page.getByTestId('export-size')).toContainText('.gif', { timeout: 600_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  const gif = readFileSync(await download.path());
  const frames = decompressFrames(parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength)), true);
  expect(frames.length).toBe(6);
  for (const f of frames) expect([f.dims.width, f.dims.height, f.delay]).toEqual([32, 32, 100]);

  // Reverse: the same seed's frames, backwards.
  await page.getByTestId('task-gif2gif-generate').click();
  await page.getByTestId('gif2gif-gen-reverse').check();
  const reversed = await runAndWait(page);
  expect(reversed.status, reversed.error).toBe('done');
  expect(reversed.frames).toEqual([...forward.frames].reverse());

  // Vary from scale 1: the coarsest scale keeps the source's reconstruction (its layout and motion), so the same seed makes another animation.
  await page.getByTestId('task-gif2gif-generate').click();
  await page.getByTestId('gif2gif-gen-reverse').uncheck();
  await expect(page.getByText('Vary from scale (0–2)')).toBeVisible();
  await fill(page, 'gif2gif-gen-scale', 3);
  await expect(page.getByTestId('param-error')).toContainText('Vary from a scale from 0 to 2; got 3.');
  await fill(page, 'gif2gif-gen-scale', 1);
  await expect(page.getByTestId('param-error')).toHaveCount(0);
  const kept = await runAndWait(page);
  expect(kept.status, kept.error).toBe('done');
  expect(kept.frames.length).toBe(6);
  expect(kept.frames).not.toEqual(forward.frames);
});

test('a reload mid-training keeps the finished scales with their frames, and Resume finishes the GIF → GIF model', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await openStudio(page, '?example=none&backend=auto');
  await page.getByTestId('task-gif2gif-train').click();
  await dropFile(page, gifBuffer(encodeTestGif(waterfallFrames({ size: 32, frames: 3 }))), 'falls.gif', 'image/gif');
  await expect(page.getByTestId('source-frame-count')).toContainText('3 frames');
  await page.getByTestId('gif2gif-variant').selectOption('one-to-many');
  await page.locator('details.advanced summary').click();
  for (const [id, v] of [
    ['singan-max-size', 32],
    ['singan-min-size', 24],
    ['singan-d-steps', 1],
    ['singan-g-steps', 1],
    ['singan-iterations', 2],
    ['singan-lr-drop', 2],
    ['singan-channels', 4],
    ['singan-max-channels', 8],
  ] as const) {
    await fill(page, id, v);
  }
  // The job idles 5 s after each finished scale (a test hook), so the reload lands mid-training on any machine.
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 5000 }));
  const model = page.getByTestId('model').first();
  await expect(model).toHaveAttribute('data-scales-done', '1', { timeout: 600_000 });
  page.once('dialog', (d) => void d.accept());
  await page.reload();

  // The source is back from the saved session, but Resume reads the frames stored with the model.
  const stored = page.getByTestId('model').first();
  await expect(stored).toHaveAttribute('data-kind', 'gif2gif', { timeout: 600_000 });
  const done = Number(await stored.getAttribute('data-scales-done'));
  expect(done).toBeGreaterThanOrEqual(1);
  await expect(stored.getByTestId('model-info')).toContainText('unfinished');
  await stored.getByTestId('model-resume').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error/, { timeout: 600_000 });
  const run = await newestRun(page);
  expect(run.status, run.error).toBe('done');
  await expect(stored.getByTestId('model-info')).not.toContainText('unfinished');
  await expect(stored.getByTestId('model-info')).toContainText('GIF → GIF · one-to-many (motion 3 px) · 3 frames');
  const lossScales = await page.evaluate(() =>
    (globalThis as StudioWindow).__studio.state().runs[0].training!.losses.map((l) => l.scale),
  );
  expect(Math.min(...lossScales)).toBe(done);
});
