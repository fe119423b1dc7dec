import { expect, test, type Page } from '@playwright/test';
import { dropFile, makePng, openStudio } from './support';
import type { StudioWindow } from '../src/app/testHooks';

/** Grey texture with a pure red square at x, y ∈ [8, 16): the object to remove. */
function pictureWithRedSquare(): Buffer {
  let seed = 7;
  const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return makePng(44, 40, (y, x) => {
    if (x >= 8 && x < 16 && y >= 8 && y < 16) return [255, 0, 0];
    const v = Math.round(90 + 80 * rnd());
    return [v, v, Math.round(v * 0.8)];
  });
}

const redPixels = (rgba: number[]) => {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] > 180 && rgba[i + 1] < 90) n++;
  return n;
};

/** Drags across the mask canvas in image pixel coordinates. */
async function paint(
  page: Page,
  canvasTestId: string,
  points: [number, number][],
  size = { w: 44, h: 40 },
): Promise<void> {
  const canvas = page.getByTestId(canvasTestId).getByTestId('mask-canvas');
  const box = (await canvas.boundingBox())!;
  const at = ([x, y]: [number, number]) =>
    [box.x + (x / size.w) * box.width, box.y + (y / size.h) * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
  await page.mouse.up();
}

async function load(page: Page): Promise<void> {
  await openStudio(page, '?example=none');
  await dropFile(page, pictureWithRedSquare(), 'square.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('square.png');
  await page.getByTestId('param-iterations').fill('2');
  // The mask semantics are checked on the exact search; auto could pick either for this size.
  await page.getByTestId('param-nn').selectOption('exact');
}

async function runAndGetOutput(page: Page): Promise<{ height: number; width: number; rgba: number[] }> {
  await expect(page.getByTestId('run-job')).toBeEnabled();
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error/, { timeout: 180_000 });
  return page.evaluate(() => {
    const r = (globalThis as StudioWindow).__studio.state().runs[0];
    if (r.status !== 'done') throw new Error(r.error);
    const o = r.outputs[0].pixels;
    return { height: o.height, width: o.width, rgba: Array.from(o.rgba) };
  });
}

test('the mask painter paints, undoes and redoes (buttons and keyboard), and clears', async ({ page }) => {
  await load(page);
  await page.getByTestId('task-gpnn-retarget').click();
  const editor = page.getByTestId('retarget-mask');
  await expect(editor.getByTestId('mask-stats')).toContainText('keep 0 px · remove 0 px');
  await page.getByTestId('mask-tool-keep').click();
  await paint(page, 'retarget-mask', [
    [30, 30],
    [38, 34],
  ]);
  await expect(editor.getByTestId('mask-stats')).not.toContainText('keep 0 px');
  await page.getByTestId('mask-tool-remove').click();
  await paint(page, 'retarget-mask', [
    [5, 5],
    [10, 10],
  ]);
  await expect(editor.getByTestId('mask-stats')).not.toContainText('remove 0 px');
  await page.getByTestId('mask-undo').click();
  await expect(editor.getByTestId('mask-stats')).toContainText('remove 0 px');
  await editor.focus();
  await page.keyboard.press('Control+Shift+Z');
  await expect(editor.getByTestId('mask-stats')).not.toContainText('remove 0 px');
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+Z');
  await expect(editor.getByTestId('mask-stats')).toContainText('keep 0 px · remove 0 px');
  await page.getByTestId('mask-redo').click();
  await page.getByTestId('mask-clear').click();
  await expect(editor.getByTestId('mask-stats')).toContainText('keep 0 px · remove 0 px');
});

test('retargeting with a painted remove mask drops the object', async ({ page }) => {
  await load(page);
  await page.getByTestId('task-gpnn-retarget').click();
  await page.getByTestId('param-width-factor').fill('0.8');
  await page.getByTestId('mask-tool-remove').click();
  await page.getByTestId('mask-brush-size').fill('10');
  await paint(page, 'retarget-mask', [
    [9, 9],
    [15, 9],
    [15, 15],
    [9, 15],
    [12, 12],
  ]);
  const out = await runAndGetOutput(page);
  expect([out.height, out.width]).toEqual([40, 35]);
  expect(redPixels(out.rgba)).toBe(0);
});

test('inpainting fills a painted hole from outside patches; an empty hole is refused', async ({ page }) => {
  await load(page);
  await page.getByTestId('task-gpnn-inpaint').click();
  await expect(page.getByTestId('param-error')).toContainText('Paint the hole');
  await expect(page.getByTestId('run-job')).toBeDisabled();
  await page.getByTestId('mask-brush-size').fill('10');
  await paint(page, 'inpaint-mask', [
    [9, 9],
    [15, 9],
    [15, 15],
    [9, 15],
    [12, 12],
  ]);
  await page.getByTestId('mask-tool-colour').click();
  await paint(page, 'inpaint-mask', [
    [12, 12],
    [12, 13],
  ]);
  const out = await runAndGetOutput(page);
  expect([out.height, out.width]).toEqual([40, 44]);
  expect(redPixels(out.rgba)).toBe(0);
  // Labelled as what it is (every non-sample output used to say "Retargeted").
  await expect(page.getByTestId('viewer-label')).toContainText('Inpainted 44×40');
});

test('pen (with pressure) and touch strokes paint too; a hole over everything is refused', async ({ page }) => {
  await load(page);
  await page.getByTestId('task-gpnn-inpaint').click();
  const canvas = page.getByTestId('inpaint-mask').getByTestId('mask-canvas');
  const stroke = (pointerType: string, pressure: number, from: [number, number], to: [number, number]) =>
    canvas.evaluate(
      (el, { pointerType, pressure, from, to }) => {
        const r = el.getBoundingClientRect();
        const at = ([x, y]: [number, number]) => ({
          clientX: r.left + (x / 44) * r.width,
          clientY: r.top + (y / 40) * r.height,
        });
        const opts = { pointerId: 7, pointerType, pressure, isPrimary: true, bubbles: true, button: 0, buttons: 1 };
        el.dispatchEvent(new PointerEvent('pointerdown', { ...opts, ...at(from) }));
        el.dispatchEvent(new PointerEvent('pointermove', { ...opts, ...at(to) }));
        el.dispatchEvent(new PointerEvent('pointerup', { ...opts, ...at(to), buttons: 0 }));
      },
      { pointerType, pressure, from, to },
    );
  const holePixels = async () =>
    Number(
      (await page.getByTestId('inpaint-mask').getByTestId('mask-stats').textContent())!
        .match(/hole ([\d,]+) px/)![1]
        .replace(/,/g, ''),
    );
  await page.getByTestId('mask-brush-size').fill('8');
  await stroke('pen', 1, [5, 20], [20, 20]);
  const full = await holePixels();
  expect(full).toBeGreaterThan(50);
  await page.getByTestId('mask-undo').click();
  // A light pen stroke paints a thinner line.
  await stroke('pen', 0.3, [5, 20], [20, 20]);
  const light = await holePixels();
  expect(light).toBeGreaterThan(0);
  expect(light).toBeLessThan(full);
  await page.getByTestId('mask-clear').click();
  await stroke('touch', 0, [10, 10], [30, 10]);
  expect(await holePixels()).toBeGreaterThan(50);
  // Cover everything: nothing left to fill from.
  await page.getByTestId('mask-brush-size').fill('64');
  for (const y of [0, 10, 20, 30, 40]) await stroke('touch', 0, [-5, y], [50, y]);
  await expect(page.getByTestId('param-error')).toContainText('covers the whole image');
  await expect(page.getByTestId('run-job')).toBeDisabled();
});
