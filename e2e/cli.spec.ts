import { cli } from './cliSupport';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { rgbaToRgb } from '../src/engine/image/rgbImage';
import { dropFile, maxAbsDiff, openStudio, testPicture } from './support';
import type { StudioWindow } from '../src/app/testHooks';

/** The headless CLI end to end: it builds the studio, drives the same worker in Chromium, writes files. */
test.describe.configure({ timeout: 900_000 });

/** The fields of `gpnn sample --report` this test reads. */
interface GpnnSampleReport {
  backend: { kind: string };
  outputs: { seed: number }[];
  gpuPeakBytes: number;
  params: { nn: string };
  search: { nn: string; exactMs: number; patchMatchMs: number };
  perScale: { ms: number }[];
}

test('bad arguments print usage and exit non-zero', () => {
  const noTask = cli(['gpnn']);
  expect(noTask.status).toBe(2);
  expect(noTask.stderr).toContain('Usage:');
  const unknown = cli(['gpnn', 'sample', '--input', 'x.png', '--bogus', '1']);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/bogus/);
  const missing = cli(['gpnn', 'analogy', '--input', 'x.png']);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('needs --input2');
  const badNn = cli(['gpnn', 'sample', '--input', 'x.png', '--nn', 'fast']);
  expect(badNn.status).toBe(2);
  expect(badNn.stderr).toContain('--nn must be auto, exact or patchmatch');
  const badBlend = cli(['gpnn', 'collage', '--input', 'x.png', '--input2', 'y.png', '--blend', 'soft']);
  expect(badBlend.status).toBe(2);
  expect(badBlend.stderr).toContain('--blend must be whole or seam');
  const blendElsewhere = cli(['gpnn', 'sample', '--input', 'x.png', '--blend', 'seam']);
  expect(blendElsewhere.status).toBe(2);
  expect(blendElsewhere.stderr).toContain('--blend applies to collage only');
});

async function nodeSifid(realPath: string, fakePath: string): Promise<number> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  const { sifid } = await import('../src/engine/metrics/sifid');
  const { parseInceptionStemWeights } = await import('../src/engine/metrics/inceptionStemWeights');
  const weights = parseInceptionStemWeights(
    JSON.parse(readFileSync('public/models/inception-stem/stem.json', 'utf8')),
    new Uint8Array(readFileSync('public/models/inception-stem/stem.bin')),
  );
  const read = (p: string) => {
    const png = PNG.sync.read(readFileSync(p));
    return rgbaToRgb(png.data, png.height, png.width);
  };
  return sifid(tf, weights, read(realPath), read(fakePath));
}

test('gpnn sample and sifid run headless and write what they report; the page makes the same image', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  const input = join(dir, 'in.png');
  writeFileSync(input, testPicture(44, 36));
  const r = cli([
    'gpnn',
    'sample',
    '--input',
    input,
    '--samples',
    '2',
    '--seed',
    '5',
    '--iterations',
    '2',
    '--out',
    join(dir, 'out.png'),
    '--report',
    join(dir, 'report.json'),
  ]);
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as GpnnSampleReport;
  expect(report.backend.kind).toBe('webgpu');
  expect(report.outputs.map((o) => o.seed)).toEqual([5, 6]);
  expect(report.gpuPeakBytes).toBeGreaterThan(0);
  // --nn defaults to auto: the search follows this device's estimate for one output (15 s for exact search),
  // and the CLI says which it ran and why.
  expect(report.params.nn).toBe('auto');
  const exactFits = report.search.exactMs / 2 <= 15_000;
  expect(report.search).toMatchObject({
    nn: exactFits ? 'exact' : 'patchmatch',
    auto: true,
    exactSearch: 'wgsl-blocked',
  });
  expect(report.search.patchMatchMs).toBeGreaterThan(0);
  expect(r.stderr).toMatch(
    exactFits
      ? /search: Exact search \(auto\): each output takes about .* on /
      : /search: PatchMatch \(auto\): exact search would take about /,
  );
  expect(r.stderr).toContain('(exact search on this backend: wgsl-blocked)');
  expect(report.perScale.length).toBe(2 * 5);
  for (const s of report.perScale) expect(s.ms).toBeGreaterThanOrEqual(0);
  const out = PNG.sync.read(readFileSync(join(dir, 'out-5.png')));
  expect([out.height, out.width]).toEqual([36, 44]);

  // The same job in the studio page gives the same pixels: one engine behind both.
  await openStudio(page, '?example=none');
  await dropFile(page, readFileSync(input), 'in.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('in.png');
  await page.getByTestId('task-gpnn-sample').click();
  await page.getByTestId('param-samples').fill('1');
  await page.getByTestId('param-seed').fill('5');
  await page.getByTestId('param-iterations').fill('2');
  // The search the CLI's auto picked, chosen by hand: the page's own auto could time this device differently.
  await page.getByTestId('param-nn').selectOption(report.search.nn);
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  const pagePixels = await page.evaluate(() =>
    Array.from((globalThis as StudioWindow).__studio.state().runs[0].outputs[0].pixels.rgba),
  );
  expect(maxAbsDiff(pagePixels, out.data)).toBe(0);

  const s = cli(['sifid', input, input, join(dir, 'out-5.png'), '--json']);
  expect(s.status, s.stderr).toBe(0);
  const json = JSON.parse(s.stdout) as { results: { sifid: number }[] };
  expect(json.results[0].sifid).toBeLessThan(1e-6);
  expect(json.results[1].sifid).toBeGreaterThan(0);
  // The worker's SIFID (tfjs WebGPU on the shared device) equals the Node reference (tfjs CPU).
  const reference = await nodeSifid(input, join(dir, 'out-5.png'));
  expect(Math.abs(json.results[1].sifid - reference) / reference).toBeLessThan(1e-3);
});
