import { expect, test, type Page } from '@playwright/test';
import { TASK_IDS } from '../src/features';
import { seriousViolations } from './layoutChecks';
import { openStudio } from './support';
import type { StudioWindow } from '../src/app/testHooks';

/**
 * Accessibility: axe finds no serious or critical violation on the first
 * screen, on any task's panel or in the model library; every control shows a
 * focus ring when reached from the keyboard; and a task can be chosen, set up
 * and run without the mouse.
 */

test('no serious or critical axe violation on the first screen, on any task panel, in the model library or in the gallery', async ({
  page,
}) => {
  await openStudio(page);
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await expect(page.getByTestId('first-result-source')).toBeVisible();
  expect(await seriousViolations(page), 'first screen').toEqual([]);
  for (const id of TASK_IDS) {
    await page.getByTestId(`task-${id}`).click();
    for (const details of await page
      .getByRole('region', { name: 'Task' })
      .locator('details:not([open]) > summary')
      .all())
      await details.click();
    expect(await seriousViolations(page), id).toEqual([]);
  }
  await page.getByRole('region', { name: 'Models' }).scrollIntoViewIfNeeded();
  expect(await seriousViolations(page, '.models-panel'), 'model library').toEqual([]);
  await page.getByTestId('open-gallery-header').click();
  await expect(page.getByRole('dialog', { name: /Gallery/ })).toBeVisible();
  expect(await seriousViolations(page, '.examples-dialog'), 'gallery').toEqual([]);
});

test('the gallery opens from the keyboard, every example is a named button with a focus ring, and Escape gives focus back', async ({
  page,
}) => {
  await openStudio(page);
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await tabTo(page, '[data-testid=open-gallery-header]');
  await page.keyboard.press('Enter');
  const gallery = page.getByRole('dialog', { name: /Gallery/ });
  await expect(gallery).toBeVisible();
  // showModal focuses the first control (Close); the examples' buttons follow it.
  await expect(page.getByTestId('close-gallery')).toBeFocused();
  const names: string[] = [];
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return {
        inside: Boolean(el.closest('dialog')),
        name: el.textContent?.trim() ?? '',
        ring: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    // The dialog is modal: Tab stays inside it.
    expect(stop.inside, `stop ${i}`).toBe(true);
    expect(stop.ring, `${stop.name} shows a focus ring`).toBe(true);
    names.push(stop.name);
  }
  expect(names).toEqual([
    'Try random samples',
    'Try retarget wider',
    'Try retarget narrower',
    'Try retarget, keeping an object',
    'Try inpaint',
    'Try structural analogy',
    'Try edit / reshuffle',
    'Try collage',
    'Try animation',
  ]);
  await page.keyboard.press('Escape');
  await expect(gallery).toBeHidden();
  await expect(page.getByTestId('open-gallery-header')).toBeFocused();
});

/** Presses Tab until the focused element matches, and says how many presses it took (or fails). */
async function tabTo(page: Page, selector: string, max = 80): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('every control has a name and a visible focus ring, and a task runs from the keyboard alone', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  // The first Tab stop is the skip link, shown once focused.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-to-output')).toBeFocused();
  await expect(page.getByTestId('skip-to-output')).toBeInViewport();
  // Tab through the page: each stop is named and drawn with a ring.
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      const name =
        el.getAttribute('aria-label') ||
        (el as HTMLInputElement).labels?.[0]?.textContent ||
        el.getAttribute('title') ||
        el.textContent;
      return {
        what: `${el.tagName.toLowerCase()}[${el.dataset.testid ?? ''}]`,
        ring,
        named: Boolean(name?.trim()),
        focusVisible: el.matches(':focus-visible'),
      };
    });
    if (!stop) continue;
    seen.push(stop.what);
    expect(stop.focusVisible && stop.ring, `${stop.what} shows a focus ring`).toBe(true);
    expect(stop.named, `${stop.what} has a name`).toBe(true);
  }
  expect(seen).toContain('button[run-job]');
  expect(seen).toContain('button[try-it]');

  // The skip link, Enter, then one Tab: "Try it", past the side column's controls.
  await page.getByTestId('skip-to-output').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#work')).toBeFocused();
  expect(await tabTo(page, '[data-testid=try-it]')).toBe(1);

  // From the top, without the mouse: the chosen task is one Tab stop, arrows choose another, Tab reaches its Run button, Enter runs it.
  await page.locator('body').focus();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await tabTo(page, '[role=radio][aria-checked=true]');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('task-gpnn-retarget')).toBeFocused();
  await expect(page.getByTestId('task-gpnn-retarget')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('End');
  await expect(page.getByTestId('task-pyramid')).toBeFocused();
  await expect(page.getByTestId('task-pyramid')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('param-coarse').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('40');
  await tabTo(page, '[data-testid=run-job]');
  await expect(page.getByTestId('run-job')).toHaveText('Build pyramid');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('scale').first()).toBeVisible();
});

test('a rough edit is made from the keyboard: select, move its copy, resize, and the Edit task can run', async ({
  page,
}) => {
  await openStudio(page);
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await page.getByTestId('task-gpnn-edit').click();
  await expect(page.getByTestId('run-job')).toBeDisabled();
  await tabTo(page, '[data-testid=region-canvas]');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('+');
  const edit = await page.evaluate(() => (globalThis as StudioWindow).__studio.state().edit);
  expect(edit.from).not.toBeNull();
  expect(edit.to).toEqual({ y: edit.from!.y + 1, x: edit.from!.x + 8 });
  await expect(page.getByTestId('run-job')).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-job')).toBeDisabled();
});
