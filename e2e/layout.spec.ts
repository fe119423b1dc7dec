import { expect, test, type Page } from '@playwright/test';
import { TASK_IDS } from '../src/features';
import { clippedText, duplicates, expectInView, SCREENS, taskFieldLabels } from './layoutChecks';
import { openStudio } from './support';

/**
 * The layout's promise at the two screen sizes it is made for: every task's
 * Run button and the output are on screen without scrolling, the mask sits
 * beside the output, and no label, button or choice is cut short. A running
 * output's place on screen is followed in e2e/first-session.spec.ts.
 */

const CANVAS_TASKS = new Set(['gpnn-retarget', 'gpnn-inpaint', 'gpnn-edit']);

const output = (page: Page) => page.getByRole('region', { name: 'Output' }).locator('.viewer');

async function scrollSide(page: Page, to: 'top' | 'bottom'): Promise<void> {
  await page.locator('.side').evaluate((el, end) => (el.scrollTop = end === 'top' ? 0 : el.scrollHeight), to);
}

for (const screen of SCREENS) {
  test(`at ${screen.width}×${screen.height} every task keeps its Run button and the output in view, with no label cut`, async ({
    page,
  }) => {
    await page.setViewportSize(screen);
    await openStudio(page);
    await expect(page.getByTestId('source-caption')).toContainText('valley.png');

    // The first screen: the example, and one button that makes something of it.
    await expectInView(page.getByTestId('source-canvas'), 'the source thumbnail');
    await expectInView(page.getByTestId('first-result-source'), 'the example, large, where the output will be');
    await expectInView(page.getByTestId('try-it'), 'the one-click first result');
    await expectInView(page.getByTestId('run-job'), 'the Run button');
    await expectInView(page.getByTestId('open-gallery'), 'the gallery of examples');
    await page.getByTestId('open-gallery-header').click();
    await expectInView(
      page.getByRole('dialog', { name: /Gallery/ }).getByRole('button', { name: 'Close the gallery' }),
      'the gallery’s Close button',
    );
    expect(await clippedText(page), 'the gallery: nothing cut short').toEqual([]);
    await page.keyboard.press('Escape');

    for (const id of TASK_IDS) {
      await page.getByTestId(`task-${id}`).click();
      const run = page.getByTestId('run-job');
      await expectInView(run, `${id}: the Run button`);
      await expectInView(output(page), `${id}: the output`);
      if (CANVAS_TASKS.has(id)) {
        const editor = page
          .getByRole('region', { name: /mask|region|hole/i })
          .locator('canvas')
          .last();
        await expectInView(editor, `${id}: the picture to paint on`);
        const [e, o] = [(await editor.boundingBox())!, (await output(page).boundingBox())!];
        expect(e.x + e.width, `${id}: the editor is left of the output`).toBeLessThanOrEqual(o.x);
        expect(
          e.y < o.y + o.height && o.y < e.y + e.height,
          `${id}: the editor and the output share the screen's height`,
        ).toBe(true);
      }
      // Every field, the advanced ones too, for the label checks.
      for (const details of await page
        .getByRole('region', { name: 'Task' })
        .locator('details:not([open]) > summary')
        .all())
        await details.click();
      expect(await clippedText(page), `${id}: nothing cut short`).toEqual([]);
      expect(duplicates(await taskFieldLabels(page)), `${id}: no two fields share a name`).toEqual([]);
      // The fields scroll; the Run button stays.
      await scrollSide(page, 'bottom');
      await expectInView(run, `${id}: the Run button with the side column scrolled to its end`);
      await scrollSide(page, 'top');
    }
  });
}
