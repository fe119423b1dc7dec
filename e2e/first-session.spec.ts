import { expect, test, type Page } from '@playwright/test';
import { clippedText, expectInView, SCREENS, seriousViolations } from './layoutChecks';
import { openStudio } from './support';

/**
 * A new user's first session, as the page offers it: the example on the first
 * screen, GPNN samples from one click, scrubbing, a retarget with a painted
 * mask, a tiny SinGAN training cancelled midway, a PNG and a GIF exported, and
 * a reload. At each step the action and its result are on screen, at both
 * screen sizes. Small sizes throughout (the example at its smallest working
 * size, few iterations) on the backend a new user gets (WebAssembly on a
 * machine without a GPU): this is about the path through the page, which the
 * engine specs test in depth.
 */

const output = (page: Page) => page.getByRole('region', { name: /^(Output|Animation)$/ }).locator('.viewer');
const newest = (page: Page) => page.getByTestId('result').first();

async function finished(page: Page): Promise<void> {
  await expect(newest(page)).toHaveAttribute('data-status', /done|error|cancelled/, { timeout: 240_000 });
  await expect(newest(page)).toHaveAttribute('data-status', 'done');
}

/** GPNN's settings for speed: shared by every GPNN task, so set once. */
async function quickGpnn(page: Page): Promise<void> {
  await page.getByTestId('param-nn').selectOption('patchmatch');
  await page.getByTestId('param-iterations').fill('2');
}

for (const screen of SCREENS) {
  test(`first session at ${screen.width}×${screen.height}: example, samples, scrub, masked retarget, tiny SinGAN cancelled, PNG and GIF export, reload`, async ({
    page,
  }) => {
    test.setTimeout(600_000);
    await page.setViewportSize(screen);
    await openStudio(page, '?backend=auto');

    // The first screen: the example is open and shown where results will appear, with one button to make the first.
    await expect(page.getByTestId('source-caption')).toContainText('valley.png');
    await expectInView(page.getByTestId('first-result-source'), 'the example where the output will be');
    await expectInView(page.getByTestId('try-it'), 'the one-click first result');
    await page.getByTestId('working-size').selectOption('128');
    await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-width', '128');

    // GPNN samples from the first-screen button; the running output is in view.
    await page.getByTestId('param-samples').fill('2');
    await quickGpnn(page);
    await page.getByTestId('try-it').click();
    await expect(page.getByTestId('task-gpnn-sample')).toHaveAttribute('aria-checked', 'true');
    await expectInView(output(page), 'the running samples');
    await expectInView(page.getByTestId('cancel-job'), 'Cancel');
    await finished(page);

    // Scrub with the keyboard; the sample shown changes and stays in view.
    await page.getByTestId('scrubber').focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('scrubber-position')).toContainText('2 / 2');
    await expectInView(page.getByTestId('viewer-canvas'), 'the scrubbed sample');
    // With results come the output's controls, the gallery and the compare choices: none of their text is cut, axe passes them.
    expect(await clippedText(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    // Export it as a PNG.
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-output').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);

    // Retarget wider, keeping a painted region: the mask and the output side by side.
    await page.getByTestId('task-gpnn-retarget').click();
    await page.getByTestId('param-width-factor').fill('1.25');
    const mask = page.getByTestId('retarget-mask').getByTestId('mask-canvas');
    await expectInView(mask, 'the mask');
    const box = (await mask.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.7);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.75, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('mask-stats')).not.toContainText('keep 0 px');
    await expectInView(page.getByTestId('run-job'), 'Retarget');
    // Scrolled down to the results, as after a look at the last run: the new run's output still comes into view.
    await page.locator('.work').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(output(page)).not.toBeInViewport({ ratio: 1 });
    await page.getByTestId('run-job').click();
    await expectInView(output(page), 'the running retarget');
    await finished(page);
    await expectInView(page.getByTestId('viewer-canvas'), 'the retargeted image');
    await expect(page.getByTestId('viewer-canvas')).toHaveAttribute('data-width', '160');
    const [m, o] = [box, (await output(page).boundingBox())!];
    expect(m.x + m.width, 'the mask is left of the output').toBeLessThanOrEqual(o.x);

    // An animation, exported as a GIF.
    await page.getByTestId('task-gpnn-animate').click();
    await page.getByTestId('anim-frames').fill('3');
    await page.getByTestId('run-job').click();
    await expectInView(output(page), 'the animation as it streams');
    await finished(page);
    await page.getByTestId('export-gif').click();
    await expectInView(page.getByTestId('export-download'), 'the GIF download');
    const [gif] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(gif.suggestedFilename()).toMatch(/\.gif$/);

    // A tiny SinGAN training, 20 iterations per scale, watched and then cancelled once a scale is stored.
    await page.getByTestId('task-singan-train').click();
    await page.locator('details.advanced summary').click();
    // Enough scales that the cancel lands with work left: it follows the first stored scale.
    for (const [id, v] of [
      ['singan-max-size', 64],
      ['singan-min-size', 24],
      ['singan-iterations', 20],
      ['singan-lr-drop', 20],
      ['singan-d-steps', 1],
      ['singan-g-steps', 1],
      ['singan-channels', 4],
      ['singan-max-channels', 8],
    ] as const) {
      await page.getByTestId(id).fill(String(v));
    }
    await expectInView(page.getByTestId('run-job'), 'Train SinGAN, below the open Advanced fields');
    await page.getByTestId('run-job').click();
    await expectInView(output(page), 'the training output');
    await expectInView(page.getByRole('region', { name: 'Training' }), 'the training view');
    await expect(page.getByTestId('model').first()).toHaveAttribute('data-scales-done', /[1-9]/, { timeout: 240_000 });
    await page.getByTestId('cancel-job').click();
    await expect(newest(page)).toHaveAttribute('data-status', 'cancelled', { timeout: 120_000 });
    await expectInView(page.getByTestId('run-job'), 'the Run button after the cancel');
    await expect(page.getByTestId('run-job')).toBeEnabled();
    expect(await clippedText(page)).toEqual([]);
    // The library with a stored model passes axe too.
    await page.getByRole('region', { name: 'Models' }).scrollIntoViewIfNeeded();
    expect(await seriousViolations(page, '.models-panel'), 'the model library').toEqual([]);
    expect(await seriousViolations(page), 'the page after the cancel').toEqual([]);

    // A reload brings the session back with the same layout: Run button and output in view, the model still listed.
    await page.reload();
    await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-kind', 'pending', { timeout: 180_000 });
    await expect(page.getByTestId('source-caption')).toContainText('valley.png');
    await expectInView(page.getByTestId('run-job'), 'the Run button after the reload');
    await expectInView(output(page), 'the output after the reload');
    await expect(page.getByTestId('model').first()).toBeVisible();
  });
}
