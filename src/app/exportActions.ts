import type { ExportAnimationJob } from '../features/export';
import { downloadBlob } from './downloadPng';
import { exportFileStem, exportSubject } from './exportNames';
import { engine, startSideRun } from './studio';
import { recipeOf } from './recipeActions';
import { encodeRecipeComment } from '../jobs/recipe';
import { notify, runningExport, shownSample, useStudio } from './store';

/**
 * Animation export: the frames of a run go to the worker, which encodes the
 * GIF (or zips PNGs) off the page's thread; the file comes back with its size
 * so the user sees it before downloading.
 */
export async function exportAnimation(runId: number, format: ExportAnimationJob['format']): Promise<void> {
  const s = useStudio.getState();
  const run = s.runs.find((r) => r.id === runId);
  if (!run?.animation) return;
  if (runningExport(s)) {
    notify('warning', 'An export is already running; cancel it first.');
    return;
  }
  // A run of several samples exports the one on show.
  const { first, length } = shownSample(run);
  const frames = [...run.outputs]
    .sort((a, b) => a.output - b.output)
    .filter((o) => o.output >= first && o.output < first + length)
    .map((o) => ({ ...o.pixels, rgba: new Uint8ClampedArray(o.pixels.rgba) }));
  const seedOf = (output: number) => run.outputs.find((o) => o.output === output)?.seed ?? null;
  if (frames.length === 0) {
    notify('error', 'There are no frames to export yet.');
    return;
  }
  const name = exportFileStem(
    exportSubject(run, s.models, s.source?.name ?? null),
    { kind: run.kind, job: run.recipeBase?.job },
    { type: 'animation', frames: frames.length, ...(length < run.expectedOutputs ? { seed: seedOf(first) } : {}) },
  );
  // The animation's recipe goes with the frames: the GIF carries it as a comment, each PNG of the zip with its frame index.
  const recipe = await recipeOf(run, first);
  const job: ExportAnimationJob = {
    kind: 'export-animation',
    format,
    frames,
    fps: run.animation.fps,
    loop: run.animation.loop,
    name,
    ...(recipe ? { comment: encodeRecipeComment(recipe) } : {}),
  };
  // The copies above are handed over (transferred), so the page keeps its own frames.
  startSideRun(job, 'export', {
    exportOf: { runId, format },
    progress: { done: 0, total: frames.length, stage: 'Encoding' },
  });
}

export function cancelExport(): void {
  const e = runningExport(useStudio.getState());
  if (e) engine.send({ type: 'cancel-job', jobId: e.id });
}

export function downloadExport(): void {
  const file = useStudio.getState().runs.find((r) => r.purpose === 'export' && r.file)?.file;
  if (file) downloadBlob(file.blob, file.name);
}

export function setAnimationFps(runId: number, fps: number): void {
  useStudio.setState((s) => ({
    runs: s.runs.map((r) => (r.id === runId && r.animation ? { ...r, animation: { ...r.animation, fps } } : r)),
  }));
}
