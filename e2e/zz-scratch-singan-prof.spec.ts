import { expect, test } from '@playwright/test';
function picture(height: number, width: number) {
  const data: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.push((x / width), (y / height), ((x + y) % 5) / 5);
  return { height, width, data };
}
test('prof', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/harness.html');
  await page.evaluate(() => (globalThis as any).__harness.ready);
  const base = { maxSize: 20, minSize: 14, iterations: 5, lrDropAt: 12, lr: 2e-3, dSteps: 1, gSteps: 1, baseChannels: 4, maxChannels: 4, attention: 'none', feedForward: false, previewEvery: 0, seed: 5 };
  for (const cfg of [{ attention: 'none' }, { attention: 'head' }, { attention: 'none', layers: 3, minSize: 14 }]) {
    const r: any = await page.evaluate(([i]) => (globalThis as any).__harness.run('singan_train_webgpu', i), [{ image: picture(40, 32), config: { ...base, ...cfg }, sampleSeed: 1 }] as const);
    const l = r.losses.filter((x: any) => x.scale === 0);
    const l1 = r.losses.filter((x: any) => x.scale === 1);
    console.log(JSON.stringify(cfg), 'first', Math.round(l[0].ms), 'per it', Math.round((l[4].ms - l[0].ms) / 4), 'scale1 per it', Math.round((l1[4].ms - l1[0].ms) / 4), 'first1', Math.round(l1[0].ms));
  }
  expect(1).toBe(1);
});
