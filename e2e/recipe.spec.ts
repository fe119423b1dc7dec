import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { addPngText, readPngText } from '../src/engine/image/pngText';
import { readGifComments } from '../src/engine/gif/gifComment';
import { encodeRecipe, makeRecipe, parseRecipe, RECIPE_KEYWORD, recipeTextOfComment } from '../src/jobs/recipe';
import type { StudioWindow } from '../src/app/testHooks';
import { dropFile, maxAbsDiff, openStudio, testPicture } from './support';

/**
 * Exports carry their recipe: an exported PNG dropped back restores the task
 * and parameters and remakes the same pixels (with its source in the
 * session), in the page and through `npm run cli -- replay`; an exported
 * GIF carries its recipe as a comment and remakes the same frames; a PNG of
 * one scale, and each PNG of a frames zip, carries its run's recipe with
 * the level or frame it holds, and remakes it.
 */

const recipeIn = (png: Buffer) => parseRecipe(readPngText(new Uint8Array(png), RECIPE_KEYWORD)!).recipe!;

/** The newest run's pixels of one scale (output, level), as the page holds them. */
const scalePixels = (page: Page, output: number, level: number) =>
  page.evaluate(
    ([output, level]) =>
      Array.from(
        (globalThis as StudioWindow).__studio
          .state()
          .runs[0].scales.find((s) => s.output === output && s.level === level)!.pixels.rgba,
      ),
    [output, level] as const,
  );
/** Two exact GPNN samples (seeds 3 and 4, one iteration) of a fresh picture; the viewer ends on seed 4. */
async function twoExactSamples(page: Page, name: string): Promise<void> {
  await openStudio(page, '?example=none');
  await dropFile(page, testPicture(40, 36), name, 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText(name);
  await page.getByTestId('param-samples').fill('2');
  await page.getByTestId('param-seed').fill('3');
  await page.getByTestId('param-iterations').fill('1');
  await page.getByTestId('param-nn').selectOption('exact');
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  await expect(page.getByTestId('viewer-label')).toContainText('seed 4');
}

/**
 * Drops an exported file back, accepts *Restore recipe* and waits for the
 * rerun (the `runs`-th run) to finish; `prompt` is what the offer must say.
 */
async function restoreAndRerun(
  page: Page,
  file: Buffer,
  name: string,
  type: string,
  runs: number,
  prompt?: string,
): Promise<void> {
  await dropFile(page, file, name, type);
  if (prompt) await expect(page.getByTestId('recipe-prompt')).toContainText(prompt);
  await page.getByTestId('recipe-restore').click();
  await expect(page.getByTestId('result')).toHaveCount(runs);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
}

test('an exported PNG restores its recipe and reproduces identical pixels, in the page and through the CLI', async ({
  page,
}) => {
  test.setTimeout(900_000);
  const source = testPicture(40, 36);
  // The viewer follows the newest output: the second sample, seed 4.
  await twoExactSamples(page, 'recipe-src.png');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-output').click()]);
  const exported = readFileSync(await download.path());
  const recipe = parseRecipe(readPngText(new Uint8Array(exported), RECIPE_KEYWORD)!).recipe!;
  expect(recipe.seed).toBe(4);
  expect(recipe.job).toMatchObject({
    kind: 'gpnn',
    task: { kind: 'sample', seeds: [4] },
    params: { nn: 'exact', iterations: 1, fineVote: 'median' },
  });
  expect(recipe.sources).toEqual([
    { slot: 'source', name: 'recipe-src.png', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
  ]);
  const want = PNG.sync.read(exported).data;

  // Other settings meanwhile; dropping the export back offers its recipe, which sets them back and remakes the image.
  await page.getByTestId('param-samples').fill('3');
  await page.getByTestId('param-iterations').fill('2');
  await page.getByTestId('param-fine-vote').selectOption('mean');
  await restoreAndRerun(page, exported, 'exported.png', 'image/png', 2, 'seed 4');
  await expect(page.getByTestId('param-fine-vote')).toHaveValue('median');
  await expect(page.getByTestId('param-samples')).toHaveValue('1');
  await expect(page.getByTestId('param-seed')).toHaveValue('4');
  await expect(page.getByTestId('param-iterations')).toHaveValue('1');
  const again = await page.evaluate(() =>
    Array.from((globalThis as StudioWindow).__studio.state().runs[0].outputs[0].pixels.rgba),
  );
  expect(again.length).toBe(want.length);
  expect(maxAbsDiff(again, want)).toBe(0);
  // The source is still the user's image: the recipe file was not opened as one.
  await expect(page.getByTestId('source-caption')).toContainText('recipe-src.png');

  // Headless: the same pixels from the recipe and the source file.
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  writeFileSync(join(dir, 'exported.png'), exported);
  writeFileSync(join(dir, 'src.png'), source);
  const r = spawnSync(
    'npx',
    [
      'tsx',
      'scripts/cli/main.ts',
      'replay',
      '--recipe',
      join(dir, 'exported.png'),
      '--input',
      join(dir, 'src.png'),
      '--out',
      join(dir, 'again.png'),
      '--backend',
      'webgpu',
    ],
    {
      encoding: 'utf8',
      timeout: 540_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  expect(maxAbsDiff(PNG.sync.read(readFileSync(join(dir, 'again.png'))).data, want)).toBe(0);
  // The wrong source is refused, in words.
  writeFileSync(join(dir, 'other.png'), testPicture(41, 36));
  const wrong = spawnSync(
    'npx',
    [
      'tsx',
      'scripts/cli/main.ts',
      'replay',
      '--recipe',
      join(dir, 'exported.png'),
      '--input',
      join(dir, 'other.png'),
      '--backend',
      'webgpu',
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(wrong.status).toBe(2);
  expect(wrong.stderr).toContain("is not the recipe's source image");
});

test('a PNG of one scale carries its sample’s recipe and level; dropped back it remakes that scale', async ({
  page,
}) => {
  test.setTimeout(600_000);
  // The strip shows the newest output's scales: the second sample, seed 4.
  await twoExactSamples(page, 'level-src.png');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-testid=scale][data-level="1"] [data-testid=scale-png]').click(),
  ]);
  const exported = readFileSync(await download.path());
  expect(download.suggestedFilename()).toMatch(/^level-src-gpnn-sample-seed4-level1-\d+x\d+\.png$/);
  const recipe = recipeIn(exported);
  expect(recipe).toMatchObject({
    seed: 4,
    level: 1,
    job: { kind: 'gpnn', task: { kind: 'sample', seeds: [4] }, params: { nn: 'exact', iterations: 1 } },
  });
  expect(recipe.output).toBeUndefined();
  const want = PNG.sync.read(exported).data;
  expect(maxAbsDiff(await scalePixels(page, 1, 1), want)).toBe(0);

  await page.getByTestId('param-samples').fill('3');
  await restoreAndRerun(page, exported, 'level1.png', 'image/png', 2, 'seed 4, level 1');
  await expect(page.getByTestId('param-samples')).toHaveValue('1');
  await expect(page.getByTestId('param-seed')).toHaveValue('4');
  expect(maxAbsDiff(await scalePixels(page, 0, 1), want)).toBe(0);
  await expect(page.getByTestId('source-caption')).toContainText('level-src.png');
});

test('a recipe from a newer studio, or without its sources, gets a clear message and loses nothing', async ({
  page,
}) => {
  await openStudio(page, '?example=none');
  const png = new Uint8Array(testPicture(32, 32));
  const recipe = makeRecipe({
    job: { kind: 'pyramid', params: { ratio: 1.33, coarseDim: 14 } },
    seed: null,
    workingMaxSide: 256,
    sources: [{ slot: 'source', name: 'gone.png', sha256: '0'.repeat(64) }],
  });
  const newer = addPngText(png, RECIPE_KEYWORD, encodeRecipe({ ...recipe, version: 99, studio: '9.9.9' }));
  await dropFile(page, Buffer.from(newer), 'from-the-future.png', 'image/png');
  await expect(page.getByTestId('recipe-error')).toContainText('newer studio');
  await page.getByTestId('recipe-open-image').click();
  await expect(page.getByTestId('source-caption')).toContainText('from-the-future.png');

  const orphan = addPngText(png, RECIPE_KEYWORD, encodeRecipe(recipe));
  await dropFile(page, Buffer.from(orphan), 'orphan.png', 'image/png');
  await page.getByTestId('recipe-restore').click();
  await expect(
    page
      .locator('[data-testid=notice][data-level=warning]')
      .filter({ hasText: /open its source image first: gone\.png/ }),
  ).toBeVisible();
  await expect(page.getByTestId('task-pyramid')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('source-caption')).toContainText('from-the-future.png');
});

test('an exported GIF, and each PNG of a frames zip, carries the animation’s recipe; dropped back they remake the same frames', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await openStudio(page, '?example=none');
  await dropFile(page, testPicture(40, 32), 'anim-src.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('anim-src.png');
  await page.getByTestId('task-gpnn-animate').click();
  await page.getByTestId('anim-frames').fill('2');
  await page.getByTestId('param-nn').selectOption('patchmatch');
  await page.getByTestId('param-iterations').fill('1');
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  const frames = () =>
    page.evaluate(() =>
      (globalThis as StudioWindow).__studio.state().runs[0].outputs.map((o) => Array.from(o.pixels.rgba)),
    );
  const first = await frames();
  await page.getByTestId('export-gif').click();
  await expect(page.getByTestId('export-size')).toContainText(/\.gif · [\d.]+ KB/, { timeout: 120_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  const gif = new Uint8Array(readFileSync(await download.path()));
  const text = readGifComments(gif)
    .map(recipeTextOfComment)
    .find((t) => t !== null)!;
  expect(parseRecipe(text).recipe?.job).toMatchObject({ kind: 'gpnn-animate', animation: { frames: 2 } });

  await page.getByTestId('anim-frames').fill('5');
  await restoreAndRerun(page, Buffer.from(gif), 'exported.gif', 'image/gif', 2);
  await expect(page.getByTestId('anim-frames')).toHaveValue('2');
  const again = await frames();
  expect(again.length).toBe(2);
  for (let i = 0; i < 2; i++) expect(maxAbsDiff(again[i], first[i])).toBe(0);

  // The frames as a zip of PNGs: each carries the animation's recipe and its own index.
  await page.getByTestId('export-zip').click();
  await expect(page.getByTestId('export-size')).toContainText(/-frames\.zip · [\d.]+ KB/, { timeout: 120_000 });
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  const zipped = unzipSync(new Uint8Array(readFileSync(await zipDownload.path())));
  expect(Object.keys(zipped).sort()).toEqual(['frame-0001.png', 'frame-0002.png']);
  const second = Buffer.from(zipped['frame-0002.png']);
  expect(recipeIn(Buffer.from(zipped['frame-0001.png']))).toMatchObject({
    output: 0,
    job: { kind: 'gpnn-animate', animation: { frames: 2 } },
  });
  expect(recipeIn(second)).toMatchObject({ output: 1, job: { kind: 'gpnn-animate', animation: { frames: 2 } } });
  expect(maxAbsDiff(PNG.sync.read(second).data, first[1])).toBe(0);

  await page.getByTestId('anim-frames').fill('4');
  await restoreAndRerun(page, second, 'frame-0002.png', 'image/png', 3, 'frame 2');
  await expect(page.getByTestId('anim-frames')).toHaveValue('2');
  const third = await frames();
  expect(maxAbsDiff(third[1], first[1])).toBe(0);
  // The restored run shows the frame the file held.
  expect(await page.evaluate(() => (globalThis as StudioWindow).__studio.state().runs[0].viewOutput)).toBe(1);
});
