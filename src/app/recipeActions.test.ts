import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addGifComment } from '../engine/gif/gifComment';
import { DEFAULT_GPNN } from '../engine/gpnn/gpnnParams';
import { addPngText, readPngText } from '../engine/image/pngText';
import {
  encodeRecipe,
  encodeRecipeComment,
  makeRecipe,
  parseRecipe,
  RECIPE_KEYWORD,
  sha256Hex,
  type Recipe,
} from '../jobs/recipe';
import type { JobSpec } from '../features';
import { stubCanvas } from '../testing/fakeCanvas';
import { downloadPng } from './downloadPng';
import { exportOutputPng, exportScalePng, openDroppedFile, recipeOfPart } from './recipeActions';
import { initialState, useStudio, type Run } from './store';
import { openImage } from './studio';

// The page's side effects, recorded: the browser download and the worker's decoding.
vi.mock('./downloadPng', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./downloadPng')>()),
  downloadPng: vi.fn(),
}));
vi.mock('./studio', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./studio')>()),
  openImage: vi.fn(),
}));

const sourceBlob = new Blob(['the source file']);
const pixels = (h: number, w: number, v: number) => ({
  height: h,
  width: w,
  rgba: new Uint8ClampedArray(h * w * 4).map((_, i) => (i % 4 === 3 ? 255 : (v + i) % 256)),
});

function runOf(job: JobSpec): Run {
  return {
    id: 7,
    purpose: 'result',
    kind: job.kind,
    title: 'run',
    status: 'done',
    scales: [],
    outputs: [{ output: 1, label: 'Sample 2', seed: 4, pixels: pixels(8, 8, 9) }],
    metrics: [],
    expectedOutputs: 2,
    viewOutput: 1,
    followLatest: false,
    depth: 3,
    progress: { done: 1, total: 1, stage: '' },
    startedAt: 0,
    recipeBase: { job, sources: [{ slot: 'source', name: 'src.png', blob: sourceBlob }], workingMaxSide: 64 },
  };
}

const batch: JobSpec = {
  kind: 'gpnn',
  params: { ...DEFAULT_GPNN, nn: 'exact' },
  task: { kind: 'sample', seeds: [3, 4] },
};
const animation: JobSpec = {
  kind: 'gpnn-animate',
  params: DEFAULT_GPNN,
  animation: { frames: 3, fps: 8, loop: 'loop', seed: 1, coherence: 'temporal' },
};

/** The PNG handed to the download, and the recipe inside it. */
function downloaded(): { png: Uint8Array; name: string; recipe: Recipe | undefined } {
  const [png, name] = vi.mocked(downloadPng).mock.lastCall!;
  const text = readPngText(png, RECIPE_KEYWORD);
  return { png, name, recipe: text === null ? undefined : parseRecipe(text).recipe };
}

describe('exports that carry their recipe', () => {
  beforeEach(() => {
    stubCanvas();
    vi.mocked(downloadPng).mockClear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('a scale of a batch sample carries that sample’s recipe and its level', async () => {
    const scale = { output: 1, level: 2, label: 'Level 2 · 4×4', pixels: pixels(4, 4, 50) };
    await exportScalePng(runOf(batch), scale, 'src-level2');
    const { png, name, recipe } = downloaded();
    expect(name).toBe('src-level2');
    expect(Array.from(PNG.sync.read(Buffer.from(png)).data)).toEqual(Array.from(scale.pixels.rgba));
    expect(recipe).toMatchObject({
      job: { task: { kind: 'sample', seeds: [4] } },
      seed: 4,
      level: 2,
      workingMaxSide: 64,
    });
    // The sample is remade alone, as its job's only output: no index to carry.
    expect(recipe?.output).toBeUndefined();
    expect(recipe?.sources).toEqual([
      { slot: 'source', name: 'src.png', sha256: await sha256Hex(await sourceBlob.arrayBuffer()) },
    ]);
  });

  it('a scale of an animation frame names the frame, with the whole animation as its job', async () => {
    const recipe = await recipeOfPart(runOf(animation), { output: 2, level: 1 });
    expect(recipe).toMatchObject({ job: animation, output: 2, level: 1 });
    await exportScalePng(runOf(animation), { output: 2, level: 0, label: 'Level 0', pixels: pixels(4, 4, 1) }, 'a');
    expect(downloaded().recipe).toMatchObject({ output: 2, level: 0 });
  });

  it('an exported output carries the same recipe as before', async () => {
    await exportOutputPng(runOf(batch), 1, 'src-seed4');
    const { name, recipe } = downloaded();
    expect(name).toBe('src-seed4');
    expect(recipe).toMatchObject({ job: { task: { seeds: [4] } }, seed: 4 });
    expect(recipe && ('output' in recipe || 'level' in recipe)).toBe(false);
  });

  it('a run without a recorded job still exports its scales, without a recipe', async () => {
    await exportScalePng(
      { ...runOf(batch), recipeBase: undefined },
      { output: 0, level: 0, label: '', pixels: pixels(4, 4, 1) },
      'plain',
    );
    expect(downloaded().recipe).toBeUndefined();
  });
});

describe('a dropped file', () => {
  const recipe = { ...makeRecipe({ job: batch, seed: 3, workingMaxSide: 64, sources: [] }), level: 1 };
  const plainPng = () => new Uint8Array(PNG.sync.write(new PNG({ width: 2, height: 2 })));
  beforeEach(() => {
    useStudio.setState(initialState, true);
    vi.mocked(openImage).mockClear();
  });

  it('that carries a recipe in a PNG or a GIF is offered for restoring', async () => {
    await openDroppedFile(
      new Blob([addPngText(plainPng(), RECIPE_KEYWORD, encodeRecipe(recipe)) as Uint8Array<ArrayBuffer>]),
      'level1.png',
    );
    expect(useStudio.getState().recipeOffer).toMatchObject({ fileName: 'level1.png', recipe });
    const gif = Uint8Array.from(
      [...'GIF89a', 1, 0, 1, 0, 0, 0, 0, 0x3b].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c)),
    );
    await openDroppedFile(
      new Blob([addGifComment(gif, encodeRecipeComment(recipe)) as Uint8Array<ArrayBuffer>]),
      'anim.gif',
    );
    expect(useStudio.getState().recipeOffer).toMatchObject({ fileName: 'anim.gif', recipe });
    expect(openImage).not.toHaveBeenCalled();
  });

  it('without a recipe, or not a PNG or GIF, opens as an image', async () => {
    await openDroppedFile(new Blob([plainPng()]), 'plain.png');
    await openDroppedFile(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])]), 'photo.jpg');
    // Begins as a PNG does, but is not one.
    await openDroppedFile(new Blob([new Uint8Array([0x89, 0x50, 0, 0, 0, 0, 0, 0])]), 'odd.bin');
    expect(vi.mocked(openImage).mock.calls.map((c) => c[1])).toEqual(['plain.png', 'photo.jpg', 'odd.bin']);
    expect(useStudio.getState().recipeOffer).toBeNull();
  });
});
