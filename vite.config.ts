import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * `--mode test` builds the tool pages too (the kernel harness and the
 * automation page the CLI drives) and keeps the test hooks (__TEST_HOOKS__);
 * a plain build is the studio alone, with neither.
 */
export default defineConfig(({ mode }) => {
  const testBuild = mode === 'test';
  return {
    plugins: [react()],
    define: { __TEST_HOOKS__: JSON.stringify(testBuild) },
    worker: { format: 'es' },
    build: {
      target: 'es2022',
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: { main: 'index.html', ...(testBuild ? { harness: 'harness.html', automation: 'automation.html' } : {}) } },
    },
    server: { port: 5173, strictPort: false },
    test: {
      include: ['src/**/*.test.ts'],
      environment: 'node',
      // No test may pass or fail on the machine's speed: these are ceilings for a
      // machine several times slower than the slowest seen (a 2-core CI box under
      // load runs the slowest hook, a tiny SinGAN training, in ~15 s). Hooks that
      // train or render also set their own timeout beside the work.
      testTimeout: 300_000,
      hookTimeout: 300_000,
    },
  };
});
