import { expect, test, type Page } from '@playwright/test';
import type { StudioWindow } from '../src/app/testHooks';
import { encodeTestGif, waterfallFrames } from '../scripts/make-test-gifs';
import { dropFile, openStudio } from './support';

/**
 * GIF → GIF's Patches engine (VGPNN) when something goes wrong mid-run, as
 * e2e/session.spec.ts proves for the stills: a Cancel, a reload, a crashed
 * worker and a lost GPU device each leave the session whole (the source GIF,
 * the engine choice, the parameters, finished outputs) and a rerun remakes
 * the same seeded frames. Two samples of a tiny GIF (4 frames, worked on at
 * 24 px): each takes a second or so, and the test hook that idles after every
 * finished level (`pacingMs`, ctx.pace in runVgpnnJob) makes the second
 * sample last long enough for the fault to land between the two.
 */
const gifBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const FRAMES = 4;
/** Idle after each finished level: the second sample (every level of it) takes several seconds, the first's frames are out before. */
const PACING_MS = 1500;

type Made = { id: number; status: string; error?: string; seeds: (number | null)[]; frames: number[][] };

const runs = (page: Page): Promise<Made[]> =>
  page.evaluate(() =>
    (globalThis as StudioWindow).__studio.state().runs.map((r) => {
      const outputs = [...r.outputs].sort((a, b) => a.output - b.output);
      return {
        id: r.id,
        status: r.status,
        error: r.error,
        seeds: outputs.map((o) => o.seed),
        frames: outputs.map((o) => Array.from(o.pixels.rgba)),
      };
    }),
  );

/** What must survive: the source GIF, the task (the Patches engine) and its parameters. */
const session = (page: Page) =>
  page.evaluate(() => {
    const s = (globalThis as StudioWindow).__studio.state();
    return {
      source: s.source?.name ?? null,
      frames: s.source?.animation?.frames.length ?? 0,
      task: s.task,
      vgpnn: s.vgpnn,
    };
  });

/** The studio on GIF → GIF's Patches engine with two seeded samples of a tiny GIF set up. */
async function setUp(page: Page, query: string): Promise<void> {
  await openStudio(page, query);
  await page.getByTestId('task-gif2gif-train').click();
  await page.getByTestId('gif2gif-engine').selectOption('patches');
  await expect(page.getByTestId('task-vgpnn-generate')).toHaveAttribute('aria-checked', 'true');
  await dropFile(
    page,
    gifBuffer(encodeTestGif(waterfallFrames({ size: 32, frames: FRAMES }))),
    'falls.gif',
    'image/gif',
  );
  await expect(page.getByTestId('vgpnn-source')).toContainText(`${FRAMES} frames`);
  await page.locator('details.advanced summary').click();
  await page.getByTestId('vgpnn-max-side').fill('24');
  await page.getByTestId('vgpnn-samples').fill('2');
  await page.getByTestId('vgpnn-seed').fill('5');
  await expect(page.getByTestId('vgpnn-source')).toContainText('worked on at 24×24');
  await expect(page.getByTestId('param-error')).toHaveCount(0);
}

/** Starts the page's current job with every level followed by an idle pause. */
const startPaced = (page: Page) =>
  page.evaluate((pacingMs) => (globalThis as StudioWindow).__studio.startJob(undefined, { pacingMs }), PACING_MS);

/** Waits until the newest run has streamed the first sample's frames (and no more). */
async function firstSampleOut(page: Page): Promise<Made> {
  await expect
    .poll(async () => (await runs(page))[0]?.frames.length ?? 0, { timeout: 120_000, intervals: [100] })
    .toBeGreaterThanOrEqual(FRAMES);
  const [run] = await runs(page);
  expect(run.status).toBe('running');
  expect(run.frames.length).toBe(FRAMES);
  return run;
}

async function runAgain(page: Page, count: number): Promise<Made> {
  await expect(page.getByTestId('run-job')).toBeEnabled({ timeout: 120_000 });
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result')).toHaveCount(count);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error|cancelled/, {
    timeout: 120_000,
  });
  const [run] = await runs(page);
  expect(run.status, run.error).toBe('done');
  return run;
}

test('Patches, cancelled mid-run: said cancelled, the finished sample stays, a rerun makes both', async ({ page }) => {
  test.setTimeout(180_000);
  await setUp(page, '?example=none&backend=cpu');
  await startPaced(page);
  const partial = await firstSampleOut(page);
  await page.getByTestId('cancel-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('result').first()).toContainText('cancelled');
  const [cancelled] = await runs(page);
  expect(cancelled.seeds).toEqual([5, 5, 5, 5]);
  expect(cancelled.frames).toEqual(partial.frames);
  await expect(page.getByTestId('anim-status')).toContainText(`sample 1/2 · ${FRAMES}/${FRAMES} frames`);

  const rerun = await runAgain(page, 2);
  expect(rerun.seeds).toEqual([5, 5, 5, 5, 6, 6, 6, 6]);
  expect(rerun.frames.slice(0, FRAMES)).toEqual(cancelled.frames);
  expect((await runs(page))[1].frames).toEqual(cancelled.frames);
});

test('Patches, reloaded mid-run: the GIF, the engine, its parameters and the finished sample come back, said interrupted', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await setUp(page, '?example=none&backend=cpu');
  const before = await session(page);
  await startPaced(page);
  const partial = await firstSampleOut(page);
  // The outputs' saves are IndexedDB writes: give them a moment to land, as a person's reload would.
  await page.waitForTimeout(1000);
  expect((await runs(page))[0].status).toBe('running');
  // The leave guard asks before a running job is dropped: the user says leave.
  page.on('dialog', (d) => void d.accept());
  await page.reload();

  await expect(page.getByTestId('source-caption')).toContainText('falls.gif');
  await expect.poll(() => session(page), { timeout: 60_000 }).toEqual(before);
  await expect(page.getByTestId('task-vgpnn-generate')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('gif2gif-engine')).toHaveValue('patches');
  await expect(page.getByTestId('vgpnn-samples')).toHaveValue('2');
  await expect(page.getByTestId('vgpnn-seed')).toHaveValue('5');
  await page.locator('details.advanced summary').click();
  await expect(page.getByTestId('vgpnn-max-side')).toHaveValue('24');
  await expect(page.getByTestId('result')).toHaveCount(1);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'cancelled');
  const [restored] = await runs(page);
  expect(restored.error).toMatch(/Interrupted by a reload/);
  expect(restored.seeds).toEqual([5, 5, 5, 5]);
  expect(restored.frames).toEqual(partial.frames);
  // The finished sample is on show, not the empty second one the run was making.
  await expect(page.getByTestId('anim-status')).toContainText(`sample 1/2 · ${FRAMES}/${FRAMES} frames`);
  await expect(page.getByTestId('anim-sample-position')).toContainText('Sample 1 / 2 · seed 5 · 1 done');

  const rerun = await runAgain(page, 2);
  expect(rerun.frames.slice(0, FRAMES)).toEqual(restored.frames);
});

test('Patches, the worker crashed mid-run: a warning, the session whole, a rerun remakes the uninterrupted frames', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await setUp(page, '?example=none&backend=cpu');
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error|cancelled/, {
    timeout: 120_000,
  });
  const [uninterrupted] = await runs(page);
  expect(uninterrupted.status, uninterrupted.error).toBe('done');
  const before = await session(page);

  await startPaced(page);
  // Mid-run: the first sample's first level is out, its frames are not.
  await expect(page.getByTestId('scale').first()).toBeVisible({ timeout: 60_000 });
  await page.evaluate(() => (globalThis as StudioWindow).__studio.injectFault('crash'));
  await expect(
    page.locator('[data-testid=notice][data-level=warning]').filter({ hasText: /engine crashed/ }),
  ).toBeVisible();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'error');
  const [crashed, kept] = await runs(page);
  expect(crashed.error).toMatch(/Engine restarted/);
  expect(kept).toEqual(uninterrupted);
  expect(await session(page)).toEqual(before);

  // The new worker is handed the GIF's frames again: the same seeds remake the same frames.
  const rerun = await runAgain(page, 3);
  expect(rerun.seeds).toEqual(uninterrupted.seeds);
  expect(rerun.frames).toEqual(uninterrupted.frames);
});

test('Patches, the GPU device lost mid-run: the run goes on (VGPNN never touches the device), a rerun remakes its frames', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // On WebGPU (SwiftShader here) there is a device to lose; VGPNN computes on the CPU whatever the backend,
  // so the loss is said and the device replaced, but the run is not ended (its kind is `cpuOnly`).
  await setUp(page, '?example=none&backend=webgpu');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  const before = await session(page);
  await startPaced(page);
  await expect(page.getByTestId('scale').first()).toBeVisible({ timeout: 60_000 });
  await page.evaluate(() => (globalThis as StudioWindow).__studio.injectFault('lose-device'));
  await expect(
    page.locator('[data-testid=notice][data-level=warning]').filter({ hasText: /GPU device was lost/ }),
  ).toBeVisible();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error|cancelled/, {
    timeout: 120_000,
  });
  const [survived] = await runs(page);
  expect(survived.status, survived.error).toBe('done');
  expect(survived.seeds).toEqual([5, 5, 5, 5, 6, 6, 6, 6]);
  await expect
    .poll(() => page.evaluate(() => (globalThis as StudioWindow).__studio.state().engine.status), { timeout: 120_000 })
    .toBe('ready');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  expect(await session(page)).toEqual(before);

  const rerun = await runAgain(page, 2);
  expect(rerun.frames).toEqual(survived.frames);
});
