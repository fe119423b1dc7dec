import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttentionPlacement, SinganConfig } from '../src/engine/singan/singanConfig';
import { fixedOrDash } from './lib/benchStats';
import { PLACEMENTS, type Placement } from './benchSinganOptions';

/*
 * The SinGAN attention study's bookkeeping (scripts/benchSinganStudy.ts;
 * docs/algorithms.md, "SinGAN attention study"): which models a study trains
 * and in what order, one JSON record per finished model, what is left to do
 * after an interruption, and the summary rebuilt from the records. Pure but
 * for the few file helpers at the end, so the resume and summary rules are
 * tested without training anything.
 */

/** One model of the study: a variant trained on one image with one training seed. */
export interface StudyModel {
  readonly key: string;
  readonly image: string;
  readonly variant: Placement;
  readonly seed: number;
}

/** What a finished model measured; written once, as records/<key>.json. */
export interface ModelRecord {
  readonly key: string;
  readonly image: string;
  readonly variant: string;
  readonly attention: AttentionPlacement;
  readonly feedForward: boolean;
  readonly seed: number;
  readonly config: SinganConfig;
  /** The finest scale, at which every metric is taken. */
  readonly height: number;
  readonly width: number;
  readonly scales: readonly { scale: number; height: number; width: number; ms: number | null }[];
  /** Training only (no evaluation): Node-side wall time, and CPU time of this process and its browser. */
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly tfPeakBytes: number | null;
  /** Evaluation: samples of these seeds at the training size, each scored against the finest real image. */
  readonly sampleSeeds: readonly number[];
  readonly sifid: readonly number[];
  readonly sifidRec: number;
  /** Each sample against the model's reconstruction. */
  readonly sifidRecFake: readonly number[];
  /** Mean |Δ| in [0,1] of each sample to the finest real image: 0 is a copy. */
  readonly meanAbsDiff: readonly number[];
  readonly diversity: number | null;
  /**
   * Super-resolution ×factor of the finest real image through the model (docs/algorithms.md,
   * "Super-resolution") and a bicubic upscale of the same image, against the source brought to that size.
   */
  readonly sr: { factor: number; height: number; width: number; singan: Quality; bicubic: Quality } | null;
  readonly files: readonly string[];
  readonly finishedAt: string;
  /** One-minute load average when the model finished: a loaded core makes its times incomparable. */
  readonly loadAverage: number;
}

/** RMSE and SSIM against the reference, PSNR in dB (null for identical images: JSON has no Infinity). */
export interface Quality {
  readonly rmse: number;
  readonly psnr: number | null;
  readonly ssim: number;
}

/** Mean, sample standard deviation (null below two values) and count of the finite values. */
export interface Stat {
  readonly mean: number | null;
  readonly sd: number | null;
  readonly n: number;
}

export type StudyMeasure =
  | 'sifid'
  | 'sifidRec'
  | 'sifidRecFake'
  | 'diversity'
  | 'meanAbsDiff'
  | 'srRmse'
  | 'srPsnr'
  | 'srSsim'
  | 'bicubicPsnr'
  | 'bicubicSsim'
  | 'wallMs'
  | 'cpuMs';
export const STUDY_MEASURES: readonly StudyMeasure[] = [
  'sifid',
  'sifidRec',
  'sifidRecFake',
  'diversity',
  'meanAbsDiff',
  'srRmse',
  'srPsnr',
  'srSsim',
  'bicubicPsnr',
  'bicubicSsim',
  'wallMs',
  'cpuMs',
];

export interface VariantSummary {
  readonly variant: string;
  readonly models: number;
  readonly images: number;
  readonly seeds: readonly number[];
  /** Over the variant's models (each model's value is the mean over its samples). */
  readonly stats: Readonly<Record<StudyMeasure, Stat>>;
  readonly tfPeakBytes: number | null;
  /** The model's value over plain's on the same image and seed, over every such pair. */
  readonly vsPlain: Readonly<Record<StudyMeasure | 'tfPeakBytes', Stat>>;
}

/** A variant's two trainings of one image: how far apart the seeds land. */
export interface SeedSpread {
  readonly variant: string;
  readonly image: string;
  readonly sifid: readonly [number, number];
  readonly cpuMs: readonly [number | null, number | null];
}

export interface StudySummary {
  readonly models: number;
  readonly images: readonly string[];
  readonly variants: readonly VariantSummary[];
  readonly seedSpread: readonly SeedSpread[];
}

/** The nine variants: plain, attention at four places, each with and without the feed-forward block. */
export const STUDY_VARIANTS: readonly Placement[] = PLACEMENTS;

const stemOf = (image: string) => image.replace(/\.[^.]+$/, '');

export function modelKey(image: string, variant: string, seed: number): string {
  return `${stemOf(image)}-${variant}-seed${seed}`;
}

/**
 * Every model of the study in training order: image by image, seed 1 of every
 * variant and then seed 2 of `secondSeed`, plain first within each, so a
 * variant's time is compared with a plain model trained minutes before it on
 * the same core, and an interrupted study has its ratios for the images done.
 */
export function studyModels(
  images: readonly string[],
  variants: readonly string[],
  secondSeed: readonly string[],
): StudyModel[] {
  for (const v of [...variants, ...secondSeed])
    if (!STUDY_VARIANTS.some((p) => p.label === v))
      throw new Error(`unknown variant "${v}" (${STUDY_VARIANTS.map((p) => p.label).join(', ')})`);
  if (!variants.includes('none')) throw new Error('the variants must include none: every figure is relative to plain');
  for (const v of secondSeed)
    if (!variants.includes(v)) throw new Error(`second-seed variant "${v}" is not among the variants`);
  const ordered = (labels: readonly string[]) => STUDY_VARIANTS.filter((p) => labels.includes(p.label));
  const seed2 = ordered(secondSeed.length > 0 && !secondSeed.includes('none') ? ['none', ...secondSeed] : secondSeed);
  return images.flatMap((image) =>
    [
      ...ordered(variants).map((variant) => ({ variant, seed: 1 })),
      ...seed2.map((variant) => ({ variant, seed: 2 })),
    ].map(({ variant, seed }) => ({ key: modelKey(image, variant.label, seed), image, variant, seed })),
  );
}

/** The models still to train, in order: those without a record. */
export function pendingModels(models: readonly StudyModel[], done: ReadonlySet<string>): StudyModel[] {
  return models.filter((m) => !done.has(m.key));
}

export function stat(values: readonly (number | null)[]): Stat {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return { mean: null, sd: null, n: 0 };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : null;
  return { mean, sd, n: v.length };
}

const meanOf = (xs: readonly number[]) => stat(xs).mean;

/** A model's value of one measure: per-sample measures are averaged over the samples. */
export function measureOf(r: ModelRecord, m: StudyMeasure): number | null {
  switch (m) {
    case 'sifid':
      return meanOf(r.sifid);
    case 'sifidRecFake':
      return meanOf(r.sifidRecFake);
    case 'meanAbsDiff':
      return meanOf(r.meanAbsDiff);
    case 'sifidRec':
      return r.sifidRec;
    case 'diversity':
      return r.diversity;
    case 'srRmse':
      return r.sr?.singan.rmse ?? null;
    case 'srPsnr':
      return r.sr?.singan.psnr ?? null;
    case 'srSsim':
      return r.sr?.singan.ssim ?? null;
    case 'bicubicPsnr':
      return r.sr?.bicubic.psnr ?? null;
    case 'bicubicSsim':
      return r.sr?.bicubic.ssim ?? null;
    case 'wallMs':
      return r.wallMs;
    case 'cpuMs':
      return r.cpuMs;
  }
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

/** The summary table's numbers, from whatever records exist (any order, any subset). */
export function summarize(records: readonly ModelRecord[]): StudySummary {
  const plain = new Map(records.filter((r) => r.variant === 'none').map((r) => [`${r.image}|${r.seed}`, r]));
  const variants = STUDY_VARIANTS.map((p) => p.label)
    .filter((v) => records.some((r) => r.variant === v))
    .map((variant): VariantSummary => {
      const mine = records.filter((r) => r.variant === variant);
      const pairs = mine.flatMap((r) => {
        const base = plain.get(`${r.image}|${r.seed}`);
        return base ? [[r, base] as const] : [];
      });
      const peaks = mine.map((r) => r.tfPeakBytes).filter((b): b is number => b !== null);
      return {
        variant,
        models: mine.length,
        images: new Set(mine.map((r) => r.image)).size,
        seeds: [...new Set(mine.map((r) => r.seed))].sort((a, b) => a - b),
        stats: Object.fromEntries(STUDY_MEASURES.map((m) => [m, stat(mine.map((r) => measureOf(r, m)))])) as Record<
          StudyMeasure,
          Stat
        >,
        tfPeakBytes: peaks.length ? Math.max(...peaks) : null,
        vsPlain: Object.fromEntries([
          ...STUDY_MEASURES.map((m) => [m, stat(pairs.map(([r, b]) => ratio(measureOf(r, m), measureOf(b, m))))]),
          ['tfPeakBytes', stat(pairs.map(([r, b]) => ratio(r.tfPeakBytes, b.tfPeakBytes)))],
        ]) as VariantSummary['vsPlain'],
      };
    });
  const seedSpread = records
    .filter((r) => r.seed === 1)
    .flatMap((r): SeedSpread[] => {
      const other = records.find((o) => o.seed === 2 && o.variant === r.variant && o.image === r.image);
      if (!other) return [];
      return [
        {
          variant: r.variant,
          image: r.image,
          sifid: [measureOf(r, 'sifid') ?? Number.NaN, measureOf(other, 'sifid') ?? Number.NaN],
          cpuMs: [r.cpuMs, other.cpuMs],
        },
      ];
    });
  return {
    models: records.length,
    images: [...new Set(records.map((r) => r.image))],
    variants,
    seedSpread,
  };
}

const f = (v: number | null | undefined, digits: number) => fixedOrDash(v, digits);
const pm = (s: Stat, digits: number, scale = 1) =>
  s.mean === null ? '–' : `${f(s.mean / scale, digits)}${s.sd === null ? '' : ` ± ${f(s.sd / scale, digits)}`}`;
const times = (s: Stat) => (s.mean === null ? '–' : `${f(s.mean, 2)}×`);
const mib = (b: number | null) => (b === null ? '–' : (b / 2 ** 20).toFixed(0));

/** The table as markdown: the summary per variant, the seed spread, and one row per model. */
export function studyMarkdown(
  title: string,
  notes: readonly string[],
  summary: StudySummary,
  records: readonly ModelRecord[],
  planned: number,
): string {
  const rows = [...records].sort(
    (a, b) => parseInt(a.image) - parseInt(b.image) || a.seed - b.seed || orderOf(a.variant) - orderOf(b.variant),
  );
  const plainOf = (r: ModelRecord) =>
    records.find((p) => p.variant === 'none' && p.image === r.image && p.seed === r.seed);
  return [
    `# ${title}`,
    '',
    `${summary.models} of ${planned} models trained, on ${summary.images.join(', ') || 'no image yet'}.`,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    '## Per variant (mean ± sd over its models; × plain: mean of the ratios to plain on the same image and seed)',
    '',
    '| variant | models | SIFID real–fake ↓ | × plain | real–rec ↓ | × plain | rec–fake | diversity | mean abs diff | SR PSNR dB ↑ | SR SSIM ↑ | SR RMSE ↓ | CPU min | CPU × plain | wall × plain | tfjs peak MiB | × plain |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...summary.variants.map((v) => {
      const s = v.stats;
      return (
        `| ${v.variant} | ${v.models} | ${pm(s.sifid, 2)} | ${times(v.vsPlain.sifid)} | ${pm(s.sifidRec, 2)} | ${times(v.vsPlain.sifidRec)} | ` +
        `${pm(s.sifidRecFake, 2)} | ${pm(s.diversity, 3)} | ${pm(s.meanAbsDiff, 3)} | ` +
        `${pm(s.srPsnr, 2)} | ${pm(s.srSsim, 3)} | ${pm(s.srRmse, 4)} | ${pm(s.cpuMs, 1, 60_000)} | ` +
        `${times(v.vsPlain.cpuMs)} | ${times(v.vsPlain.wallMs)} | ${mib(v.tfPeakBytes)} | ${times(v.vsPlain.tfPeakBytes)} |`
      );
    }),
    ...bicubicRow(records),
    '',
    ...(summary.seedSpread.length
      ? [
          '## Two training seeds (SIFID real–fake, mean over the samples; CPU min)',
          '',
          '| image | variant | seed 1 | seed 2 | CPU seed 1 | CPU seed 2 |',
          '| --- | --- | --- | --- | --- | --- |',
          ...summary.seedSpread.map(
            (s) =>
              `| ${s.image} | ${s.variant} | ${f(s.sifid[0], 2)} | ${f(s.sifid[1], 2)} | ${f(minutes(s.cpuMs[0]), 1)} | ${f(minutes(s.cpuMs[1]), 1)} |`,
          ),
          '',
        ]
      : []),
    '## Per model',
    '',
    '| image | variant | seed | size | SIFID real–fake (per sample) | real–rec | rec–fake | diversity | mean abs diff | SR PSNR / SSIM | CPU min | CPU × plain | wall min | tfjs peak MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const base = plainOf(r);
      return (
        `| ${r.image} | ${r.variant} | ${r.seed} | ${r.width}×${r.height} | ${f(measureOf(r, 'sifid'), 2)} (${r.sifid.map((v) => f(v, 1)).join(', ')}) | ` +
        `${f(r.sifidRec, 2)} | ${f(measureOf(r, 'sifidRecFake'), 2)} | ${f(r.diversity, 3)} | ${f(measureOf(r, 'meanAbsDiff'), 3)} | ` +
        `${f(measureOf(r, 'srPsnr'), 2)} / ${f(measureOf(r, 'srSsim'), 3)} | ` +
        `${f(minutes(r.cpuMs), 1)} | ${base ? times(stat([ratio(r.cpuMs, base.cpuMs)])) : '–'} | ${f(minutes(r.wallMs), 1)} | ${mib(r.tfPeakBytes)} |`
      );
    }),
    '',
  ].join('\n');
}

/** The baseline beside the variants: bicubic of the same low-resolution images (one per image; models share them). */
function bicubicRow(records: readonly ModelRecord[]): string[] {
  const perImage = new Map(records.filter((r) => r.sr).map((r) => [r.image, r]));
  if (perImage.size === 0) return [];
  const rs = [...perImage.values()];
  const q = (m: StudyMeasure, d: number) => pm(stat(rs.map((r) => measureOf(r, m))), d);
  const rmse = pm(stat(rs.map((r) => r.sr?.bicubic.rmse ?? null)), 4);
  return [
    `| bicubic ×${rs[0].sr?.factor} (baseline) | ${rs.length} images | | | | | | | | ${q('bicubicPsnr', 2)} | ${q('bicubicSsim', 3)} | ${rmse} | | | | | |`,
  ];
}

const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);
const orderOf = (variant: string) => STUDY_VARIANTS.findIndex((p) => p.label === variant);

// ---------------------------------------------------------------- the run folder

/** Written to a temporary name and renamed: a half-written record is never read back as done. */
export function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export const recordPath = (runDir: string, key: string) => join(runDir, 'records', `${key}.json`);

/** Every finished model's record in the run folder (this sitting's and earlier ones). */
export function readRecords(runDir: string): ModelRecord[] {
  const dir = join(runDir, 'records');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ModelRecord);
}

export function writeRecord(runDir: string, record: ModelRecord): void {
  mkdirSync(join(runDir, 'records'), { recursive: true });
  writeAtomic(recordPath(runDir, record.key), `${JSON.stringify(record, null, 2)}\n`);
}
