import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { dropFile, fill, openStudio, testPicture, tinySinganSettings } from './support';
import type { StudioWindow } from '../src/app/testHooks';

/**
 * The attention study in the real page, on WebAssembly with a tiny
 * configuration (32 px, 4-channel nets, a few iterations): two placements
 * trained one after another, a reload mid-study, Resume study finishing it
 * without training the finished placement again, both shown side by side
 * with their table, and the sheet and CSV exports.
 */
const modelsOf = (page: Page) =>
  page.evaluate(() =>
    ((globalThis as StudioWindow).__studio.state().models ?? []).map((m) => ({
      id: m.id,
      scales: m.scales,
      scalesDone: m.scalesDone,
      updatedAt: m.updatedAt,
    })),
  );

test('a study trains two placements, survives a reload, resumes and shows both side by side with its table', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await openStudio(page, '?example=none&backend=auto');
  // 128×128: the study trains at a quarter, 32×32, and scores ×4 super-resolution against the source.
  await dropFile(page, testPicture(128, 128), 'study.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('study.png');
  await page.getByTestId('task-singan-train').click();
  await tinySinganSettings(page, 4);

  await page.getByTestId('task-singan-study').click();
  await expect(page.getByTestId('study-plan')).toContainText('32×32 px');
  // No placement picked: said, and nothing runs.
  await page.getByTestId('study-variant-none').uncheck();
  await page.getByTestId('study-variant-head').uncheck();
  await expect(page.getByTestId('param-error')).toContainText('Pick at least one placement to study.');
  await expect(page.getByTestId('run-job')).toBeDisabled();
  await page.getByTestId('study-variant-head').check();
  await page.getByTestId('study-variant-none').check();
  await fill(page, 'study-samples', 2);
  await expect(page.getByTestId('run-job')).toBeEnabled();

  // The job idles 2 s after each finished scale and placement (a test hook), so the reload lands mid-study.
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 2000 }));
  const plainRow = page.locator('[data-testid="study-row"][data-variant="none"]');
  await expect(plainRow.locator('[data-column="trainMs"]')).not.toHaveText('–', { timeout: 600_000 });
  const before = await modelsOf(page);
  const plain = before.find((m) => m.id.endsWith('-study-none'))!;
  expect(plain.scalesDone).toBe(plain.scales);
  // Mid-study: head has not finished (the job idles after scoring plain).
  const headBefore = before.find((m) => m.id.endsWith('-study-head'));
  expect(headBefore === undefined || headBefore.scalesDone < headBefore.scales).toBe(true);

  page.once('dialog', (d) => void d.accept());
  await page.reload();
  await page.getByTestId('result').first().click();
  await expect(page.getByTestId('study-status')).toContainText('stopped');
  await expect(page.getByTestId('study-resume')).toBeEnabled({ timeout: 120_000 });
  await page.getByTestId('study-resume').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error|cancelled/, {
    timeout: 600_000,
  });
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('study-status')).toHaveText('2 placements scored');

  // Plain was finished before the reload: taken as stored, not trained again.
  const after = await modelsOf(page);
  expect(after.find((m) => m.id === plain.id)?.updatedAt).toBe(plain.updatedAt);
  const head = after.find((m) => m.id.endsWith('-study-head'))!;
  expect(head.scalesDone).toBe(head.scales);

  // Side by side: each placement's reconstruction, 2 samples and its ×4 super-resolution, every figure measured.
  for (const variant of ['none', 'head']) {
    await expect(page.locator(`[data-testid="study-images"][data-variant="${variant}"] canvas`)).toHaveCount(4);
    const row = page.locator(`[data-testid="study-row"][data-variant="${variant}"]`);
    for (const column of [
      'sifid',
      'sifidRec',
      'diversity',
      'srPsnr',
      'srSsim',
      'bicubicPsnr',
      'trainMs',
      'timeVsPlain',
    ])
      await expect(row.locator(`[data-column="${column}"]`)).toHaveText(/^\d+\.\d+$/);
  }
  const sr = await page.evaluate(() => {
    const r = (globalThis as StudioWindow).__studio.state().runs[0];
    return r.outputs.filter((o) => o.label.includes('super-resolution')).map((o) => [o.pixels.width, o.pixels.height]);
  });
  expect(sr).toEqual([
    [128, 128],
    [128, 128],
  ]);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-export-csv').click()]);
  expect(csv.suggestedFilename()).toBe('study-singan-study.csv');
  const lines = readFileSync(await csv.path(), 'utf8')
    .trim()
    .split('\n');
  expect(lines[0]).toMatch(/^placement,SIFID real–fake,/);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['plain', 'head']);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-export-png').click()]);
  const bytes = readFileSync(await png.path());
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  // Wide enough for a name column and four 128 px cells.
  expect(bytes.readUInt32BE(16)).toBeGreaterThanOrEqual(4 * 128);
});
