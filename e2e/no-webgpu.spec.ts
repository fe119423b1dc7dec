import { chromium, expect, test } from '@playwright/test';

/**
 * A browser without WebGPU at all (Chromium started without
 * --enable-unsafe-webgpu, so no adapter): the studio must say so and still work.
 */
test('a browser without a WebGPU adapter falls back to the CPU and says why', async ({ baseURL }) => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseURL}/`);
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveAttribute('data-kind', 'cpu', { timeout: 60_000 });
    await expect(badge).toHaveAttribute('title', /WebGPU is not in use: .*(WebGPU|adapter)/);
    await expect(page.getByTestId('source-caption')).toContainText('valley.png');
    await page.getByTestId('run-job').click();
    await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('scale')).toHaveCount(11);
  } finally {
    await browser.close();
  }
});
