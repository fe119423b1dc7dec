/** What `singan train` and `gif2gif train` share: run the training job with a line per scale, export the model to --out. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AutomationEvent, AutomationResult } from '../../src/automation/automation';
import type { JobSpec } from '../../src/features';
import type { HeadlessStudio, LoadedImage } from '../lib/headlessStudio';
import { runChecked } from './checkedRun';
import { log } from './report';
import { formatSize } from '../../src/engine/image/formatSize';

export interface TrainingRunOptions {
  readonly iterations: number;
  /** A streamed scale's picture width → the width of what was trained (GIF → GIF streams film strips of every frame). */
  readonly trainedWidth?: (streamedWidth: number) => number;
  /** After a scale's size in its line, e.g. " × 4 frames". */
  readonly sizeSuffix?: string;
  /** The SIFID metric whose arrival completes a scale's figures, and the line to print then. */
  readonly sifidLine: { readonly after: string; readonly line: (m: Record<string, number | undefined>) => string };
  /** The metrics kept in finalSifid, by report key. */
  readonly finalMetrics: Readonly<Record<string, string>>;
}

export interface TrainingRun {
  readonly result: AutomationResult;
  readonly modelBytes: number;
  readonly perScale: {
    scale: number;
    height: number;
    width: number;
    ms: number | null;
    iterationsPerSecond: number | null;
  }[];
  readonly finalSifid: Record<string, number | null>;
}

export async function runTrainingJob(
  studio: HeadlessStudio,
  job: JobSpec & { modelId: string },
  loaded: LoadedImage,
  out: string,
  o: TrainingRunOptions,
): Promise<TrainingRun> {
  const width = o.trainedWidth ?? ((w: number) => w);
  const suffix = o.sizeSuffix ?? '';
  const sifids = new Map<number, Record<string, number>>();
  let lastLine = Date.now();
  const stop = studio.onEvent((e: AutomationEvent) => {
    if (e.type === 'scale' && e.output === 0) {
      const scale = e.depth - e.level;
      const rate = e.ms ? ` · ${((o.iterations * 1000) / e.ms).toFixed(2)} it/s` : '';
      log(
        `  scale ${scale + 1}/${e.depth + 1} · ${formatSize(width(e.width), e.height)}${suffix} · ${e.ms?.toFixed(0) ?? '?'} ms${rate}`,
      );
      lastLine = Date.now();
    } else if (e.type === 'metric' && e.level !== null && e.name.startsWith('sifid')) {
      const m = { ...sifids.get(e.level), [e.name]: e.value };
      sifids.set(e.level, m);
      if (e.name === o.sifidLine.after) log(o.sifidLine.line(m));
    } else if (e.type === 'progress' && Date.now() - lastLine > 15_000) {
      // A paper-preset scale takes minutes: say where training is now and then.
      log(`  … ${e.stage}`);
      lastLine = Date.now();
    }
  });
  let result: AutomationResult;
  try {
    result = await runChecked(studio, job, [{ slot: 'source', image: loaded }]);
  } finally {
    stop();
  }
  const exported = await studio.models({ kind: 'export', modelId: job.modelId });
  if (exported.error || !exported.file) throw new Error(exported.error?.message ?? 'the engine returned no model file');
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, exported.file.bytes);
  const streamed = result.scales.filter((s) => s.output === 0);
  const perScale = streamed
    .map((s) => ({
      scale: streamed.length - 1 - s.level,
      height: s.height,
      width: width(s.width),
      ms: s.ms,
      iterationsPerSecond: s.ms ? (o.iterations * 1000) / s.ms : null,
    }))
    .sort((a, b) => a.scale - b.scale);
  const last = Math.max(-1, ...result.metrics.filter((m) => m.level !== null).map((m) => m.level!));
  const finalMetric = (name: string) => result.metrics.find((m) => m.level === last && m.name === name)?.value ?? null;
  const finalSifid = {
    scale: last >= 0 ? last : null,
    ...Object.fromEntries(Object.entries(o.finalMetrics).map(([key, name]) => [key, finalMetric(name)])),
  };
  return { result, modelBytes: exported.file.bytes.length, perScale, finalSifid };
}
