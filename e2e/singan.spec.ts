import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseGIF, decompressFrames } from 'gifuct-js';
import { dropFile, fill, maxAbsDiff, openStudio, testPicture, tinySinganSettings } from './support';
import type { StudioWindow } from '../src/app/testHooks';

/**
 * SinGAN in the real page, on WebAssembly (the automatic choice here) and on SwiftShader WebGPU, with a tiny configuration
 * (32 px, 4-channel nets, a few iterations): train and watch, sample,
 * super-resolve, animate and export a GIF, export and re-import the model,
 * pause, reload mid-training and resume.
 */
type Output = { output: number; seed: number | null; height: number; width: number; rgba: number[] };

async function lastOutputs(page: Page): Promise<{ status: string; outputs: Output[] }> {
  return page.evaluate(() => {
    const r = (globalThis as StudioWindow).__studio.state().runs[0];
    return {
      status: r.status,
      outputs: r.outputs.map((o) => ({
        output: o.output,
        seed: o.seed,
        height: o.pixels.height,
        width: o.pixels.width,
        rgba: Array.from(o.pixels.rgba),
      })),
    };
  });
}

async function tinyTraining(page: Page, iterations: number, backend: 'webgpu' | 'auto' = 'webgpu'): Promise<void> {
  await openStudio(page, `?example=none&backend=${backend}`);
  await dropFile(page, testPicture(32, 32), 'tiny.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('tiny.png');
  await page.getByTestId('task-singan-train').click();
  await tinySinganSettings(page, iterations, 1);
}

async function runAndWait(page: Page, timeout = 600_000): Promise<{ status: string; outputs: Output[] }> {
  await expect(page.getByTestId('run-job')).toBeEnabled();
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error|cancelled/, { timeout });
  const run = await lastOutputs(page);
  expect(run.status).toBe('done');
  return run;
}

// The automatic backend, as a user of a GPU-less machine gets it: WebAssembly here (e2e/wasm.spec.ts).
test('train a tiny SinGAN live, then sample by seed, super-resolve, animate to GIF, export and re-import the model', async ({
  page,
}) => {
  test.setTimeout(1_200_000);
  await tinyTraining(page, 2, 'auto');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'wasm');
  await expect(page.getByTestId('singan-preset')).toHaveValue('custom');
  await page.getByTestId('singan-attention').selectOption('head');
  await page.getByTestId('run-job').click();
  // Live view: previews and loss curves arrive while training runs.
  await expect(page.getByTestId('preview-sample')).toBeVisible({ timeout: 600_000 });
  await expect(page.getByTestId('preview-reconstruction')).toBeVisible();
  await expect
    .poll(async () => Number(await page.getByTestId('loss-chart').getAttribute('data-points')), { timeout: 600_000 })
    .toBeGreaterThan(0);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error/, { timeout: 600_000 });
  const trained = await lastOutputs(page);
  expect(trained.status).toBe('done');
  await expect(page.getByTestId('training-status')).toHaveText(/^done · \d+ scales$/);
  expect(trained.outputs.map((o) => [o.height, o.width])).toEqual([
    [32, 32],
    [32, 32],
  ]);
  // Every finished scale went to the strip and was stored; SIFID over training time has a point per measurable scale.
  const model = page.getByTestId('model').first();
  const scales = Number(await model.getAttribute('data-scales-done'));
  expect(scales).toBeGreaterThanOrEqual(2);
  await expect(model.getByTestId('model-info')).toContainText(`${scales}/${scales} scales`);
  await expect(page.getByTestId('scale')).toHaveCount(scales);
  await expect
    .poll(async () => Number(await page.getByTestId('training-sifid-chart').getAttribute('data-points')))
    .toBeGreaterThan(0);
  const losses = JSON.parse((await page.getByTestId('loss-chart').getAttribute('data-values'))!) as number[][];
  for (const series of losses) for (const v of series) expect(Number.isFinite(v)).toBe(true);

  // Random samples, reproducible by seed.
  await page.getByTestId('task-singan-sample').click();
  await fill(page, 'singan-samples', 2);
  await fill(page, 'singan-sample-seed', 5);
  const first = await runAndWait(page);
  expect(first.outputs.map((o) => o.seed)).toEqual([5, 6]);
  const again = await runAndWait(page);
  expect(maxAbsDiff(again.outputs[0].rgba, first.outputs[0].rgba)).toBe(0);
  // At another size: the coarsest noise map is scaled.
  await fill(page, 'singan-width-factor', 1.5);
  const wide = await runAndWait(page);
  expect(wide.outputs[0].width).toBeGreaterThan(wide.outputs[0].height);
  await fill(page, 'singan-width-factor', 1);

  // Super-resolution ×2.
  await page.getByTestId('task-singan-superres').click();
  const sr = await runAndWait(page);
  expect([sr.outputs[0].height, sr.outputs[0].width]).toEqual([64, 64]);

  // Animation: frames stream into the player, export as GIF; the GIF decodes to the right frames.
  await page.getByTestId('task-singan-animate').click();
  await fill(page, 'singan-anim-frames', 4);
  await fill(page, 'singan-anim-fps', 5);
  await page.getByTestId('singan-anim-loop').selectOption('loop');
  const anim = await runAndWait(page);
  expect(anim.outputs.length).toBe(4);
  await expect(page.getByTestId('anim-status')).toContainText('flicker');
  await page.getByTestId('export-gif').click();
  await expect(page.getByTestId('export-size')).toContainText('.gif', { timeout: 600_000 });
  const [gifDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  const gif = readFileSync(await gifDownload.path());
  const frames = decompressFrames(parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength)), true);
  expect(frames.length).toBe(4);
  for (const f of frames) {
    expect([f.dims.width, f.dims.height]).toEqual([32, 32]);
    expect(f.delay).toBe(200);
  }

  // Export the model, import it back: the imported copy samples the same pixels for the same seed.
  const [modelDownload] = await Promise.all([page.waitForEvent('download'), model.getByTestId('model-export').click()]);
  expect(modelDownload.suggestedFilename()).toMatch(/\.singan$/);
  const bytes = readFileSync(await modelDownload.path());
  await page
    .getByTestId('model-import-input')
    .setInputFiles({ name: 'copy.singan', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(page.getByTestId('model')).toHaveCount(2);
  await page.locator('[data-testid="model"]', { hasText: 'copy' }).getByTestId('model-pick').check();
  await page.getByTestId('task-singan-sample').click();
  const imported = await runAndWait(page);
  expect(maxAbsDiff(imported.outputs[0].rgba, first.outputs[0].rgba)).toBe(0);

  // A corrupt file is refused with a message; nothing stored changes.
  await page
    .getByTestId('model-import-input')
    .setInputFiles({ name: 'broken.singan', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, 100) });
  await expect(page.getByTestId('notice').last()).toContainText('broken');
  await expect(page.getByTestId('model')).toHaveCount(2);
});

test('a 20-iteration training: the header follows the scales, every scale previews, one ETA, a cancel says what it kept', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await tinyTraining(page, 20, 'auto');
  await fill(page, 'singan-preview-every', 50);
  // The job idles 8 s after each finished scale (a test hook), so the cancel lands after the first.
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 8000 }));
  const status = page.getByTestId('training-status');
  await expect(status).toContainText(/^scale 1\/\d+ · iteration \d+\/20/, { timeout: 300_000 });
  await expect(page.getByTestId('preview-note')).toContainText(
    '(50 iterations) is longer than a scale (20 iterations)',
  );
  // Until then the preview's place says when it comes, instead of a black box (read in one frame: the preview may already be in).
  const early = await page.evaluate(() => ({
    placeholder: document.querySelector('[data-testid="preview-placeholder"]')?.textContent ?? null,
    preview: document.querySelector('[data-testid="preview-sample"]') !== null,
  }));
  if (!early.preview) expect(early.placeholder).toMatch(/^First preview at iteration 20 of scale 1 \(now at \d+\)\.$/);
  // The status bar and the header show one estimate (read in one frame), and never "<1 s" while training runs.
  const etas: [string, string | null][] = [];
  const model = page.getByTestId('model').first();
  while ((await model.count()) === 0 && etas.length < 400) {
    etas.push(
      await page.evaluate(() => [
        document.querySelector('[data-testid="status-text"]')?.textContent ?? '',
        document.querySelector('[data-testid="training-eta"]')?.textContent ?? null,
      ]),
    );
    await page.waitForTimeout(100);
  }
  for (const [bar, header] of etas) {
    expect(bar).not.toContain('<1 s');
    if (header !== null) expect(bar.endsWith(header.replace(/^ · /, ''))).toBe(true);
  }
  expect(etas.some(([, header]) => header !== null)).toBe(true);
  // The first scale's last iteration previewed, though the interval is 50: drawn, not black.
  await expect(page.getByTestId('preview-sample')).toBeVisible({ timeout: 300_000 });
  const brightest = await page.evaluate(() => {
    const p = (globalThis as StudioWindow).__studio.state().runs[0].training!.preview!;
    const max = (rgba: Uint8ClampedArray) => Math.max(...Array.from(rgba).filter((_, i) => i % 4 !== 3));
    return [p.iteration, max(p.sample.rgba), max(p.reconstruction.rgba)];
  });
  expect(brightest[0]).toBe(20);
  expect(brightest[1]).toBeGreaterThan(0);
  expect(brightest[2]).toBeGreaterThan(0);
  // Cancelled after the first scale: the header and the output say so, over the last finished scale.
  await expect(model).toHaveAttribute('data-scales-done', '1', { timeout: 300_000 });
  await page.getByTestId('cancel-job').click();
  await expect(status).toHaveText(/^cancelled · 1\/\d+ scales finished$/);
  await expect(page.getByTestId('viewer-label')).toContainText('Cancelled · Scale 1');
  await expect(page.getByTestId('viewer-canvas')).toBeVisible();
});

test('pause holds training; a reload mid-training keeps the finished scales and Resume finishes the model', async ({
  page,
}) => {
  test.setTimeout(1_200_000);
  // On WebAssembly, which trains a scale in moments: the job idles 5 s after each finished scale
  // (a test hook), so Pause and the reload land mid-training on any machine.
  await tinyTraining(page, 8, 'auto');
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 5000 }));
  const model = page.getByTestId('model').first();
  await expect(model).toHaveAttribute('data-scales-done', '1', { timeout: 600_000 });
  await page.getByTestId('pause-job').click();
  await expect(page.getByTestId('status-text')).toContainText('Paused');
  const progress = await page.getByTestId('progress').getAttribute('value');
  await page.waitForTimeout(1500);
  expect(await page.getByTestId('progress').getAttribute('value')).toBe(progress);

  // Leaving mid-training asks first (the scale in progress would be lost); the user confirms.
  let asked = false;
  page.once('dialog', (d) => {
    asked = d.type() === 'beforeunload';
    void d.accept();
  });
  await page.reload();
  expect(asked).toBe(true);
  await expect(page.getByTestId('model').first()).toBeVisible({ timeout: 600_000 });
  const stored = page.getByTestId('model').first();
  const done = Number(await stored.getAttribute('data-scales-done'));
  expect(done).toBeGreaterThanOrEqual(1);
  await expect(stored.getByTestId('model-info')).toContainText('unfinished');
  await stored.getByTestId('model-resume').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error/, { timeout: 600_000 });
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done');
  await expect(stored.getByTestId('model-info')).not.toContainText('unfinished');
  // Only the scales after the stored ones were trained again.
  const lossScales = await page.evaluate(() =>
    (globalThis as StudioWindow).__studio.state().runs[0].training!.losses.map((l) => l.scale),
  );
  expect(Math.min(...lossScales)).toBe(done);
});

test('bad SinGAN input says what to do and does not run: no model yet, an image too small for the pyramid', async ({
  page,
}) => {
  await openStudio(page, '?example=none');
  await page.getByTestId('task-singan-sample').click();
  await expect(page.getByTestId('param-error')).toContainText('Train a SinGAN model first');
  await expect(page.getByTestId('run-job')).toBeDisabled();
  await dropFile(page, testPicture(40, 32), 'small.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('small.png');
  await page.getByTestId('task-singan-train').click();
  await expect(page.getByTestId('singan-plan')).toContainText('scales');
  await page.locator('details.advanced summary').click();
  await fill(page, 'singan-min-size', 36);
  await expect(page.getByTestId('param-error')).toContainText('shorter side to be at least the smallest scale (36 px)');
  await expect(page.getByTestId('run-job')).toBeDisabled();
});
