import type { Page } from 'playwright-core';
import type { HarnessKernel } from '../../src/harness/kernelRegistry';
import type { HarnessWindow } from '../../src/harness/harness';

/** Runs one kernel of harness.html (src/harness/kernelRegistry.ts) on JSON input; used by the browser tests and the benchmarks. */
export function runHarness<T>(page: Page, kernel: string, input: unknown): Promise<T> {
  return page.evaluate(([k, i]) => (globalThis as HarnessWindow).__harness.run(k as HarnessKernel, i), [
    kernel,
    input,
  ] as const) as Promise<T>;
}
