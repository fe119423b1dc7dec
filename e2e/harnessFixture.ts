import { test as base, type Page } from '@playwright/test';
import type { HarnessWindow } from '../src/harness/harness';

/**
 * The kernel harness page (harness.html, a test build's page) as a fixture:
 * opened once per Playwright worker and shared by every kernel test, since
 * setting up the GPU device and tfjs's WebGPU backend is the slow part.
 * Browser console errors are echoed, so a failing kernel says why.
 */
export const test = base.extend<object, { harness: Page }>({
  harness: [
    async ({ browser }, use, workerInfo) => {
      const page = await browser.newPage({ baseURL: workerInfo.project.use.baseURL });
      page.on('console', (m) => {
        if (m.type() === 'error') console.log(`[harness] ${m.text()}`);
      });
      await page.goto('/harness.html');
      const info = await page.evaluate(() => (globalThis as HarnessWindow).__harness.ready);
      if (!info.adapter) throw new Error('The harness page found no WebGPU adapter.');
      await use(page);
      await page.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
