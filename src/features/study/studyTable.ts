/**
 * The study view's table (docs/algorithms.md, "Attention study in the
 * page"), from the metrics a study job streamed: one row per variant, each
 * figure also relative to plain where plain was studied. Pure.
 */
import { placementName } from '../../engine/singan/placements';
import type { SinganStudyJob } from './jobs';
import { studyOutput } from './studyLimits';

export interface StudyMetric {
  readonly output: number;
  readonly level: number | null;
  readonly name: string;
  readonly value: number;
}

export interface StudyRow {
  readonly label: string;
  readonly name: string;
  /** The variant's figures; null until measured (or where undefined, e.g. SR without the truth). */
  readonly sifid: number | null;
  readonly sifidRec: number | null;
  readonly sifidRecFake: number | null;
  readonly diversity: number | null;
  readonly meanAbsDiff: number | null;
  readonly srPsnr: number | null;
  readonly srSsim: number | null;
  readonly srRmse: number | null;
  readonly bicubicPsnr: number | null;
  readonly bicubicSsim: number | null;
  readonly bicubicRmse: number | null;
  readonly trainMs: number | null;
  /** SIFID real–fake and training time over plain's, when plain is in the study and measured. */
  readonly sifidVsPlain: number | null;
  readonly timeVsPlain: number | null;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);

/** One row per variant of the job, in its order. */
export function studyRows(job: SinganStudyJob, metrics: readonly StudyMetric[]): StudyRow[] {
  const whole = metrics.filter((m) => m.level === null);
  const rows = job.variants.map((label, v) => {
    const at = studyOutput(job, v);
    const samples = new Set(Array.from({ length: job.samples }, (_, i) => at.sample(i)));
    const one = (name: string, output: number) =>
      whole.find((m) => m.name === name && m.output === output)?.value ?? null;
    const overSamples = (name: string) =>
      mean(whole.filter((m) => m.name === name && samples.has(m.output)).map((m) => m.value));
    return {
      label,
      name: placementName(label),
      sifid: overSamples('sifid'),
      sifidRec: one('sifid-rec', at.rec),
      sifidRecFake: overSamples('sifid-rec-fake'),
      diversity: one('diversity', at.rec),
      meanAbsDiff: overSamples('mean-abs-diff'),
      srPsnr: one('sr-psnr', at.sr),
      srSsim: one('sr-ssim', at.sr),
      srRmse: one('sr-rmse', at.sr),
      bicubicPsnr: one('bicubic-psnr', at.sr),
      bicubicSsim: one('bicubic-ssim', at.sr),
      bicubicRmse: one('bicubic-rmse', at.sr),
      trainMs: one('train-ms', at.rec),
    };
  });
  const plain = rows.find((r) => r.label === 'none');
  return rows.map((r) => ({
    ...r,
    sifidVsPlain: plain ? ratio(r.sifid, plain.sifid) : null,
    timeVsPlain: plain ? ratio(r.trainMs, plain.trainMs) : null,
  }));
}

/** The table's columns: header, how a row gives the value, and its digits. */
export const STUDY_COLUMNS: readonly {
  readonly key: keyof StudyRow;
  readonly header: string;
  readonly digits: number;
  readonly title: string;
}[] = [
  {
    key: 'sifid',
    header: 'SIFID real–fake',
    digits: 3,
    title: 'Mean over the samples; lower is closer to the real image’s statistics.',
  },
  { key: 'sifidRec', header: 'real–rec', digits: 3, title: 'SIFID of the reconstruction against the real image.' },
  {
    key: 'sifidRecFake',
    header: 'rec–fake',
    digits: 3,
    title: 'SIFID of the samples against the reconstruction, mean.',
  },
  {
    key: 'diversity',
    header: 'diversity',
    digits: 3,
    title: 'Pixel std across the samples over the real image’s std.',
  },
  {
    key: 'meanAbsDiff',
    header: 'mean |Δ|',
    digits: 3,
    title: 'Each sample’s mean absolute difference to the real image in [0, 1], mean; 0 is a copy.',
  },
  {
    key: 'srPsnr',
    header: 'SR ×4 PSNR',
    digits: 2,
    title: 'Super-resolution ×4 against the source at that size, dB; higher is better.',
  },
  {
    key: 'srSsim',
    header: 'SR SSIM',
    digits: 3,
    title: 'Super-resolution ×4, SSIM against the source at that size; higher is better.',
  },
  { key: 'srRmse', header: 'SR RMSE', digits: 4, title: 'Super-resolution ×4, RMSE in [0, 1]; lower is better.' },
  { key: 'bicubicPsnr', header: 'bicubic PSNR', digits: 2, title: 'The baseline: bicubic ×4 of the same image.' },
  { key: 'bicubicSsim', header: 'bicubic SSIM', digits: 3, title: 'The baseline: bicubic ×4 of the same image.' },
  { key: 'bicubicRmse', header: 'bicubic RMSE', digits: 4, title: 'The baseline: bicubic ×4 of the same image.' },
  { key: 'trainMs', header: 'training s', digits: 1, title: 'Training time of the model (all its sittings).' },
  { key: 'sifidVsPlain', header: 'SIFID × plain', digits: 2, title: 'SIFID real–fake over plain’s in this study.' },
  {
    key: 'timeVsPlain',
    header: 'time × plain',
    digits: 2,
    title: 'Training time over plain’s in this study, on this machine.',
  },
];

/** A cell as the table and the CSV show it. */
export function cellText(row: StudyRow, column: (typeof STUDY_COLUMNS)[number]): string {
  const v = row[column.key];
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return (column.key === 'trainMs' ? v / 1000 : v).toFixed(column.digits);
}

/** The table as CSV: one header line, one line per variant; an unmeasured figure is empty. */
export function studyCsv(rows: readonly StudyRow[]): string {
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const header = ['placement', ...STUDY_COLUMNS.map((c) => c.header)];
  const lines = rows.map((r) => [r.name, ...STUDY_COLUMNS.map((c) => cellText(r, c).replace('–', ''))]);
  return [header, ...lines].map((l) => l.map(esc).join(',')).join('\n') + '\n';
}
