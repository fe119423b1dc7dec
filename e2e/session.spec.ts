import { expect, test, type Page } from '@playwright/test';
import type { StudioWindow } from '../src/app/testHooks';
import { dropFile, injectHeartbeat, maxAbsDiff, openStudio, testPicture } from './support';

/**
 * The session survives a reload and a crash: images (every slot), the task
 * and its parameters, painted masks and the results gallery. Storage is
 * shown; a full disk is handled; Clear session empties it.
 */
const W = 44;
const H = 40;

async function paintHole(page: Page): Promise<void> {
  const canvas = page.getByTestId('inpaint-mask').getByTestId('mask-canvas');
  const box = (await canvas.boundingBox())!;
  const at = (x: number, y: number) => [box.x + (x / W) * box.width, box.y + (y / H) * box.height] as const;
  await page.getByTestId('mask-brush-size').fill('8');
  await page.mouse.move(...at(10, 10));
  await page.mouse.down();
  await page.mouse.move(...at(16, 14), { steps: 6 });
  await page.mouse.up();
}

const state = (page: Page) =>
  page.evaluate(() => {
    const s = (globalThis as StudioWindow).__studio.state();
    return {
      source: s.source?.name ?? null,
      structure: s.extras.structure?.name ?? null,
      task: s.task,
      samples: s.sampling.count,
      iterations: s.gpnn.iterations,
      hole: s.masks.inpaint ? s.masks.inpaint.labels.filter((v) => v === 2).length : 0,
      results: s.runs.map((r) => ({
        id: r.id,
        status: r.status,
        outputs: r.outputs.length,
        seeds: r.outputs.map((o) => o.seed),
        sum: r.outputs.reduce((n, o) => n + o.pixels.rgba.reduce((a, b) => a + b, 0), 0),
      })),
    };
  });

async function runJob(page: Page): Promise<void> {
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
}

test('images, masks, parameters and results come back after a reload and a crash; Clear session empties them', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await openStudio(page, '?example=none');
  await dropFile(page, testPicture(W, H), 'kept.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('kept.png');
  // A second slot: the analogy's structure image.
  await page.getByTestId('task-gpnn-analogy').click();
  await page
    .getByTestId('slot-structure-input')
    .setInputFiles({ name: 'structure.png', mimeType: 'image/png', buffer: testPicture(32, 32) });
  await expect.poll(async () => (await state(page)).structure).toBe('structure.png');
  // A painted hole, then two samples with chosen parameters.
  await page.getByTestId('task-gpnn-inpaint').click();
  await paintHole(page);
  await page.getByTestId('task-gpnn-sample').click();
  await page.getByTestId('param-samples').fill('2');
  await page.getByTestId('param-iterations').fill('1');
  await page.getByTestId('param-nn').selectOption('exact');
  await runJob(page);
  // A second run, cancelled after its first scale: it stays in the gallery, cancelled, and both keep their numbers.
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 2000 }));
  await expect(page.getByTestId('scale').first()).toBeVisible({ timeout: 180_000 });
  await page.getByTestId('cancel-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'cancelled', { timeout: 180_000 });
  await expect(page.getByTestId('result').first()).toContainText('cancelled');
  const before = await state(page);
  expect(before.hole).toBeGreaterThan(0);
  expect(before.results.map((r) => r.status)).toEqual(['cancelled', 'done']);
  expect(before.results[0].id).toBeGreaterThan(before.results[1].id);
  await expect(page.getByTestId('storage-usage')).toContainText(/stores [\d.]+ MB/);

  await page.reload();
  await expect(page.getByTestId('source-caption')).toContainText('kept.png');
  await expect.poll(async () => state(page), { timeout: 60_000 }).toEqual(before);
  await expect(page.getByTestId('param-samples')).toHaveValue('2');
  await expect(page.getByTestId('result')).toHaveCount(2);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('result').first()).toContainText(`#${before.results[0].id}`);

  // A crashed worker is replaced; the session is still whole, and still saved.
  await page.evaluate(() => (globalThis as StudioWindow).__studio.injectFault('crash'));
  await expect(
    page.locator('[data-testid=notice][data-level=warning]').filter({ hasText: /engine crashed/ }),
  ).toBeVisible();
  await page.reload();
  await expect.poll(async () => state(page), { timeout: 60_000 }).toEqual(before);

  // Clear session, confirmed: nothing comes back (trained models would stay).
  page.once('dialog', (d) => void d.accept());
  const reloaded = page.waitForEvent('framenavigated');
  await page.getByTestId('clear-session').click();
  await reloaded;
  await page.waitForLoadState('load');
  await expect(page.getByTestId('session-panel')).toBeVisible();
  await expect(page.getByTestId('result')).toHaveCount(0);
  await expect(page.getByTestId('source-caption')).toHaveCount(0);
  expect((await state(page)).results).toEqual([]);
});

/** Every run's first output, newest first, as plain RGBA numbers. */
const firstOutputs = (page: Page) =>
  page.evaluate(() =>
    (globalThis as StudioWindow).__studio.state().runs.map((r) => Array.from(r.outputs[0].pixels.rgba)),
  );

test('a reload in the middle of a run keeps the outputs it had finished, said to be interrupted', async ({ page }) => {
  test.setTimeout(600_000);
  await openStudio(page, '?example=none');
  await dropFile(page, testPicture(W, H), 'midrun.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('midrun.png');
  await page.getByTestId('param-samples').fill('3');
  await page.getByTestId('param-iterations').fill('1');
  // Slow scales, so the reload lands after the first sample and before the last.
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 1500 }));
  await expect
    .poll(async () => (await state(page)).results[0]?.outputs ?? 0, { timeout: 300_000, intervals: [200] })
    .toBeGreaterThan(0);
  const made = (await state(page)).results[0];
  expect(made.status).toBe('running');
  // The output's save is one IndexedDB write: give it a moment to land, as a person's reload would.
  await page.waitForTimeout(1000);
  // The leave guard asks before a running job is dropped: the user says leave.
  page.on('dialog', (d) => void d.accept());
  await page.reload();
  await expect(page.getByTestId('source-caption')).toContainText('midrun.png');
  await expect(page.getByTestId('result')).toHaveCount(1);
  const [restored] = (await state(page)).results;
  expect(restored.status).toBe('cancelled');
  expect(restored.outputs).toBeGreaterThanOrEqual(made.outputs);
  expect(restored.outputs).toBeLessThan(3);
  const error = await page.evaluate(() => (globalThis as StudioWindow).__studio.state().runs[0].error);
  expect(error).toMatch(/Interrupted by a reload/);
});

test('a GPU device lost after a restore: the engine reconnects, the session stays whole, and a rerun remakes the restored result', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await openStudio(page, '?example=none');
  await dropFile(page, testPicture(W, H), 'lost.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('lost.png');
  await page.getByTestId('task-gpnn-inpaint').click();
  await paintHole(page);
  await page.getByTestId('param-iterations').fill('1');
  await page.getByTestId('param-nn').selectOption('exact');
  await runJob(page);
  const before = await state(page);
  expect(before.hole).toBeGreaterThan(0);
  await page.reload();
  await expect.poll(async () => state(page), { timeout: 60_000 }).toEqual(before);

  await page.evaluate(() => (globalThis as StudioWindow).__studio.injectFault('lose-device'));
  await expect(
    page.locator('[data-testid=notice][data-level=warning]').filter({ hasText: /GPU device was lost/ }),
  ).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => (globalThis as StudioWindow).__studio.state().engine.status), { timeout: 120_000 })
    .toBe('ready');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  expect(await state(page)).toEqual(before);

  // The new device is handed the restored image and hole: the same job remakes the restored result's pixels.
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result')).toHaveCount(2);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  const [rerun, restored] = await firstOutputs(page);
  expect(rerun.length).toBe(restored.length);
  expect(maxAbsDiff(rerun, restored)).toBe(0);
});

test('a full disk is said, loses nothing already saved, and the oldest results can be deleted to make room', async ({
  page,
}) => {
  test.setTimeout(600_000);
  // Simulated: once the flag is set, every IndexedDB write of the page fails as a full disk does.
  await page.addInitScript(() => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the original put, applied below with its own `this`
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if ((globalThis as { __quotaFull?: boolean }).__quotaFull)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await injectHeartbeat(page);
  await openStudio(page, '?example=none');
  await dropFile(page, testPicture(32, 32), 'quota.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('quota.png');
  await page.getByTestId('param-samples').fill('1');
  await page.getByTestId('param-iterations').fill('1');
  await page.getByTestId('param-nn').selectOption('exact');
  await runJob(page);
  await page.evaluate(() => ((globalThis as { __quotaFull?: boolean }).__quotaFull = true));
  await page.getByTestId('param-seed').fill('5');
  await runJob(page);
  await expect(page.getByTestId('storage-full')).toBeVisible();
  await expect(page.locator('[data-testid=notice][data-level=error]').filter({ hasText: /no more room/ })).toHaveCount(
    1,
  );
  // Room is made: the oldest result goes, the newest is saved.
  await page.evaluate(() => ((globalThis as { __quotaFull?: boolean }).__quotaFull = false));
  await page.getByTestId('delete-oldest').click();
  await expect(page.getByTestId('result')).toHaveCount(1);
  await expect(page.getByTestId('storage-full')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('result')).toHaveCount(1);
  const seeds = await page.evaluate(() =>
    (globalThis as StudioWindow).__studio.state().runs.map((r) => r.outputs[0].seed),
  );
  expect(seeds).toEqual([5]);
});
