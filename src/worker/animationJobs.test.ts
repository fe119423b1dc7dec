import { unzipSync } from 'fflate';
import { decompressFrames, parseGIF } from 'gifuct-js';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpuGpnnBackend } from '../engine/gpnn/cpuGpnnBackend';
import { DEFAULT_GPNN } from '../engine/gpnn/gpnnParams';
import { createRgbImage, type RgbImage } from '../engine/image/rgbImage';
import { readPngText } from '../engine/image/pngText';
import { encodeRecipeComment, makeRecipe, parseRecipe, RECIPE_KEYWORD } from '../jobs/recipe';
import { stubCanvas } from '../testing/fakeCanvas';
import type { MetricName } from '../protocol/messages';
import type { ExportAnimationJob } from '../features/export';
import type { GpnnAnimateJob } from '../features/gpnn';
import type { JobContext } from './jobContext';
import { runRegisteredJob } from './jobRunners';
import { runExportAnimationJob } from '../features/export/worker/runExportAnimationJob';
import { runGpnnAnimateJob } from '../features/gpnn/worker/runGpnnAnimateJob';

/** What a job sends out, recorded; only the parts of the context these jobs use are real. */
function fakeContext(source: RgbImage) {
  const sent = {
    outputs: [] as { output: number; label: string; seed: number | null; image: RgbImage }[],
    metrics: [] as { output: number; level: number | null; name: MetricName; value: number }[],
    progress: [] as { done: number; total: number; stage: string }[],
    files: [] as { name: string; mime: string; blob: Blob }[],
    checkpoints: 0,
  };
  const controller = new AbortController();
  const ctx = {
    runtime: { gpnn: cpuGpnnBackend(), info: { kind: 'cpu' } },
    source,
    images: { source },
    image: (slot: string) => (slot === 'source' ? source : undefined),
    frames: () => undefined,
    signal: controller.signal,
    emitOutput: (output: number, image: RgbImage, label: string, seed: number | null) =>
      sent.outputs.push({ output, label, seed, image }),
    emitMetric: (output: number, level: number | null, name: MetricName, value: number) =>
      sent.metrics.push({ output, level, name, value }),
    emitProgress: (done: number, total: number, stage: string) => sent.progress.push({ done, total, stage }),
    emitSearch: () => {},
    emitFile: (name: string, mime: string, blob: Blob) => sent.files.push({ name, mime, blob }),
    pace: async () => {},
    checkpoint: async () => {
      sent.checkpoints++;
      controller.signal.throwIfAborted();
    },
  } as unknown as JobContext;
  return { ctx, sent, controller };
}

function gradient(h: number, w: number): RgbImage {
  const img = createRgbImage(h, w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) img.data[(y * w + x) * 3 + c] = 0.5 + 0.4 * Math.sin(x / 2 + c) * Math.cos(y / 3);
  return img;
}

const animateJob = (animation: Partial<GpnnAnimateJob['animation']> = {}): GpnnAnimateJob => ({
  kind: 'gpnn-animate',
  params: { ...DEFAULT_GPNN, coarseDim: 12, iterations: 1, nn: 'patchmatch' },
  animation: { frames: 3, fps: 12, loop: 'loop', seed: 2, coherence: 'temporal', ...animation },
});

describe('gpnn-animate job', () => {
  it('streams every frame as an output, reports progress and then the flicker', async () => {
    const { ctx, sent } = fakeContext(gradient(20, 24));
    await runGpnnAnimateJob(animateJob(), ctx);
    expect(sent.outputs.map((o) => [o.output, o.label, o.seed])).toEqual([
      [0, 'Frame 1/3', 2],
      [1, 'Frame 2/3', 2],
      [2, 'Frame 3/3', 2],
    ]);
    expect(sent.checkpoints).toBe(3);
    const last = sent.progress.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(sent.metrics).toHaveLength(1);
    expect(sent.metrics[0]).toMatchObject({ output: 0, level: null, name: 'flicker' });
    expect(sent.metrics[0].value).toBeGreaterThan(0);
  });

  it('is refused, through the registry, for frame counts and rates out of range, as bad-params', async () => {
    const { ctx } = fakeContext(gradient(20, 24));
    const runGpnnAnimateJob = (job: GpnnAnimateJob, c: JobContext) => runRegisteredJob(job, c, null);
    await expect(runGpnnAnimateJob(animateJob({ frames: 1 }), ctx)).rejects.toMatchObject({
      code: 'bad-params',
      message: expect.stringMatching(/2 to 240/) as string,
    });
    await expect(runGpnnAnimateJob(animateJob({ frames: 241 }), ctx)).rejects.toMatchObject({ code: 'bad-params' });
    await expect(runGpnnAnimateJob(animateJob({ fps: 0.5 }), ctx)).rejects.toMatchObject({
      code: 'bad-params',
      message: expect.stringMatching(/1 to 50 fps/) as string,
    });
    await expect(runGpnnAnimateJob(animateJob({ fps: 51 }), ctx)).rejects.toMatchObject({ code: 'bad-params' });
  });
});

describe('export-animation job', () => {
  const frames = [0, 1, 2].map((t) => ({
    height: 6,
    width: 8,
    rgba: new Uint8ClampedArray(6 * 8 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7 + t * 40) % 256)),
  }));
  const job = (over: Partial<ExportAnimationJob> = {}): ExportAnimationJob => ({
    kind: 'export-animation',
    format: 'gif',
    frames,
    fps: 20,
    loop: 'pingpong',
    name: 'valley/anim',
    ...over,
  });

  it('emits a GIF named after the run, with progress per frame', async () => {
    const { ctx, sent } = fakeContext(gradient(4, 4));
    await runExportAnimationJob(job(), ctx);
    expect(sent.files.map((f) => [f.name, f.mime])).toEqual([['valley-anim.gif', 'image/gif']]);
    expect(sent.progress.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    const decoded = decompressFrames(parseGIF(await sent.files[0].blob.arrayBuffer()), true);
    expect(decoded.map((f) => f.delay)).toEqual([50, 50, 50, 50]);
  });

  describe('as a zip of PNGs', () => {
    afterEach(() => vi.unstubAllGlobals());
    const recipe = makeRecipe({
      job: animateJob(),
      seed: null,
      workingMaxSide: 64,
      sources: [{ slot: 'source', name: 'a.png', sha256: 'ab'.repeat(32) }],
    });

    it('puts the animation’s recipe, with the frame’s index, in every frame', async () => {
      stubCanvas();
      const { ctx, sent } = fakeContext(gradient(4, 4));
      await runExportAnimationJob(job({ format: 'png-zip', comment: encodeRecipeComment(recipe) }), ctx);
      expect(sent.files.map((f) => [f.name, f.mime])).toEqual([['valley-anim-frames.zip', 'application/zip']]);
      const files = unzipSync(new Uint8Array(await sent.files[0].blob.arrayBuffer()));
      expect(Object.keys(files).sort()).toEqual(['frame-0001.png', 'frame-0002.png', 'frame-0003.png']);
      Object.keys(files)
        .sort()
        .forEach((name, i) => {
          expect(parseRecipe(readPngText(files[name], RECIPE_KEYWORD)!).recipe).toEqual({ ...recipe, output: i });
          expect(Array.from(PNG.sync.read(Buffer.from(files[name])).data)).toEqual(Array.from(frames[i].rgba));
        });
    });

    it('leaves the frames plain when the export carries no recipe', async () => {
      stubCanvas();
      const { ctx, sent } = fakeContext(gradient(4, 4));
      await runExportAnimationJob(job({ format: 'png-zip' }), ctx);
      const files = unzipSync(new Uint8Array(await sent.files[0].blob.arrayBuffer()));
      expect(Object.values(files).map((png) => readPngText(png, RECIPE_KEYWORD))).toEqual([null, null, null]);
    });
  });

  it('is refused, through the registry, for bad exports as bad-params, and stops when cancelled', async () => {
    const { ctx, controller } = fakeContext(gradient(4, 4));
    const runExportAnimationJob = (j: ExportAnimationJob, c: JobContext) => runRegisteredJob(j, c, null);
    await expect(runExportAnimationJob(job({ frames: [] }), ctx)).rejects.toMatchObject({
      code: 'bad-params',
      message: expect.stringMatching(/no frames/) as string,
    });
    await expect(runExportAnimationJob(job({ fps: 0 }), ctx)).rejects.toMatchObject({ code: 'bad-params' });
    await expect(runExportAnimationJob(job({ format: 'webm' as never }), ctx)).rejects.toMatchObject({
      code: 'bad-params',
      message: expect.stringMatching(/gif or png-zip/) as string,
    });
    await expect(
      runExportAnimationJob(job({ frames: [frames[0], { ...frames[1], width: 9 }] }), ctx),
    ).rejects.toMatchObject({ code: 'bad-params', message: expect.stringMatching(/same size/) as string });
    controller.abort(new Error('cancelled'));
    await expect(runExportAnimationJob(job(), ctx)).rejects.toThrow('cancelled');
  });
});
