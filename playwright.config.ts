import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/lib/chromium';

// Overridable so two runs (e.g. two developers' helpers) can build and serve side by side.
const PORT = Number(process.env.E2E_PORT || 4319);
const OUT_DIR = process.env.E2E_DIST || 'dist';
// The CLIs the tests spawn serve this same test build instead of building their own (scripts/lib/headlessStudio.ts).
process.env.STUDIO_PREBUILT_DIST = OUT_DIR;

export default defineConfig({
  testDir: 'e2e',
  // Side-by-side runs must not wipe each other's failure reports.
  outputDir: process.env.E2E_DIST ? `test-results-${process.env.E2E_DIST}` : 'test-results',
  // Ceilings, not expectations: SwiftShader on a loaded 2-core machine is
  // several times slower than on an idle one, and no test may fail on speed.
  timeout: 300_000,
  expect: { timeout: 90_000 },
  fullyParallel: false,
  // SwiftShader runs WebGPU on the CPU: two browsers at once on a 2-core machine only slow each other down.
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    // The offline copy (service worker) only where a test is about it (e2e/offline.spec.ts): elsewhere every load is fresh.
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx vite build --mode test --logLevel warn --outDir ${OUT_DIR} && npx vite preview --outDir ${OUT_DIR} --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 240_000,
  },
});
