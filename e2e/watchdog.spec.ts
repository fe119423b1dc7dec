import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { StudioWindow } from '../src/app/testHooks';
import { dropFile, openStudio, testPicture } from './support';

/** Waits for the newest run to end; a failure names the run's error and the engine's restarts, not just "error". */
async function expectNewestRunDone(page: Page): Promise<void> {
  const newest = page.getByTestId('result').first();
  await expect(newest).toHaveAttribute('data-status', /^(done|error|cancelled)$/, { timeout: 180_000 });
  if ((await newest.getAttribute('data-status')) === 'done') return;
  const why = await page.evaluate(() => {
    const s = (globalThis as StudioWindow).__studio.state();
    return JSON.stringify({
      restarts: s.engine.restarts,
      runs: s.runs.map((r) => ({ status: r.status, error: r.error })),
    });
  });
  throw new Error(`the run did not finish: ${why}`);
}

/**
 * A job whose step keeps the worker's thread longer than the old 8 s deadline
 * (a slow or loaded machine) is not thrown away: the page asks, the CLI waits.
 * The stall is a test hook (stallMs) that blocks the worker synchronously.
 */
test('the page asks before restarting a busy engine, and waiting keeps the job', async ({ page }) => {
  // The production idle deadline: a pyramid job may be silent for 8 s on WebGPU.
  await openStudio(page, '?example=none', 8000);
  await page.getByTestId('task-pyramid').click();
  await dropFile(page, testPicture(40, 40), 'busy.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('busy.png');
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { stallMs: 16_000 }));
  const prompt = page.getByTestId('engine-silent');
  await expect(prompt).toContainText(/has not answered for \d+ s/, { timeout: 60_000 });
  await page.getByTestId('engine-wait').click();
  await expectNewestRunDone(page);
  await expect(prompt).toHaveCount(0);
  expect(await page.evaluate(() => (globalThis as StudioWindow).__studio.state().engine.restarts)).toBe(0);

  // Restart, when the user chooses it, replaces the engine and keeps the image.
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { stallMs: 60_000 }));
  await expect(prompt).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('engine-restart').click();
  await expect(
    page.locator('[data-testid=notice][data-level=warning]').filter({ hasText: /stopped responding.*restarted/i }),
  ).toBeVisible();
  expect(await page.evaluate(() => (globalThis as StudioWindow).__studio.state().engine.restarts)).toBe(1);
  // At once, as a user would: the new engine is still decoding the replayed image and must wait for it.
  await page.getByTestId('run-job').click();
  await expectNewestRunDone(page);
});

test('the CLI waits for a busy engine instead of restarting it', () => {
  test.setTimeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'cli-busy-'));
  writeFileSync(join(dir, 'in.png'), testPicture(32, 32));
  const out = join(dir, 'out.png');
  const r = spawnSync(
    'npx',
    [
      'tsx',
      'scripts/cli/main.ts',
      'gpnn',
      'sample',
      '--input',
      join(dir, 'in.png'),
      '--nn',
      'exact',
      '--iterations',
      '1',
      '--out',
      out,
      '--backend',
      'webgpu',
    ],
    {
      encoding: 'utf8',
      timeout: 540_000,
      env: { ...process.env, STUDIO_TEST_JOB_OPTIONS: JSON.stringify({ stallMs: 15_000 }) },
    },
  );
  expect(r.stderr).not.toMatch(/restarted/);
  expect(r.status, r.stderr).toBe(0);
  expect(existsSync(out)).toBe(true);
});
