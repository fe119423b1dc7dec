/**
 * The video benchmark's records and its table (scripts/benchVideo.ts): per
 * video, ours beside VGPNN's and the GAN's published samples, each measure's
 * mean over the samples with the worst sample beside it; then totals over
 * every video with the mean, median and worst sample.
 */
import type { LoopSeam } from '../src/engine/metrics/loopSeam';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MotionSummary, VideoScores } from '../src/engine/metrics/videoScores';
import type { VgpnnSearch } from '../src/engine/vgpnn/vgpnnParams';
import { fixedOrDash } from './lib/benchStats';

/** One scored sample: ours (with its times) or a published GIF (with its own size). */
export interface SampleRecord {
  readonly label: string;
  readonly file: string;
  /** The sample's own frame count (published GANs' may differ from the input's). */
  readonly frames: number;
  /** A published sample's own width and height, before it was resized to the working size. */
  readonly size?: readonly [number, number];
  readonly cpuS?: number;
  readonly wallS?: number;
  /** Ours: the engine's memory at its highest during the sample, MB above the process's before it (benchVideo's peakMemory); absent in records made before it was measured. */
  readonly peakMB?: number;
  readonly scores: VideoScores;
  /** How seamlessly the sample loops (loopSeam); absent in records made before it was measured. */
  readonly loop?: LoopSeam;
}

export interface MethodResult {
  readonly method: string;
  readonly samples: readonly SampleRecord[];
  /** VGPNN's diversity over this method's samples (null: fewer than 2). */
  readonly diversity: number | null;
}

/** One line of records.jsonl. */
export interface VideoRecord {
  readonly video: string;
  readonly input: { readonly frames: number; readonly width: number; readonly height: number };
  /** The size every score is taken at: the input shrunk to the max side, as the job shrinks it. */
  readonly working: { readonly frames: number; readonly width: number; readonly height: number };
  readonly search: VgpnnSearch;
  readonly exactPairs: number;
  readonly inputMotion: MotionSummary;
  /** The input's own loop seam and speed, which a seamless loop's speed is measured against. */
  readonly inputLoop?: LoopSeam;
  readonly ours: MethodResult;
  readonly vgpnn: MethodResult;
  readonly gan: MethodResult;
}

const mean = (v: readonly number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
const median = (v: readonly number[]) => {
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const max = (v: readonly number[]) => (v.length ? Math.max(...v) : NaN);
const min = (v: readonly number[]) => (v.length ? Math.min(...v) : NaN);

/** "mean (worst)": worst is the highest unless `lowIsWorst`. */
function meanWorst(v: readonly number[], digits: number, lowIsWorst = false): string {
  if (!v.length) return '–';
  return `${fixedOrDash(mean(v), digits)} (${fixedOrDash(lowIsWorst ? min(v) : max(v), digits)})`;
}

type Pick = (s: SampleRecord) => number;
const perFrame: Pick = (s) => s.scores.perFrameSifid;
const temporal: Pick = (s) => s.scores.temporalSifid;
const spaceTime: Pick = (s) => s.scores.spaceTimeSifid;
const absDiff: Pick = (s) => s.scores.meanAbsDiff;
const agreement: Pick = (s) => s.scores.motionAgreement;
const speed: Pick = (s) => s.scores.motion.magnitude;
const peak: Pick = (s) => s.scores.motion.peak ?? NaN;
const cpu: Pick = (s) => s.cpuS ?? NaN;

const methodsOf = (r: VideoRecord) => [r.ours, r.vgpnn, r.gan];
/** Row labels for methodsOf's entries, in the same order. */
const METHOD_LABELS = ['ours', 'VGPNN (published)', 'GAN (published)'] as const;

function videoRows(r: VideoRecord): string[] {
  const m = r.inputMotion;
  const rows = [
    `| ${r.video} | input ${r.input.width}×${r.input.height}×${r.input.frames}, scored at ${r.working.width}×${r.working.height} | | | | | | | ${m.magnitude.toFixed(2)} px, ${m.angleDeg.toFixed(0)}° | ${fixedOrDash(m.peak, 2)} | |`,
  ];
  for (const method of methodsOf(r)) {
    const s = method.samples;
    const pick = (f: Pick) => s.map(f);
    const time = method === r.ours ? `${meanWorst(pick(cpu), 1)} ${r.search === 'exact' ? 'exact' : 'PM'}` : '';
    rows.push(
      `| | ${method.method} | ${s.length} | ${meanWorst(pick(perFrame), 2)} | ${meanWorst(pick(temporal), 2)} | ${meanWorst(pick(spaceTime), 2)} | ${fixedOrDash(method.diversity, 3)} | ${meanWorst(pick(absDiff), 3, true)} | ${fixedOrDash(mean(pick(speed)), 2)} px, ${meanWorst(pick(agreement), 2, true)} | ${fixedOrDash(mean(pick(peak)), 2)} | ${time} |`,
    );
  }
  return rows;
}

/** Mean, median and worst over every sample of one method, for one measure. */
function spread(v: readonly number[], digits: number, lowIsWorst = false): string {
  if (!v.length) return '–';
  return `${mean(v).toFixed(digits)} / ${median(v).toFixed(digits)} / ${(lowIsWorst ? min(v) : max(v)).toFixed(digits)}`;
}

function totals(records: readonly VideoRecord[]): string[] {
  const lines = [
    '| method | samples | per-frame SIFID ↓ | temporal SIFID ↓ | space-time SIFID ↓ | diversity (videos) | mean \\|Δ\\| (least) | motion agreement (least) | CPU s per sample |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [i, label] of METHOD_LABELS.entries()) {
    const sets = records.map((r) => methodsOf(r)[i]);
    const s = sets.flatMap((m) => m.samples);
    const pick = (f: Pick) => s.map(f);
    const div = sets.map((m) => m.diversity).filter((d): d is number => d !== null);
    lines.push(
      `| ${label} | ${s.length} | ${spread(pick(perFrame), 2)} | ${spread(pick(temporal), 2)} | ${spread(pick(spaceTime), 2)} | ${spread(div, 3, true)} | ${spread(pick(absDiff), 3, true)} | ${spread(pick(agreement), 2, true)} | ${i === 0 ? spread(pick(cpu), 1) : ''} |`,
    );
  }
  const better = (f: Pick) => records.filter((r) => mean(r.ours.samples.map(f)) < mean(r.vgpnn.samples.map(f))).length;
  lines.push(
    '',
    'Each cell: mean / median / worst sample over all videos (diversity: over videos, worst = least; mean |Δ| and agreement: worst = least).',
    `Ours below VGPNN's published mean, per video: per-frame SIFID ${better(perFrame)} of ${records.length}, temporal ${better(temporal)}, space-time ${better(spaceTime)}.`,
  );
  const memory = records
    .flatMap((r) => r.ours.samples.map((s) => s.peakMB))
    .filter((v): v is number => v !== undefined);
  if (memory.length)
    lines.push(
      `Engine memory per sample (ours, MB above the process's before it, read between steps: rough): ${spread(memory, 0)} (mean / median / most) over ${memory.length} samples.`,
    );
  return lines;
}

/**
 * Loops (docs/algorithms.md, "Seamless loops"): each sample's last-to-first
 * change over its mean frame-to-frame change, and how much it moves against
 * the input: its mean frame-to-frame change, and its phase-correlation shift
 * length per frame (near 0 where the motion is local, as for most clips).
 * Records made before the loop was measured are left out.
 */
function loops(records: readonly VideoRecord[]): string[] {
  const measured = records.filter((r) => r.inputLoop && r.ours.samples.every((s) => s.loop));
  if (measured.length === 0) return [];
  const lines = [
    '## Loops',
    '',
    '| method | samples | seam ÷ step ↓ (mean / median / worst) | seams within 1.5× | frame change ÷ input’s (mean / median / least) | speed ÷ input’s (mean / median / least) |',
    '|---|---|---|---|---|---|',
  ];
  const input = measured.map((r) => r.inputLoop!.ratio);
  lines.push(`| input | ${input.length} | ${spread(input, 2)} | ${input.filter((v) => v <= 1.5).length} | 1 | 1 |`);
  for (const [i, label] of METHOD_LABELS.entries()) {
    const rows = measured.flatMap((r) =>
      methodsOf(r)[i].samples.flatMap((s) =>
        s.loop
          ? [{ seam: s.loop.ratio, step: s.loop.step / r.inputLoop!.step, speed: s.loop.speed / r.inputLoop!.speed }]
          : [],
      ),
    );
    if (rows.length === 0) continue;
    const seams = rows.map((r) => r.seam);
    lines.push(
      `| ${label} | ${rows.length} | ${spread(seams, 2)} | ${seams.filter((v) => v <= 1.5).length} | ${spread(
        rows.map((r) => r.step),
        2,
        true,
      )} | ${spread(
        rows.map((r) => r.speed),
        2,
        true,
      )} |`,
    );
  }
  return ['', ...lines];
}

/** table.md from every record so far; returns its text. */
export function writeVideoTable(
  dir: string,
  records: readonly VideoRecord[],
  settings: Record<string, unknown>,
): string {
  const lines = [
    `# Video benchmark: ours vs VGPNN's and a GAN's published samples`,
    '',
    `Max side ${String(settings.maxSide)} px, ${String(settings.seeds)} seeds (ours: seeds 1…K; published: the first K files), ` +
      `${String(settings.engine)}. Every score against the input at the working size, under one Inception stem ` +
      '(docs/algorithms.md, "Video benchmark"). Cells: mean over the samples (worst sample in brackets; for |Δ| and agreement the least). ' +
      'Motion: mean speed px/frame, agreement with the input’s direction; peak: mean phase-correlation peak.',
    '',
    '| video | method | n | per-frame SIFID ↓ | temporal SIFID ↓ | space-time SIFID ↓ | diversity | mean \\|Δ\\| | motion, agreement | peak | CPU s/sample |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...records.flatMap(videoRows),
    '',
    '## All videos',
    '',
    ...totals(records),
    ...loops(records),
  ];
  const md = `${lines.join('\n')}\n`;
  writeFileSync(join(dir, 'table.md'), md);
  return md;
}
