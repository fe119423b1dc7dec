import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { StudioWindow } from '../src/app/testHooks';
import { staticHost } from './staticHost';
import { injectHeartbeat } from './support';

/**
 * A new deployment reaches an installed studio only when the user takes it,
 * and never under a running job: build A is visited (service worker
 * installed), build B is deployed at the same URL, the page is told of it,
 * the Reload it offers waits for the job, and then loads B. Then C, into a
 * page that B's worker controls (the first page had no controller: two
 * different ways into the reload).
 */
test.use({ serviceWorkers: 'allow' });

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASE = '/studio/';

/**
 * Another build: the suite's build with a marker in index.html and that
 * file's precache revision in sw.js changed to match, which is what a real
 * rebuild changes (a new sw.js is what makes the browser install a new version).
 */
function makeBuild(from: string, label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `studio-build-${label}-`));
  cpSync(from, dir, { recursive: true });
  const marker = `<meta name="studio-test-build" content="${label}">`;
  const html = readFileSync(join(dir, 'index.html'), 'utf8').replace('<head>', `<head>\n    ${marker}`);
  writeFileSync(join(dir, 'index.html'), html);
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const entry = /\{url:"index\.html",revision:"[0-9a-f]+"\}/;
  if (!entry.test(sw)) throw new Error('sw.js has no precache entry for index.html: the manifest format changed');
  const revision = createHash('md5').update(html).digest('hex');
  writeFileSync(join(dir, 'sw.js'), sw.replace(entry, `{url:"index.html",revision:"${revision}"}`));
  return dir;
}

const buildA = resolve(ROOT, process.env.STUDIO_PREBUILT_DIST ?? 'dist');
const host = staticHost(buildA, BASE);
const builds: Record<'B' | 'C', string> = { B: '', C: '' };

const buildMarker = (page: Page) => page.locator('meta[name="studio-test-build"]');
const controlled = (page: Page) => page.evaluate(() => navigator.serviceWorker.controller !== null);

/**
 * Clicks Reload and waits for the build; if it does not come, the failure says
 * what the registration held, which is what tells a reload that never started
 * from a worker that never took over.
 */
async function reloadInto(page: Page, label: string): Promise<void> {
  await page.getByTestId('update-reload').click();
  try {
    await expect(buildMarker(page)).toHaveAttribute('content', label, { timeout: 60_000 });
  } catch (err) {
    const workers = await page
      .evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        const s = (w: ServiceWorker | null | undefined) => w?.state ?? 'none';
        return `controller ${s(navigator.serviceWorker.controller)}, active ${s(r?.active)}, waiting ${s(r?.waiting)}, installing ${s(r?.installing)}`;
      })
      .catch((e: unknown) => `unreadable (${String(e)})`);
    throw new Error(`build ${label} did not load; service workers: ${workers}`, { cause: err });
  }
}

/** Deploys a build and has the page look for it, as the browser does by itself on a later navigation or after a day. */
async function deployAndCheck(page: Page, dir: string): Promise<void> {
  host.deploy(dir);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  await expect(page.getByTestId('update-ready')).toBeVisible({ timeout: 120_000 });
}

test.beforeAll(async () => {
  builds.B = makeBuild(buildA, 'B');
  builds.C = makeBuild(buildA, 'C');
  await host.listen();
});

test.afterAll(async () => {
  await host.close();
  for (const dir of Object.values(builds)) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a newly deployed build is offered, waits for the running job, and then loads; so does the next one', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await injectHeartbeat(page);
  await page.goto(host.url());
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('update-ready')).toHaveCount(0);
  await expect(buildMarker(page)).toHaveCount(0);
  expect(await controlled(page)).toBe(false);

  await deployAndCheck(page, builds.B);
  await expect(page.getByTestId('update-reload')).toBeEnabled();

  // A short job, paced so it is still running while the offer is looked at.
  await page.getByTestId('working-size').selectOption('128');
  await page.getByTestId('param-samples').fill('1');
  await page.getByTestId('param-nn').selectOption('patchmatch');
  await page.getByTestId('param-iterations').fill('1');
  await page.evaluate(() => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs: 2_000 }));
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('update-reload')).toBeDisabled();
  await expect(page.getByTestId('update-reload')).toHaveText('Reload after the job');

  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  // Still build A: nothing was swapped under the job.
  await expect(buildMarker(page)).toHaveCount(0);
  await expect(page.getByTestId('update-reload')).toBeEnabled();
  await reloadInto(page, 'B');
  await expect(page.getByTestId('update-ready')).toHaveCount(0);
  expect(await controlled(page)).toBe(true);

  await deployAndCheck(page, builds.C);
  await reloadInto(page, 'C');
});
