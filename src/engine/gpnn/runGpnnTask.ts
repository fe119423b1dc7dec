import { meanAbsChange } from '../animation/flicker';
import { layoutCorrelation } from '../metrics/layout';
import { resizeAntialiased } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';
import { COARSE_COPY_DISTANCE, copyCheckLevels, MAX_NOISE_DRAWS, type CopyCheck } from './copyRedraw';
import type { GpnnBackend } from './gpnnBackend';
import type { GpnnParams } from './gpnnParams';
import { GpnnInputError, type GpnnPlan } from './gpnnPlan';
import type { GpnnImages, GpnnTaskSpec } from './gpnnTask';
import { setupGpnnTask, type GpnnSetup } from './gpnnTaskSetup';
import { EDIT_VISIBLE_DISTANCE, editRegionDistances, editStartHint, type GpnnOutputNote } from './outputNotes';
import { decideSearch, type SearchHooks } from './resolveSearch';
import { watchSearch } from './searchWatch';
import { buildSourcePyramid, releasePyramid, synthesize } from './synthesize';

/** What to say beside a finished output, if anything. */
function outputNote(
  task: GpnnTaskSpec,
  images: GpnnImages,
  s: GpnnSetup,
  result: RgbImage,
  checked: CopyCheck | null,
): GpnnOutputNote | undefined {
  if (checked) {
    // The redraw already tried every draw; a sample still this close to the source is delivered, but named for what it is.
    const d = meanAbsChange(result, checked.levels.get(0)!);
    return d < COARSE_COPY_DISTANCE
      ? { kind: 'copy-of-source', meanAbsDiff: d, draws: MAX_NOISE_DRAWS, sigma: s.params.sigma }
      : undefined;
  }
  if (task.kind === 'analogy' && images.structure) {
    const structure = layoutCorrelation(result, images.structure);
    const content = layoutCorrelation(result, images.source);
    return content > structure ? { kind: 'content-layout', structure, content } : undefined;
  }
  if (task.kind === 'edit') {
    // An edit that ends closer to what the copy covered than to the copy was undone, not made coherent.
    const { toCopy, toSource, copyToSource } = editRegionDistances(images.source, result, task.from, task.to);
    return copyToSource >= EDIT_VISIBLE_DISTANCE && toSource < toCopy
      ? {
          kind: 'edit-undone',
          toCopy,
          toSource,
          alpha: s.params.alpha,
          startLevel: task.startLevel,
          finerLevel: editStartHint(Math.min(task.from.height, task.from.width), s.params.patchSize, s.params.ratio),
        }
      : undefined;
  }
  return undefined;
}

export interface GpnnTaskCallbacks extends SearchHooks {
  readonly signal?: AbortSignal;
  /** Before any work; `passes` whole coarse-to-fine runs per output (only the last one's scales are streamed). */
  readonly onPlan?: (plan: GpnnPlan, outputs: number, startLevel: number, keySource: RgbImage, passes: number) => void;
  readonly onScale?: (output: number, level: number, image: RgbImage) => void | Promise<void>;
  /** `note` says what an output is not, though it was asked for (a sample that is the source again, an analogy that kept the content's layout). */
  readonly onOutput?: (
    output: number,
    image: RgbImage,
    seed: number | null,
    note?: GpnnOutputNote,
  ) => void | Promise<void>;
  readonly onStep?: (output: number, level: number, iteration: number) => void;
  /** A random sample refused its noise draw (a copy, an incoherent or incomplete layout) and restarted from draw `draw`. */
  readonly onRedraw?: (output: number, draw: number) => void;
}

/**
 * Runs one GPNN task on a backend: the task decides the key image, the output
 * pyramid, the initial guess and the per-level masks; then each output is
 * synthesised coarse-to-fine from one shared key pyramid, every scale streamed.
 */
export async function runGpnnTask<Img>(
  backend: GpnnBackend<Img>,
  images: GpnnImages,
  task: GpnnTaskSpec,
  params: GpnnParams,
  cb: GpnnTaskCallbacks = {},
): Promise<RgbImage[]> {
  let s: GpnnSetup;
  try {
    s = setupGpnnTask(task, images, params);
  } catch (err) {
    if (err instanceof RangeError) throw new GpnnInputError(err.message);
    throw err;
  }
  // Masks are resolved per level up front, so a bad mask fails before any GPU work.
  const levelOptions = s.plan.source.map((shape, k) => s.levelOptions?.(k, shape) ?? {});
  const passes = s.passes ?? 1;
  cb.onPlan?.(s.plan, s.seeds.length, s.startLevel, s.keySource, passes);
  const decided = await decideSearch(backend, s.plan, s.params, s.startLevel, s.seeds.length, passes, cb);
  const resolved = decided.params;
  // An automatic exact search is timed as it runs and hands over to PatchMatch if it runs far over its estimate.
  const watch = watchSearch(decided, s.plan, s.seeds.length, cb);
  cb.signal?.throwIfAborted();
  const keyHandle = backend.upload(s.keySource);
  const pyramid = buildSourcePyramid(backend, keyHandle, s.plan);
  try {
    const keyLevel = await backend.download(pyramid.levels[s.startLevel]);
    // The source's coarse levels, for recognising a sample that came back as the source.
    const checked = s.redraw ? await copyCheckLevels(backend, pyramid.levels, s.redraw.checkDownTo) : null;
    const results: RgbImage[] = [];
    for (let i = 0; i < s.seeds.length; i++) {
      const seed = s.seeds[i];
      let initial = s.initial(keyLevel, seed);
      let result: RgbImage | null = null;
      for (let pass = 0; pass < passes; pass++) {
        if (result) initial = resizeAntialiased(result, ...s.plan.output[s.startLevel]);
        const last = pass === passes - 1;
        result = await synthesize(
          backend,
          pyramid,
          s.plan,
          resolved,
          {
            initial,
            startLevel: s.startLevel,
            seed: ((seed ?? 0) + pass * 0x9e3779b9) >>> 0,
            levelOptions: (k) => levelOptions[k],
            levelStart: s.levelStart?.bind(s),
            constrain: s.constrain?.bind(s),
            redraw: pass === 0 && checked ? s.redraw?.make(checked, seed) : undefined,
            search: watch,
          },
          {
            signal: cb.signal,
            onScale: last ? (level, image) => cb.onScale?.(i, level, image) : undefined,
            onStep: (level, t) => cb.onStep?.(i, level, t),
            onRedraw: (draw) => cb.onRedraw?.(i, draw),
          },
        );
      }
      if (!result) throw new Error('GPNN ran no pass');
      results.push(result);
      await cb.onOutput?.(i, result, seed, outputNote(task, images, s, result, checked));
    }
    return results;
  } finally {
    releasePyramid(backend, pyramid);
    backend.release(keyHandle);
    // Let the backend free what it deferred; a failure here must not hide the run's own error.
    await backend.settle().catch(() => undefined);
  }
}
