import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { cpuImageOps } from '../src/engine/image/cpuImageOps';
import { buildPyramid } from '../src/engine/pyramid/buildPyramid';
import { DEFAULT_PYRAMID, pyramidShapes } from '../src/engine/pyramid/pyramidShape';
import {
  chooseFile,
  decodePng,
  dropFile,
  makePng,
  maxAbsDiff,
  openStudio,
  pasteFile,
  rgbToRgba,
  runScales,
  sourceName,
  testPicture,
  withExifOrientation,
  workingPixels,
} from './support';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { StudioWindow } from '../src/app/testHooks';

const PLACES = fileURLToPath(new URL('../../shared/data/places50', import.meta.url));

async function expectNotice(page: Page, level: string, text: RegExp): Promise<void> {
  await expect(page.locator(`[data-testid=notice][data-level=${level}]`).filter({ hasText: text })).toBeVisible();
}

async function buildPyramidInPage(page: Page): Promise<void> {
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
}

test('opens with the example image and reports the WebGPU backend', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('task-pyramid').click();
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-kind', 'webgpu');
  await expect(badge).toContainText('WebGPU');
  await expect(badge).toContainText(/swiftshader|google|nvidia|amd|intel|apple/i);
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-width', '256');
});

test('a dropped PNG is shown and every pyramid level streams in, matching the CPU reference', async ({ page }) => {
  await openStudio(page, '?example=none');
  await page.getByTestId('task-pyramid').click();
  const bytes = testPicture(60, 45);
  await dropFile(page, bytes, 'gradient.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('gradient.png');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-width', '60');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-height', '45');

  const shapes = pyramidShapes(45, 60, DEFAULT_PYRAMID);
  await expect(page.getByTestId('pyramid-plan')).toContainText(`${shapes.length} levels`);
  await buildPyramidInPage(page);
  await expect(page.getByTestId('scale')).toHaveCount(shapes.length);
  await expect(page.getByTestId('strip-count')).toHaveText(`${shapes.length} / ${shapes.length}`);
  // Sizes read width×height everywhere, as the source caption does; the square coarsest level says why it is square.
  const depth = shapes.length - 1;
  await expect(page.getByTestId('source-caption')).toContainText('working 60×45');
  await expect(page.getByTestId('pyramid-plan')).toContainText(
    `${shapes.length} levels: 60×45 → ${shapes[1][1]}×${shapes[1][0]}`,
  );
  await expect(page.locator('[data-testid=scale][data-level="0"]')).toContainText('Level 0 · 60×45');
  await expect(page.locator(`[data-testid=scale][data-level="${depth}"]`)).toContainText(
    `Level ${depth} · ${shapes[depth][1]}×${shapes[depth][0]} · square`,
  );
  await expect(page.getByTestId('coarsest-note')).toHaveAttribute(
    'title',
    /squeezed to a square.*the next one is \d+×\d+/,
  );

  const run = await runScales(page);
  expect(run.depth).toBe(shapes.length - 1);
  const reference = await buildPyramid(cpuImageOps, decodePng(bytes), DEFAULT_PYRAMID);
  for (const level of reference.keys()) {
    const got = run.scales.find((s) => s.level === level);
    expect(got, `level ${level} streamed`).toBeDefined();
    expect([got!.height, got!.width], `level ${level} is height×width`).toEqual([...shapes[level]]);
    // GPU float32 and CPU reference agree to within one 8-bit step after rounding.
    expect(maxAbsDiff(got!.rgba, rgbToRgba(reference[level])), `level ${level} pixels`).toBeLessThanOrEqual(1);
  }
});

test('levels arrive one by one while the job runs, with progress and ETA', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('task-pyramid').click();
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 1000 }));
  const counts = new Set<number>();
  await expect
    .poll(
      async () => {
        const n = await page.getByTestId('scale').count();
        counts.add(n);
        return n;
      },
      { intervals: [50], timeout: 180_000 },
    )
    .toBe(11);
  // We saw partial strips: the scales were streamed, not delivered at the end.
  expect([...counts].filter((n) => n > 0 && n < 11).length).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done');
});

test('paste and the file dialog open images too', async ({ page }) => {
  await openStudio(page, '?example=none');
  await page.getByTestId('task-pyramid').click();
  await pasteFile(page, testPicture(40, 50), 'pasted.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('pasted.png');
  await chooseFile(page, readFileSync(resolve(PLACES, '3.jpg')), 'places-3.jpg', 'image/jpeg');
  await expect(page.getByTestId('source-caption')).toContainText('places-3.jpg');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-width', '250');
});

test('bad inputs get a clear message and the current image stays', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('task-pyramid').click();
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');

  await chooseFile(page, Buffer.from('just some notes, definitely not pixels\n'), 'notes.txt', 'text/plain');
  await expectNotice(page, 'error', /notes\.txt.*not an image/);
  expect(await sourceName(page)).toContain('valley.png');

  const jpeg = readFileSync(resolve(PLACES, '1.jpg'));
  await dropFile(page, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'cut.jpg', 'image/jpeg');
  await expectNotice(page, 'error', /cut\.jpg.*truncated/);
  expect(await sourceName(page)).toContain('valley.png');

  await chooseFile(
    page,
    makePng(1, 1, () => [255, 0, 0]),
    'dot.png',
    'image/png',
  );
  await expectNotice(page, 'error', /dot\.png.*1×1.*at least 32/);
  expect(await sourceName(page)).toContain('valley.png');

  // Each banner can be closed; the rest go by themselves once the next job succeeds.
  const errors = page.locator('[data-testid=notice][data-level=error]');
  await expect(errors).toHaveCount(3);
  await errors.first().getByRole('button', { name: 'Dismiss' }).click();
  await expect(errors).toHaveCount(2);
  // The studio still works after all that.
  await buildPyramidInPage(page);
  await expect(errors).toHaveCount(0);

  const huge = makePng(6000, 6000, (y, x) => [(x >> 6) & 255, (y >> 6) & 255, 128]);
  await chooseFile(page, huge, 'huge.png', 'image/png');
  await expectNotice(page, 'info', /Working at 256×256 px.*6000×6000/);
  await expect(page.getByTestId('source-caption')).toContainText('huge.png');
  await expect(page.getByTestId('source-caption')).toContainText('original 6000×6000');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-width', '256');

  // The working size can be changed; the original is decoded again, not the downscaled copy.
  await page.getByTestId('working-size').selectOption('512');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-width', '512');
});

test('Cancel stops a running job', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('task-pyramid').click();
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 2000 }));
  await expect(page.getByTestId('scale')).toHaveCount(2, { timeout: 180_000 });
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('status-text')).toContainText(/left/);
  await page.getByTestId('cancel-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'cancelled');
  const after = await page.getByTestId('scale').count();
  expect(after).toBeLessThan(11);
  await page.waitForTimeout(2000);
  // No scale arrives after the cancel: the engine really stopped.
  expect(await page.getByTestId('scale').count()).toBe(after);
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-state', 'idle');
  await buildPyramidInPage(page);
});

test('a crashed engine worker is restarted and the loaded image is kept', async ({ page }) => {
  await openStudio(page, '?example=none');
  await page.getByTestId('task-pyramid').click();
  await dropFile(page, testPicture(48, 48), 'keep-me.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('keep-me.png');
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 1000 }));
  await expect(page.getByTestId('scale')).toHaveCount(1);
  await page.evaluate(() => (globalThis as StudioWindow).__studio.injectFault('crash'));
  await expectNotice(page, 'warning', /engine crashed.*restarted.*image is kept/i);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  await expect(page.getByTestId('source-caption')).toContainText('keep-me.png');
  expect(await page.evaluate(() => (globalThis as StudioWindow).__studio.state().engine.restarts)).toBe(1);
  // The new worker has the image: a job runs on it.
  await buildPyramidInPage(page);
  const run = await runScales(page);
  expect(run.scales.find((s) => s.level === 0)?.width).toBe(48);
});

test('a worker that dies silently is detected by the heartbeat and replaced', async ({ page }) => {
  // The production deadline (8 s): the silence is real, so no machine is too slow for it.
  await openStudio(page, '?example=none', 8000);
  await page.getByTestId('task-pyramid').click();
  await dropFile(page, testPicture(40, 40), 'silent.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('silent.png');
  await page.evaluate(() => (globalThis as StudioWindow).__studio.injectFault('exit'));
  await expectNotice(page, 'warning', /stopped responding.*restarted/i);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  await buildPyramidInPage(page);
});

test('a lost GPU device is reported and the engine reconnects', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('task-pyramid').click();
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await page.evaluate(() => (globalThis as StudioWindow).__studio.injectFault('lose-device'));
  await expectNotice(page, 'warning', /GPU device was lost/);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  await buildPyramidInPage(page);
  await expect(page.getByTestId('scale')).toHaveCount(11);
});

test('without WebGPU the CPU fallback is used, said in the badge, and gives the same pyramid', async ({ page }) => {
  await openStudio(page, '?backend=cpu&example=none');
  await page.getByTestId('task-pyramid').click();
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'cpu');
  await expect(page.getByTestId('backend-badge')).toContainText('CPU fallback');
  const bytes = testPicture(50, 36);
  await dropFile(page, bytes, 'cpu.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('cpu.png');
  await buildPyramidInPage(page);
  const run = await runScales(page);
  const reference = await buildPyramid(cpuImageOps, decodePng(bytes), DEFAULT_PYRAMID);
  expect(run.scales).toHaveLength(reference.length);
  for (const s of run.scales) expect(maxAbsDiff(s.rgba, rgbToRgba(reference[s.level]))).toBeLessThanOrEqual(1);
  // Back to WebGPU from the badge's menu: the engine restarts on the GPU with the image kept.
  await expect(page.getByTestId('backend-choice')).toHaveValue('cpu');
  await page.getByTestId('backend-choice').selectOption('webgpu');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  await expect(page.getByTestId('source-caption')).toContainText('cpu.png');
});

test('decoding honours EXIF orientation, flattens alpha over white and expands grey to RGB', async ({ page }) => {
  await openStudio(page, '?example=none');
  await page.getByTestId('task-pyramid').click();
  // Stored 64 wide × 40 tall, top half red and bottom half blue, tagged "rotate 90° clockwise".
  const stored = Buffer.alloc(64 * 40 * 4);
  for (let i = 0; i < 64 * 40; i++) stored.set(i < 64 * 20 ? [230, 20, 20, 255] : [20, 20, 230, 255], i * 4);
  const rotated = withExifOrientation(jpeg.encode({ data: stored, width: 64, height: 40 }, 95).data, 6);
  await dropFile(page, rotated, 'rotated.jpg', 'image/jpeg');
  await expect(page.getByTestId('source-caption')).toContainText('rotated.jpg');
  const r = await workingPixels(page);
  expect([r.height, r.width]).toEqual([64, 40]);
  const at = (img: { width: number; rgba: number[] }, y: number, x: number) =>
    img.rgba.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 3);
  // After a clockwise quarter turn the stored top (red) is on the right, the bottom (blue) on the left.
  expect(at(r, 32, 34)[0]).toBeGreaterThan(180);
  expect(at(r, 32, 5)[2]).toBeGreaterThan(180);

  const rgba = new PNG({ width: 40, height: 40 });
  for (let i = 0; i < 40 * 40; i++) rgba.data.set(i % 40 < 20 ? [0, 0, 0, 0] : [255, 0, 0, 128], i * 4);
  await dropFile(page, PNG.sync.write(rgba), 'alpha.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('alpha.png');
  const a = await workingPixels(page);
  expect(at(a, 10, 5)).toEqual([255, 255, 255]); // fully transparent → white
  const half = at(a, 10, 30);
  expect(half[0]).toBe(255);
  expect(Math.abs(half[1] - 127)).toBeLessThanOrEqual(2); // 50 % red over white → pink
  expect(Math.abs(half[2] - 127)).toBeLessThanOrEqual(2);

  const grey = new PNG({ width: 36, height: 36 });
  for (let i = 0; i < 36 * 36; i++) grey.data.set([(i * 7) % 256, (i * 7) % 256, (i * 7) % 256, 255], i * 4);
  await dropFile(page, PNG.sync.write(grey, { colorType: 0 }), 'grey.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('grey.png');
  const g = await workingPixels(page);
  for (const [y, x] of [
    [0, 1],
    [5, 17],
    [35, 35],
  ]) {
    const [rr, gg, bb] = at(g, y, x);
    expect(rr).toBe(((y * 36 + x) * 7) % 256);
    expect(gg).toBe(rr);
    expect(bb).toBe(rr);
  }
});
