import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromPreset } from '../src/engine/singan/configFromPreset';
import {
  modelKey,
  pendingModels,
  readRecords,
  stat,
  studyMarkdown,
  studyModels,
  summarize,
  writeRecord,
  type ModelRecord,
} from './benchSinganStudyRecords';
import { parseProcStat, treeTicks } from './lib/processTreeCpu';

const ALL = ['none', 'head', 'body', 'tail', 'head+tail', 'head+ff', 'body+ff', 'tail+ff', 'head+tail+ff'];

function record(image: string, variant: string, seed: number, values: Partial<ModelRecord> = {}): ModelRecord {
  const feedForward = variant.endsWith('+ff');
  const attention = (variant === 'none' ? 'none' : variant.replace(/\+ff$/, '')) as ModelRecord['attention'];
  return {
    key: modelKey(image, variant, seed),
    image,
    variant,
    attention,
    feedForward,
    seed,
    config: configFromPreset('fast', { maxSize: 48, iterations: 2, attention, feedForward, seed }),
    height: 36,
    width: 48,
    scales: [],
    wallMs: 60_000,
    cpuMs: 60_000,
    tfPeakBytes: 100 * 2 ** 20,
    sampleSeeds: [1, 2],
    sifid: [10, 20],
    sifidRec: 5,
    sifidRecFake: [8, 12],
    meanAbsDiff: [0.1, 0.2],
    diversity: 0.5,
    sr: null,
    files: [],
    finishedAt: '2026-12-06T00:00:00.000Z',
    loadAverage: 1,
    ...values,
  };
}

describe('the study plan', () => {
  it('trains every variant of an image with seed 1, plain first, then plain and the second-seed variants with seed 2', () => {
    const models = studyModels(['1.jpg', '2.jpg'], ALL, ['head']);
    expect(models).toHaveLength(2 * (9 + 2));
    expect(models.slice(0, 11).map((m) => `${m.variant.label}/${m.seed}`)).toEqual([
      ...ALL.map((v) => `${v}/1`),
      'none/2',
      'head/2',
    ]);
    expect(models[11].key).toBe('2-none-seed1');
    expect(new Set(models.map((m) => m.key)).size).toBe(models.length);
    const ff = models.find((m) => m.key === '1-head+tail+ff-seed1');
    expect(ff?.variant).toEqual({ label: 'head+tail+ff', attention: 'head+tail', feedForward: true });
  });

  it('orders the variants as the study does, whatever order they were asked in, and plain gets its second seed', () => {
    const models = studyModels(['3.jpg'], ['tail', 'none', 'head'], ['tail']);
    expect(models.map((m) => m.key)).toEqual([
      '3-none-seed1',
      '3-head-seed1',
      '3-tail-seed1',
      '3-none-seed2',
      '3-tail-seed2',
    ]);
    expect(studyModels(['3.jpg'], ['none', 'head'], [])).toHaveLength(2);
  });

  it('refuses a study without plain, an unknown variant, and a second seed for a variant not studied', () => {
    expect(() => studyModels(['1.jpg'], ['head'], [])).toThrow(/include none/);
    expect(() => studyModels(['1.jpg'], ['none', 'middle'], [])).toThrow(/unknown variant "middle"/);
    expect(() => studyModels(['1.jpg'], ['none', 'head'], ['tail'])).toThrow(/"tail" is not among/);
  });

  it('resumes after the last recorded model, keeping the order', () => {
    const models = studyModels(['1.jpg', '2.jpg'], ['none', 'head', 'tail'], []);
    const done = new Set(['1-none-seed1', '1-head-seed1', '2-head-seed1']);
    expect(pendingModels(models, done).map((m) => m.key)).toEqual(['1-tail-seed1', '2-none-seed1', '2-tail-seed1']);
    expect(pendingModels(models, new Set(models.map((m) => m.key)))).toEqual([]);
  });
});

describe('records in the run folder', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads back every record written, by key, and ignores a half-written one', () => {
    dir = mkdtempSync(join(tmpdir(), 'study-'));
    expect(readRecords(dir)).toEqual([]);
    const a = record('1.jpg', 'none', 1);
    const b = record('1.jpg', 'head+ff', 1, { sifid: [1, 2] });
    writeRecord(dir, a);
    writeRecord(dir, b);
    // A sitting killed mid-write leaves only a .tmp file, which is not a finished model.
    writeFileSync(join(dir, 'records', '1-tail-seed1.json.tmp'), '{"key": "1-ta');
    const back = readRecords(dir).sort((x, y) => x.key.localeCompare(y.key));
    expect(back).toEqual([b, a].sort((x, y) => x.key.localeCompare(y.key)));
    expect(readdirSync(join(dir, 'records')).sort()).toEqual([
      '1-head+ff-seed1.json',
      '1-none-seed1.json',
      '1-tail-seed1.json.tmp',
    ]);
    const models = studyModels(['1.jpg'], ['none', 'tail', 'head+ff'], []);
    expect(pendingModels(models, new Set(back.map((r) => r.key))).map((m) => m.key)).toEqual(['1-tail-seed1']);
  });
});

describe('the summary', () => {
  it('is the mean and sample sd over the models, each model averaged over its samples', () => {
    expect(stat([1, 3, null, Number.NaN])).toEqual({ mean: 2, sd: Math.SQRT2, n: 2 });
    expect(stat([4])).toEqual({ mean: 4, sd: null, n: 1 });
    expect(stat([])).toEqual({ mean: null, sd: null, n: 0 });
    const s = summarize([
      record('1.jpg', 'head', 1, { sifid: [10, 30] }),
      record('2.jpg', 'head', 1, { sifid: [40, 40] }),
      record('1.jpg', 'none', 1),
    ]);
    const head = s.variants.find((v) => v.variant === 'head')!;
    expect(head.stats.sifid.mean).toBe(30);
    expect(head.stats.sifid.sd).toBeCloseTo(Math.SQRT2 * 10, 12);
    expect(head.models).toBe(2);
    expect(head.images).toBe(2);
    expect(s.variants.map((v) => v.variant)).toEqual(['none', 'head']);
  });

  it('divides by plain of the same image and seed only, and leaves a model without its plain out of the ratios', () => {
    const s = summarize([
      record('1.jpg', 'none', 1, { cpuMs: 100, tfPeakBytes: 10 }),
      record('1.jpg', 'none', 2, { cpuMs: 200, tfPeakBytes: 10 }),
      record('2.jpg', 'none', 1, { cpuMs: 1000, tfPeakBytes: 10 }),
      record('1.jpg', 'head', 1, { cpuMs: 150, tfPeakBytes: 15 }),
      record('1.jpg', 'head', 2, { cpuMs: 400, tfPeakBytes: 20 }),
      record('2.jpg', 'head', 1, { cpuMs: 2500, tfPeakBytes: 30 }),
      // Image 3 has no plain model yet: its time counts in the mean but not in the ratio.
      record('3.jpg', 'head', 1, { cpuMs: 99_999 }),
    ]);
    const head = s.variants.find((v) => v.variant === 'head')!;
    expect(head.vsPlain.cpuMs.n).toBe(3);
    expect(head.vsPlain.cpuMs.mean).toBeCloseTo((1.5 + 2 + 2.5) / 3, 12);
    expect(head.vsPlain.tfPeakBytes.mean).toBeCloseTo((1.5 + 2 + 3) / 3, 12);
    expect(head.stats.cpuMs.n).toBe(4);
    expect(head.seeds).toEqual([1, 2]);
    const none = s.variants.find((v) => v.variant === 'none')!;
    expect(none.vsPlain.cpuMs).toEqual({ mean: 1, sd: 0, n: 3 });
  });

  it('pairs the two seeds of a variant on an image', () => {
    const s = summarize([
      record('1.jpg', 'none', 1, { sifid: [10, 10] }),
      record('1.jpg', 'none', 2, { sifid: [20, 30] }),
      record('1.jpg', 'head', 1),
    ]);
    expect(s.seedSpread).toEqual([{ variant: 'none', image: '1.jpg', sifid: [10, 25], cpuMs: [60_000, 60_000] }]);
  });

  it('averages super-resolution over the models that have it, and prints bicubic once per image as the baseline', () => {
    const q = (psnr: number | null, ssim: number) => ({ rmse: 0.1, psnr, ssim });
    const sr = (singan: number | null, bicubic: number) => ({
      factor: 4,
      height: 144,
      width: 192,
      singan: q(singan, 0.5),
      bicubic: q(bicubic, 0.4),
    });
    const records = [
      record('1.jpg', 'none', 1, { sr: sr(20, 22) }),
      record('1.jpg', 'head', 1, { sr: sr(21, 22) }),
      record('2.jpg', 'none', 1, { sr: sr(30, 26) }),
      record('2.jpg', 'head', 1, { sr: sr(33, 26) }),
      // Identical images have no finite PSNR (null in JSON): left out of the means, not counted as 0.
      record('3.jpg', 'head', 1, { sr: sr(null, 30) }),
    ];
    const s = summarize(records);
    const head = s.variants.find((v) => v.variant === 'head')!;
    expect(head.stats.srPsnr).toMatchObject({ mean: 27, n: 2 });
    expect(head.vsPlain.srPsnr.mean).toBeCloseTo((21 / 20 + 33 / 30) / 2, 12);
    expect(head.stats.bicubicPsnr.mean).toBeCloseTo((22 + 26 + 30) / 3, 12);
    const md = studyMarkdown('t', [], s, records, 5);
    const baseline = md.split('\n').filter((l) => l.startsWith('| bicubic ×4 (baseline) | 3 images |'));
    expect(baseline).toHaveLength(1);
    expect(baseline[0]).toContain('26.00 ± 4.00');
  });

  it('prints a row per variant and per model, with the ratios to plain', () => {
    const records = [
      record('1.jpg', 'none', 1, { cpuMs: 120_000 }),
      record('1.jpg', 'head+tail+ff', 1, { cpuMs: 240_000 }),
    ];
    const md = studyMarkdown('t', ['a note'], summarize(records), records, 18);
    expect(md).toContain('2 of 18 models trained, on 1.jpg.');
    expect(md).toContain('- a note');
    expect(md).toMatch(/\| head\+tail\+ff \| 1 \| 15\.00 \| 1\.00× \|/);
    const modelRow = md.split('\n').find((l) => l.startsWith('| 1.jpg | head+tail+ff | 1 |'));
    expect(modelRow).toContain('| 4.0 | 2.00× |');
    expect(modelRow).toContain('15.00 (10.0, 20.0)');
  });
});

describe('CPU time of the process tree', () => {
  it('reads /proc/<pid>/stat with spaces and parentheses in the command name', () => {
    const line = '4242 (Chrome (renderer) x) S 4200 4242 4242 0 -1 4194560 100 0 0 0 1500 250 30 20 20 0 1 0 5 0 0';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 4200, ownTicks: 1750, reapedChildTicks: 50 });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('sums the root and its descendants, not its parent or siblings', () => {
    const p = (pid: number, ppid: number, own: number, reaped = 0) => ({
      pid,
      ppid,
      ownTicks: own,
      reapedChildTicks: reaped,
    });
    const stats = [p(1, 0, 1000), p(10, 1, 5, 2), p(11, 10, 7), p(12, 11, 11), p(13, 1, 100), p(14, 10, 3)];
    expect(treeTicks(stats, 10)).toBe(5 + 2 + 7 + 11 + 3);
    expect(treeTicks(stats, 99)).toBe(0);
  });
});
