import { expect, test } from '@playwright/test';
import { openStudio } from './support';
import type { StudioWindow } from '../src/app/testHooks';

const meanAbsDiff = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;

/**
 * The Gallery: one click on an example that needs a second image loads both
 * examples into their slots, sets the task and runs the engine, and the
 * result arrives in the normal output. The smallest working size, two
 * iterations and one PatchMatch round keep the run short on SwiftShader.
 */
test('the structural analogy example loads the coast and the valley, runs, and shows its result', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await page.getByTestId('working-size').selectOption('128');
  await page.getByTestId('param-iterations').fill('2');
  await page.getByTestId('param-nn').selectOption('patchmatch');
  await page.getByTestId('param-pm-rounds').fill('1');

  await page.getByTestId('open-gallery').click();
  const gallery = page.getByRole('dialog', { name: /Gallery/ });
  await expect(gallery).toBeVisible();
  await expect(gallery.getByRole('listitem')).toHaveCount(9);
  await gallery.getByRole('button', { name: 'Try structural analogy' }).click();
  await expect(gallery).toBeHidden();

  await expect(page.getByTestId('task-gpnn-analogy')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('source-caption')).toContainText('coast.png (example)');
  await expect(page.getByTestId('slot-structure-name')).toContainText('valley.png (example)');
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error/, { timeout: 120_000 });
  await expect(page.getByTestId('viewer-canvas')).toBeVisible();
  await expect(page.getByTestId('viewer-label')).toContainText(/analogy/i);

  const s = await page.evaluate(() => {
    const st = (globalThis as StudioWindow).__studio.state();
    const r = st.runs[0];
    const px = (p: { height: number; width: number; rgba: Uint8ClampedArray }) => ({
      height: p.height,
      width: p.width,
      rgba: Array.from(p.rgba),
    });
    return {
      task: st.task,
      gpnn: { iterations: st.gpnn.iterations, nn: st.gpnn.nn, coarseDim: st.gpnn.coarseDim },
      analogy: st.analogy,
      source: st.source && { name: st.source.name, ...px(st.source.working) },
      structure: st.extras.structure && { name: st.extras.structure.name, ...px(st.extras.structure.working) },
      collage: Boolean(st.extras.collage1),
      run: { status: r.status, kind: r.kind, title: r.title, outputs: r.outputs.map((o) => px(o.pixels)) },
    };
  });
  expect(s.task).toBe('gpnn-analogy');
  // The user's settings stay; the analogy runs at its own alpha and coarsest side.
  expect(s.gpnn).toEqual({ iterations: 2, nn: 'patchmatch', coarseDim: 14 });
  expect(s.analogy).toEqual({ alpha: 1, coarseDim: 28 });
  expect(s.source?.name).toBe('coast.png (example)');
  expect(s.structure?.name).toBe('valley.png (example)');
  expect(s.collage).toBe(false);
  expect([s.source?.height, s.source?.width, s.structure?.height, s.structure?.width]).toEqual([96, 128, 96, 128]);
  expect(s.run.status).toBe('done');
  expect(s.run.kind).toBe('gpnn');
  expect(s.run.title).toMatch(/analogy/i);
  // Two different pictures in the two slots, and a made image that is neither of them handed back.
  expect(meanAbsDiff(s.source!.rgba, s.structure!.rgba)).toBeGreaterThan(20);
  const [out] = s.run.outputs;
  expect([out.height, out.width]).toEqual([96, 128]);
  expect(meanAbsDiff(out.rgba, s.source!.rgba)).toBeGreaterThan(5);
  expect(meanAbsDiff(out.rgba, s.structure!.rgba)).toBeGreaterThan(5);
});

test('the keep-mask retarget example paints the keep region over the lighthouse and narrows the coast', async ({
  page,
}) => {
  await openStudio(page);
  await expect(page.getByTestId('source-caption')).toContainText('valley.png');
  await page.getByTestId('working-size').selectOption('128');
  await page.getByTestId('param-iterations').fill('2');
  await page.getByTestId('param-nn').selectOption('patchmatch');
  await page.getByTestId('param-pm-rounds').fill('1');
  await page.getByTestId('open-gallery').click();
  const gallery = page.getByRole('dialog', { name: /Gallery/ });
  await expect(gallery.getByTestId('gallery-card-retarget-keep')).toContainText('keep painted');
  await gallery.getByRole('button', { name: 'Try retarget, keeping an object' }).click();
  await expect(page.getByTestId('task-gpnn-retarget')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', /done|error/, { timeout: 120_000 });
  const s = await page.evaluate(() => {
    const st = (globalThis as StudioWindow).__studio.state();
    const m = st.masks.retarget;
    const job = st.runs[0].recipeBase?.job;
    return {
      source: st.source?.name,
      keep: m ? Array.from(m.labels).filter((l) => l === 1).length / m.labels.length : 0,
      sent: job?.kind === 'gpnn' && job.task.kind === 'retarget' ? job.task.labels?.includes(1) : null,
      status: st.runs[0].status,
      out: st.runs[0].outputs.map((o) => [o.pixels.height, o.pixels.width]),
    };
  });
  expect(s.source).toBe('coast.png (example)');
  expect(s.keep).toBeGreaterThan(0.005);
  expect(s.keep).toBeLessThan(0.08);
  expect(s.sent).toBe(true);
  expect(s.status).toBe('done');
  expect(s.out).toEqual([[96, 90]]);
});
