import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/lib/chromium';
import { injectHeartbeat } from './support';

/**
 * A browser without WebGPU at all (Chromium started without
 * --enable-unsafe-webgpu, so no adapter): the studio must say so and still work.
 */
test('a browser without a WebGPU adapter falls back to WebAssembly on the CPU and says why', async ({ baseURL }) => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // The project's flags without --enable-unsafe-webgpu, and with the GPU process off.
    args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await injectHeartbeat(page);
    await page.goto(`${baseURL}/`);
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveAttribute('data-kind', 'wasm', { timeout: 180_000 });
    await expect(badge).toContainText('WebAssembly');
    await expect(badge).toHaveAttribute('title', /WebGPU is not in use: .*(WebGPU|adapter)/);
    await expect(page.getByTestId('source-caption')).toContainText('valley.png');
    // GPNN opens on the automatic search; chosen by hand, exact search is advised against here (CPU).
    // The pyramid proves the fallback path end to end.
    await expect(page.getByTestId('param-nn')).toHaveValue('auto');
    await page.getByTestId('param-nn').selectOption('exact');
    await expect(page.getByTestId('suggest-patchmatch')).toBeVisible();
    await page.getByTestId('task-pyramid').click();
    await page.getByTestId('run-job').click();
    await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
    await expect(page.getByTestId('scale')).toHaveCount(11);
  } finally {
    await browser.close();
  }
});
