import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: { main: 'index.html', harness: 'harness.html', automation: 'automation.html' } },
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
});
