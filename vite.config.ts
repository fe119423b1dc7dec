import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { tfjsWasmThreads } from './scripts/tfjsWasmThreads.js';

/**
 * The studio's Content-Security-Policy: everything from its own origin, no
 * inline script, no eval (neither tfjs nor anything else here needs it), no
 * plugins, no framing of forms. Blob URLs only where the studio makes them
 * (downloads of GIFs/PNGs are navigations, which CSP does not restrict).
 * Sent as a <meta> so it holds on any static host, which cannot be trusted
 * to send headers.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Cross-origin isolation: without it browsers withhold SharedArrayBuffer, and
 * tfjs-wasm runs on one thread (src/wasm/wasmBackend.ts). Everything the
 * studio loads is its own origin, so `require-corp` costs nothing. Static
 * hosts that cannot send headers get them from the offline copy's service
 * worker instead (public/sw-isolation.js), from the second visit on.
 */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Adds the policy to every built page; the dev server stays without it (Vite's hot reload injects inline script). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'studio-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * `--mode test` builds the tool pages too (the kernel harness and the
 * automation page the CLI drives) and keeps the test hooks (__TEST_HOOKS__);
 * a plain build is the studio alone, with neither.
 */
export default defineConfig(({ mode, command }) => {
  const testBuild = mode === 'test';
  return {
    // Relative asset URLs: the built site runs from any static host, under any sub-path.
    base: command === 'build' ? './' : '/',
    plugins: [
      react(),
      contentSecurityPolicy(),
      tfjsWasmThreads(),
      VitePWA({
        // A new build waits until the page says so (src/app/appUpdate.ts): code is never swapped under a running job.
        registerType: 'prompt',
        injectRegister: false,
        manifest: {
          name: 'Single-Image Studio',
          short_name: 'Studio',
          description: 'Single-image generative models (GPNN, SinGAN) on your own GPU, in the browser.',
          theme_color: '#2e5eaa',
          background_color: '#ffffff',
          display: 'standalone',
          start_url: './',
          scope: './',
          icons: [
            { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
            { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
            { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
        },
        workbox: {
          // The app, the engine worker (its WGSL is bundled in), tfjs-wasm's binaries, the Inception stem weights and the example image.
          globPatterns: ['**/*.{js,css,html,png,json,bin,wasm,webmanifest}'],
          globIgnores: ['harness.html', 'automation.html', '**/harness-*.js', '**/automation-*.js'],
          maximumFileSizeToCacheInBytes: 8 * 2 ** 20,
          navigateFallback: 'index.html',
          navigateFallbackDenylist: [/harness\.html/, /automation\.html/],
          // Runs before Workbox's own routes: adds the isolation headers to every response the offline copy serves.
          importScripts: ['sw-isolation.js'],
        },
      }),
    ],
    define: { __TEST_HOOKS__: JSON.stringify(testBuild) },
    // The engine worker is bundled apart from the page, with only the plugins named here.
    worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
    build: {
      target: 'es2022',
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        input: { main: 'index.html', ...(testBuild ? { harness: 'harness.html', automation: 'automation.html' } : {}) },
      },
    },
    // Vite's dev server pre-bundles dependencies it finds by crawling the pages; it cannot see into the engine
    // worker (started with `new Worker(new URL(…))`), so tfjs and the image libraries would be found only on the
    // first load, re-bundled, and the page reloaded under its own requests. Naming the worker as an entry makes
    // the first crawl complete.
    optimizeDeps: { entries: ['index.html', 'src/worker/engine.worker.ts'] },
    server: { port: 5173, strictPort: false, headers: CROSS_ORIGIN_ISOLATION },
    preview: { headers: CROSS_ORIGIN_ISOLATION },
    test: {
      include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
      environment: 'node',
      // No test may pass or fail on the machine's speed: these are ceilings for a
      // machine several times slower than the slowest seen (a 2-core CI box under
      // load runs the slowest hook, a tiny SinGAN training, in ~15 s). Hooks that
      // train or render also set their own timeout beside the work.
      testTimeout: 300_000,
      hookTimeout: 300_000,
      // Vitest leaves a core free by default, which on a 2-core CI box is half
      // the machine: nothing else runs beside the unit tests there (4.0 → 2.2 min).
      maxWorkers: availableParallelism(),
    },
  };
});
