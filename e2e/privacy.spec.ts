import { expect, test } from '@playwright/test';
import type { StudioWindow } from '../src/app/testHooks';
import { dropFile, openStudio, testPicture } from './support';

/**
 * Private by construction: a whole session (open, a GPNN sample, SIFID, a
 * GPNN animation exported as a GIF, a tiny SinGAN training) sends no request
 * off the page's origin and trips no Content-Security-Policy violation.
 */
test('a whole session stays on its origin and within the CSP', async ({ page, context, baseURL }) => {
  test.setTimeout(900_000);
  const origin = new URL(baseURL!).origin;
  const offOrigin: string[] = [];
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin) offOrigin.push(url);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as { __cspViolations?: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const violations = () => page.evaluate(() => (globalThis as { __cspViolations?: string[] }).__cspViolations ?? []);

  await openStudio(page);
  // The policy is really there (a meta tag of the built page).
  const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toContain('unsafe-inline');
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await dropFile(page, testPicture(32, 32), 'private.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('private.png');

  // A GPNN sample, with SIFID per scale.
  await page.getByTestId('param-samples').fill('1');
  await page.getByTestId('param-nn').selectOption('exact');
  await page.getByTestId('param-iterations').fill('1');
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  const runId = await page.evaluate(() => (globalThis as StudioWindow).__studio.state().runs[0].id);
  // SIFID of the sample against the source, in the Compare view.
  await page.getByTestId('compare-a').selectOption('source');
  await page.getByTestId('compare-b').selectOption(`${runId}:0`);
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-result')).toContainText(/B: SIFID \d/, { timeout: 120_000 });

  // A two-frame GPNN animation, exported as a GIF.
  await page.getByTestId('task-gpnn-animate').click();
  await page.getByTestId('anim-frames').fill('2');
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  await page.getByTestId('export-gif').click();
  await expect(page.getByTestId('export-size')).toContainText(/\.gif · [\d.]+ KB/, { timeout: 120_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toMatch(/\.gif$/);

  // A tiny SinGAN training (one iteration per scale).
  await page.getByTestId('task-singan-train').click();
  await page.locator('details.advanced summary').click();
  for (const [id, v] of [
    ['singan-max-size', 32],
    ['singan-min-size', 24],
    ['singan-d-steps', 1],
    ['singan-g-steps', 1],
    ['singan-iterations', 1],
    ['singan-lr-drop', 1],
    ['singan-channels', 4],
    ['singan-max-channels', 8],
  ] as const) {
    await page.getByTestId(id).fill(String(v));
  }
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 600_000 });

  expect(offOrigin).toEqual([]);
  expect(await violations()).toEqual([]);
});
