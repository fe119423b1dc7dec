import type { Page } from 'playwright-core';

/** Runs one kernel of harness.html (src/harness/kernelRegistry.ts) on JSON input; used by the browser tests and the benchmarks. */
export function runHarness<T>(page: Page, kernel: string, input: unknown): Promise<T> {
  return page.evaluate(([k, i]) => (globalThis as any).__harness.run(k, i), [kernel, input] as const) as Promise<T>;
}
