import type { AnimationMetrics } from './lib/motionMetrics';
import { DEFAULT_SEQUENCE_OPTIONS, type SequenceVariant } from '../src/engine/gif2gif/sequenceConfig';
import type { SinganConfig } from '../src/engine/singan/singanConfig';
import { fixedOrDash, meanOfFinite } from './lib/benchStats';
import type { Gif2gifBenchOptions } from './benchGif2gifOptions';

/** What the GIF → GIF benchmark measures (scripts/benchGif2gif.ts), and its markdown table. */

/** One animation of a model: a seed, forward and reversed. */
export interface SeedRun {
  readonly seed: number;
  readonly generateMs: number;
  readonly metrics: AnimationMetrics;
  readonly reversed: { motionAngleDeg: number; motionAgreement: number | null; framesAreReversed: boolean | null };
  /** Mean |Δ| of its 8-bit frames to the source's frame at the same step (the source cycled past its length), 0–1. */
  readonly toSource: number;
  /** The worker's own figures (GIF → GIF rows: it holds the training frames and measures its float frames). */
  readonly workerMetrics: Record<string, number>;
  readonly files: string[];
}

/** Means over a model's seeds (a figure a seed lacks is left out of its mean; null when no seed has it). */
export interface SeedMeans {
  readonly temporalSifid: number | null;
  readonly meanSifid: number | null;
  /** The video benchmark's space-time SIFID (AnimationMetrics.spaceTimeSifid); absent in runs made before it. */
  readonly spaceTimeSifid?: number | null;
  /** VGPNN's diversity over the seeds' animations (videoDiversity; null for one seed); absent in runs made before it. */
  readonly diversity?: number | null;
  readonly flicker: number | null;
  readonly motionAgreement: number | null;
  readonly reversedAgreement: number | null;
  /** px per frame. */
  readonly motionMagnitude: number | null;
  /** Mean phase-correlation peak (motionMetrics' motionPeak). */
  readonly motionPeak: number | null;
  /** Variety: mean |Δ| between two seeds' frames at the same step, over every pair of seeds (null for one seed). */
  readonly betweenSeeds: number | null;
  /** Mean |Δ| to the source's frames (SeedRun.toSource). */
  readonly toSource: number | null;
}

export interface Row {
  /** A sequence variant, 'patches' for the untrained Patches engine (VGPNN), or 'singan-walk' for the baseline. */
  readonly method: SequenceVariant | 'patches' | 'singan-walk';
  /** The scale its animations vary from (0: every scale, a plain sample). */
  readonly startScale: number;
  readonly trainMs: number;
  readonly perScale: { height: number; width: number; ms: number | null }[];
  readonly tfPeakBytes: number | null;
  readonly mean: SeedMeans;
  readonly seeds: SeedRun[];
  /** Training samples. */
  readonly files: string[];
}

export interface SourceResult {
  readonly source: string;
  readonly gif: string;
  readonly frames: number;
  readonly size: number;
  readonly sourceMotion: { angleDeg: number; dy: number; dx: number; magnitude: number; peak: number | null };
  readonly rows: Row[];
}

const f = fixedOrDash;

const perSeed = (r: Row, pick: (run: SeedRun) => number | null, d: number) =>
  r.seeds.map((run) => f(pick(run), d)).join(' / ');

const rowLabel = (r: Row) =>
  r.method === 'singan-walk'
    ? 'SinGAN noise walk (baseline)'
    : r.method === 'patches'
      ? 'Patches (VGPNN, no training)'
      : r.startScale > 0
        ? `${r.method}, from scale ${r.startScale}`
        : r.method;

export function summary(r: Row): string {
  const m = r.mean;
  return (
    `${r.startScale > 0 ? `from scale ${r.startScale}, ` : ''}mean of ${r.seeds.length} seed${r.seeds.length === 1 ? '' : 's'}: temporal SIFID ${f(m.temporalSifid, 3)} · SIFID ${f(m.meanSifid, 3)} · flicker ${f(m.flicker, 4)} · ` +
    `${f(m.motionMagnitude, 2)} px/frame (peak ${f(m.motionPeak, 2)}) · agreement ${f(m.motionAgreement, 2)} (${perSeed(r, (run) => run.metrics.motionAgreement, 2)}) · reversed ${f(m.reversedAgreement, 2)} · ` +
    `|Δ| between seeds ${f(m.betweenSeeds, 3)}, to source ${f(m.toSource, 3)}`
  );
}

function gif2gifTable(rows: readonly Row[], source: SourceResult['sourceMotion']): string[] {
  return [
    '| variant | train s | s per sample | temporal SIFID | mean per-frame SIFID | space-time SIFID | diversity | flicker | motion px/frame (source) | peak (source) | agreement | agreement per seed | motion angle per seed | reversed agreement | \\|Δ\\| between seeds | \\|Δ\\| to source |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${rowLabel(r)} | ${r.method === 'patches' ? 'none' : f(r.trainMs / 1000, 1)} | ${f(meanOfFinite(r.seeds.map((run) => run.generateMs / 1000)), 1)} | ${f(r.mean.temporalSifid, 3)} | ${f(r.mean.meanSifid, 3)} | ${f(r.mean.spaceTimeSifid ?? null, 3)} | ${f(r.mean.diversity ?? null, 3)} | ` +
        `${f(r.mean.flicker, 4)} | ${f(r.mean.motionMagnitude, 2)} (${f(source.magnitude, 2)}) | ${f(r.mean.motionPeak, 2)} (${f(source.peak, 2)}) | ${f(r.mean.motionAgreement, 2)} | ${perSeed(r, (run) => run.metrics.motionAgreement, 2)} | ` +
        `${r.seeds.map((run) => `${f(run.metrics.motionAngleDeg, 0)}°`).join(' / ')} | ${f(r.mean.reversedAgreement, 2)} | ${f(r.mean.betweenSeeds, 3)} | ${f(r.mean.toSource, 3)} |`,
    ),
  ];
}

export function markdown(
  started: Date,
  o: Gif2gifBenchOptions,
  config: SinganConfig,
  backend: string,
  adapter: string,
  machine: { cpus: number; cpuModel: string; loadAtStart: number },
  results: readonly SourceResult[],
  partial: string | null,
): string {
  const seeds = o.seeds === 1 ? 'seed 1' : `seeds 1–${o.seeds} (figures are means over them)`;
  const lines = [
    `# GIF → GIF · ${started.toISOString().slice(0, 10)}`,
    '',
    ...(partial ? [partial, ''] : []),
    `${machine.cpus} × ${machine.cpuModel} (load ${machine.loadAtStart.toFixed(1)} at the start); ${backend} (${adapter}). ` +
      `${o.size}-px test GIFs of ${o.frames} frames; ${config.iterations} iterations per scale, ${o.channels} channels, ${o.steps} D + ${o.steps} G step${o.steps === 1 ? '' : 's'}, ` +
      `scales from ${o.minSize} px; ConvLSTM hidden ${DEFAULT_SEQUENCE_OPTIONS.hidden}, chunk ${DEFAULT_SEQUENCE_OPTIONS.chunk}, motion range ${DEFAULT_SEQUENCE_OPTIONS.motion} px at the coarsest scale. ` +
      `Each model animates ${seeds}, ${o.frames} frames each. Baseline: still SinGAN on frame 1 (same config), noise walk β 0.95 from the coarsest scale. ` +
      "Patches: the other engine (VGPNN, space-time patch nearest neighbours), untrained, at the page's default settings, the same seeds and frames; s per sample: the worker's time for one animation." +
      (o.startScale > 0
        ? ` Rows "from scale ${o.startScale}": the same model's seeds varied from scale ${o.startScale}, its coarser scales kept at the reconstruction (gif2gif generate --start-scale ${o.startScale}; train s is the model's).`
        : ''),
    '',
    "All figures measured in Node from the 8-bit frames against the GIF's frames (scripts/lib/motionMetrics.ts). SIFIDs: lower is better. " +
      "Agreement: cosine between a sample's mean motion and the source's (1 same direction, −1 reversed, 0 still or perpendicular). " +
      'Peak: the mean phase-correlation peak over consecutive frames, how much of the frames one translation explains (near 1: the whole frame moves; low: the measured shift is a chance reading between frames that do not match, whatever its direction). ' +
      'Reversed: the same seed generated with reverse (the baseline: its frames played backwards). ' +
      "|Δ| between seeds: variety, the mean absolute difference (0–1) between two seeds' frames at the same step over every pair of seeds; |Δ| to source: the same against the source's frames. " +
      'A change below one 8-bit level is invisible and not counted here (a nearly still animation reads as still: angle 0, agreement 0); ' +
      "the worker's figures on its float frames, which do count it, are in the JSON (workerMetrics).",
    '',
  ];
  for (const r of results) {
    const checked = r.rows.filter((row) => row.seeds.some((run) => run.reversed.framesAreReversed !== null));
    const exact = checked.filter((row) => row.seeds.every((run) => run.reversed.framesAreReversed)).map(rowLabel);
    const inexact = checked.filter((row) => !row.seeds.every((run) => run.reversed.framesAreReversed)).map(rowLabel);
    lines.push(
      `## ${r.source} (${r.frames} frames, source motion ${r.sourceMotion.angleDeg.toFixed(1)}° at ${r.sourceMotion.magnitude.toFixed(2)} px/frame)`,
      '',
      ...gif2gifTable(r.rows, r.sourceMotion),
      '',
      `Reversed frames are the forward frames backwards, pixel for pixel: ${exact.length ? exact.join(', ') : 'none'}${inexact.length ? `; NOT for ${inexact.join(', ')}` : ''}.`,
      '',
    );
  }
  return lines.join('\n');
}
