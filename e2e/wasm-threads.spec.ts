import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { StudioWindow } from '../src/app/testHooks';
import { staticHost } from './staticHost';
import { dropFile, injectHeartbeat, maxAbsDiff, openStudio, testPicture } from './support';

/**
 * WebAssembly threads (XNNPACK's pool in tfjs-wasm's threaded SIMD build),
 * which browsers allow only on a cross-origin-isolated page. The suite's
 * preview server sends COOP/COEP (vite.config.ts), so the baseURL pages are
 * isolated; the same build on a plain static host that sends no headers is
 * not, until the offline copy's service worker serves it.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = resolve(ROOT, process.env.STUDIO_PREBUILT_DIST ?? 'dist');

/** The same build on a static host that sends no isolation headers. */
const host = staticHost(DIST);
let plainUrl: string;

test.beforeAll(async () => {
  await host.listen();
  plainUrl = host.url();
});

test.afterAll(async () => {
  await host.close();
});

/** The studio's automatic choice on this machine: one thread per physical core (half the logical ones), 1 to 8. */
const automaticThreads = (page: Page) =>
  page.evaluate(() => Math.min(8, Math.max(1, Math.floor(navigator.hardwareConcurrency / 2))));

async function badgeThreads(page: Page): Promise<{ threads: number; title: string }> {
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-kind', 'wasm');
  const text = (await badge.textContent()) ?? '';
  const m = /SIMD, (\d+) threads?/.exec(text);
  if (!m) throw new Error(`the badge names no thread count: ${text}`);
  return { threads: Number(m[1]), title: (await badge.getAttribute('title')) ?? '' };
}

test('served with COOP/COEP the page is cross-origin isolated: one thread per physical core by default, as many as ?threads= asks', async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await openStudio(page, '?backend=wasm&example=none');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const auto = await badgeThreads(page);
  expect(auto.threads).toBe(await automaticThreads(page));
  if (auto.threads === 1)
    expect(auto.title).toMatch(
      /one thread: one per physical core, and the browser reports \d+ logical cores? \(\?threads=N asks for more\)/,
    );

  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await openStudio(page, '?backend=wasm&example=none&threads=2');
  const { threads, title } = await badgeThreads(page);
  expect(threads).toBe(2);
  expect(title).not.toMatch(/one thread/);
  // The pthread workers run same-origin files (the CSP allows no blob: workers), and nothing leaves the origin.
  expect(workers.filter((u) => /tfjs-backend-wasm-threaded-simd\.worker-[\w-]+\.js$/.test(u)).length).toBeGreaterThan(
    0,
  );
  expect(workers.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
  expect(requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
});

test('on a host without the headers it runs on one thread, and the badge says why', async ({ page }) => {
  await injectHeartbeat(page);
  await page.goto(`${plainUrl}?backend=wasm&example=none`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const { threads, title } = await badgeThreads(page);
  expect(threads).toBe(1);
  expect(title).toMatch(/one thread: the page is not cross-origin isolated/);
});

type Pixels = { height: number; width: number; rgba: number[] }[];

async function runOutputs(page: Page): Promise<Pixels> {
  await expect(page.getByTestId('run-job')).toBeEnabled();
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error|cancelled/, {
    timeout: 600_000,
  });
  return page.evaluate(() => {
    const r = (globalThis as StudioWindow).__studio.state().runs[0];
    if (r.status !== 'done') throw new Error(`run ended ${r.status}: ${r.error ?? ''}`);
    return r.outputs.map((o) => ({ height: o.pixels.height, width: o.pixels.width, rgba: Array.from(o.pixels.rgba) }));
  });
}

/** The same small jobs as a user starts them: an exact GPNN sample (the GEMM search) and a tiny SinGAN training. */
async function smallJobs(page: Page, url: string): Promise<{ threads: number; gpnn: Pixels; singan: Pixels }> {
  await page.goto(url);
  await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-kind', 'pending', { timeout: 180_000 });
  const { threads } = await badgeThreads(page);
  await dropFile(page, testPicture(48, 40), 'small.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('small.png');
  await page.getByTestId('task-gpnn-sample').click();
  await page.getByTestId('param-nn').selectOption('exact');
  await page.getByTestId('param-iterations').fill('2');
  await page.getByTestId('param-seed').fill('7');
  const gpnn = await runOutputs(page);
  await page.getByTestId('task-singan-train').click();
  await page.locator('details.advanced summary').click();
  for (const [id, v] of [
    ['singan-max-size', 32],
    ['singan-min-size', 24],
    ['singan-d-steps', 1],
    ['singan-g-steps', 1],
    ['singan-iterations', 3],
    ['singan-lr-drop', 3],
    ['singan-channels', 8],
    ['singan-max-channels', 8],
    ['singan-preview-every', 1],
  ] as const) {
    await page.getByTestId(id).fill(String(v));
  }
  const singan = await runOutputs(page);
  return { threads, gpnn, singan };
}

test('a GPNN exact sample and a tiny SinGAN training give the same pixels on two threads as on one', async ({
  page,
}) => {
  test.setTimeout(1_200_000);
  await injectHeartbeat(page);
  const a = await smallJobs(page, '/?backend=wasm&example=none&threads=2');
  const b = await smallJobs(page, '/?backend=wasm&example=none&threads=1');
  expect([a.threads, b.threads]).toEqual([2, 1]);
  for (const [name, x, y] of [
    ['GPNN', a.gpnn, b.gpnn],
    ['SinGAN', a.singan, b.singan],
  ] as const) {
    expect(x.length, name).toBeGreaterThan(0);
    expect(
      x.map((o) => [o.height, o.width]),
      name,
    ).toEqual(y.map((o) => [o.height, o.width]));
    x.forEach((o, i) => expect(maxAbsDiff(o.rgba, y[i].rgba), `${name} output ${i}`).toBe(0));
  }
});

test.describe('on a static host, with the offline copy', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the service worker adds the isolation headers: from the second visit on, WebAssembly can run on several threads', async ({
    page,
  }) => {
    test.setTimeout(600_000);
    await injectHeartbeat(page);
    await page.goto(`${plainUrl}?backend=wasm&example=none&threads=2`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect((await badgeThreads(page)).threads).toBe(1);
    await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect((await badgeThreads(page)).threads).toBe(2);
  });
});
