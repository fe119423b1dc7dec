import { expect, test, type Page } from '@playwright/test';
import type { StudioWindow } from '../src/app/testHooks';
import { dropFile, maxAbsDiff, openStudio, testPicture } from './support';

/**
 * The CPU path: on these machines the only WebGPU adapter is SwiftShader, so
 * the automatic choice is tfjs's wasm backend (XNNPACK, SIMD).
 */
test('on a software WebGPU adapter the automatic choice is WebAssembly with SIMD, and the badge says why', async ({
  page,
}) => {
  await openStudio(page, '?backend=auto');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-kind', 'wasm');
  await expect(badge).toHaveAttribute(
    'title',
    /WebGPU is not in use: The WebGPU adapter \(.*swiftshader.*\) renders on the CPU/i,
  );
  // How many threads depends on the page's isolation and the machine (e2e/wasm-threads.spec.ts).
  await expect(badge).toContainText(/SIMD, \d+ threads?/);
  await expect(page.getByTestId('backend-choice')).toHaveValue('auto');
});

async function sampleRgba(
  page: Page,
): Promise<{ height: number; width: number; rgba: number[]; exactSearch?: string }> {
  await expect(page.getByTestId('run-job')).toBeEnabled();
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error/, { timeout: 300_000 });
  return page.evaluate(() => {
    const r = (globalThis as StudioWindow).__studio.state().runs[0];
    if (r.status !== 'done') throw new Error(`run ended ${r.status}: ${r.error ?? ''}`);
    const o = r.outputs[0];
    return {
      height: o.pixels.height,
      width: o.pixels.width,
      rgba: Array.from(o.pixels.rgba),
      exactSearch: r.search?.exactSearch,
    };
  });
}

test('an exact GPNN sample on WebAssembly (GEMM search) has the plain JavaScript backend’s pixels for the same seed', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await openStudio(page, '?backend=wasm&example=none');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'wasm');
  await dropFile(page, testPicture(48, 40), 'small.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('small.png');
  await page.getByTestId('task-gpnn-sample').click();
  await page.getByTestId('param-nn').selectOption('exact');
  await page.getByTestId('param-iterations').fill('2');
  await page.getByTestId('param-seed').fill('7');
  const wasm = await sampleRgba(page);
  await page.getByTestId('backend-choice').selectOption('cpu');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'cpu');
  await expect(page.getByTestId('source-caption')).toContainText('small.png');
  const js = await sampleRgba(page);
  expect([wasm.height, wasm.width]).toEqual([40, 48]);
  expect(maxAbsDiff(wasm.rgba, js.rgba)).toBe(0);
  // Each run says which exact search made it.
  expect([wasm.exactSearch, js.exactSearch]).toEqual(['wasm-gemm', 'js-blocked']);
});
