import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import type { StudioWindow } from '../src/app/testHooks';
import { injectHeartbeat } from './support';

/**
 * The built studio as a user installs it: served under a sub-path by a plain
 * static server, visited once online, then opened and used with the network
 * off (the service worker's precache: app, worker, Inception stem weights,
 * example image).
 */
test.use({ serviceWorkers: 'allow' });

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let server: PreviewServer;
let studioUrl: string;

test.beforeAll(async () => {
  // The suite's own test build, served a second time under /studio/ (the webServer's build is relative, so it runs anywhere).
  server = await preview({
    root: ROOT,
    base: '/studio/',
    logLevel: 'warn',
    build: { outDir: process.env.STUDIO_PREBUILT_DIST ?? 'dist' },
    preview: { port: 0, open: false },
  });
  const local = server.resolvedUrls?.local[0];
  if (!local) throw new Error('The sub-path server did not report a URL');
  studioUrl = new URL('/studio/', local).href;
});

test.afterAll(async () => {
  await server?.close();
});

test('after one visit the studio opens and runs a GPNN sample offline, from a sub-path', async ({ page, context }) => {
  test.setTimeout(600_000);
  await injectHeartbeat(page);
  await page.goto(studioUrl);
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  // Installable: the manifest and its icons are there.
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]')!;
    const m = (await (await fetch(link.href)).json()) as { name: string; display: string; icons: { src: string }[] };
    const icons = await Promise.all(m.icons.map(async (i) => (await fetch(new URL(i.src, link.href))).status));
    return { name: m.name, display: m.display, icons };
  });
  expect(manifest).toEqual({ name: 'Single-Image Studio', display: 'standalone', icons: [200, 200, 200] });
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });

  await context.setOffline(true);
  await page.reload();
  // 'auto' on SwiftShader is WebAssembly: its binaries came from the offline copy too.
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'wasm');
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  // The smallest working size keeps the run short on an emulated GPU.
  await page.getByTestId('working-size').selectOption('128');
  await page.getByTestId('param-samples').fill('1');
  await page.getByTestId('param-nn').selectOption('patchmatch');
  await page.getByTestId('param-iterations').fill('1');
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 480_000 });
  // SIFID per scale needs the Inception stem's weights: they came from the offline copy too.
  const metrics = await page.evaluate(() => (globalThis as StudioWindow).__studio.state().runs[0].metrics.length);
  expect(metrics).toBeGreaterThan(0);
});
