import { expect, test } from '@playwright/test';
import { openStudio } from './support';

/**
 * The CPU path: on these machines the only WebGPU adapter is SwiftShader, so
 * the automatic choice is tfjs's wasm backend (XNNPACK, SIMD).
 */
test('on a software WebGPU adapter the automatic choice is WebAssembly with SIMD, and the badge says why', async ({ page }) => {
  await openStudio(page, '?backend=auto');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-kind', 'wasm');
  await expect(badge).toHaveAttribute('title', /WebGPU is not in use: The WebGPU adapter \(.*swiftshader.*\) renders on the CPU/i);
  await expect(badge).toContainText('SIMD, 1 thread');
  await expect(page.getByTestId('backend-choice')).toHaveValue('auto');
});
