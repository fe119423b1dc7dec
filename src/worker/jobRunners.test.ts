import { describe, expect, it } from 'vitest';
import { DEFAULT_GPNN } from '../engine/gpnn/gpnnParams';
import { createRgbImage, type RgbImage } from '../engine/image/rgbImage';
import { SINGAN_PRESETS } from '../engine/singan/singanConfig';
import { DEFAULT_SEQUENCE_OPTIONS } from '../engine/gif2gif/sequenceConfig';
import { JOB_KINDS, jobProblem } from '../jobs/jobKinds';
import type { ModelSummary } from '../protocol/facts';
import { FEATURES, type JobSpec } from '../features';
import type { ImageSlot } from '../protocol/images';
import type { JobContext } from './jobContext';
import { JobInputError } from './jobErrors';
import { collectRunners, JOB_RUNNERS, runRegisteredJob } from './jobRunners';

const model: ModelSummary = {
  id: 'm1',
  name: 'valley',
  config: SINGAN_PRESETS.fast,
  imageShape: [64, 80],
  scales: 6,
  scalesDone: 4,
  trainingMs: 1,
  hasImage: false,
  createdAt: 0,
  updatedAt: 0,
  bytes: 1,
};

/** A worker context holding these images; anything past the refusal would need more and fail loudly. */
function context(images: Partial<Record<ImageSlot, RgbImage>>): JobContext {
  return { image: (slot: ImageSlot) => images[slot], frames: () => undefined } as unknown as JobContext;
}

const source = createRgbImage(64, 80);
const bad: readonly [string, JobSpec, Partial<Record<ImageSlot, RgbImage>>, readonly ModelSummary[]][] = [
  ['no image', { kind: 'gpnn', params: DEFAULT_GPNN, task: { kind: 'sample', seeds: [1] } }, {}, []],
  [
    'bad GPNN alpha',
    { kind: 'gpnn', params: { ...DEFAULT_GPNN, alpha: 0 }, task: { kind: 'sample', seeds: [1] } },
    { source },
    [],
  ],
  ['analogy without a structure', { kind: 'gpnn', params: DEFAULT_GPNN, task: { kind: 'analogy' } }, { source }, []],
  ['no model', { kind: 'singan-sample', modelId: 'gone', seeds: [1], heightFactor: 1, widthFactor: 1 }, {}, [model]],
  [
    'too many samples',
    {
      kind: 'singan-sample',
      modelId: 'm1',
      seeds: Array.from({ length: 65 }, (_, i) => i),
      heightFactor: 1,
      widthFactor: 1,
    },
    {},
    [model],
  ],
  [
    'resuming a model without its image',
    { kind: 'singan-train', config: SINGAN_PRESETS.fast, modelId: 'm1', name: 'x', resume: true },
    {},
    [model],
  ],
  [
    'GIF → GIF on a still',
    {
      kind: 'gif2gif-train',
      config: SINGAN_PRESETS.fast,
      sequence: DEFAULT_SEQUENCE_OPTIONS,
      modelId: 'm2',
      name: 'x',
    },
    { source },
    [],
  ],
  [
    'GIF → GIF patches on a still',
    {
      kind: 'vgpnn-generate',
      seeds: [1],
      maxSide: 32,
      frames: 4,
      scale: { height: 1, width: 1 },
      sigma: 2.5,
      voting: 'median',
      alpha: 1e30,
      fps: 10,
      loop: 'loop',
    },
    { source },
    [],
  ],
  [
    'export with no frames',
    { kind: 'export-animation', format: 'gif', frames: [], fps: 10, loop: 'loop' } as unknown as JobSpec,
    {},
    [],
  ],
];

describe('the worker refuses a bad job with the words the page shows', () => {
  it.each(bad)('%s', async (_name, job, images, models) => {
    const shapes = Object.fromEntries(Object.entries(images).map(([slot, img]) => [slot, [img.height, img.width]]));
    const page = jobProblem(job, { images: shapes, models });
    expect(page).not.toBeNull();
    const refused = runRegisteredJob(job, context(images), models);
    await expect(refused).rejects.toBeInstanceOf(JobInputError);
    await expect(refused).rejects.toMatchObject({ code: page!.code, message: page!.message });
  });
});

describe('runners found by feature folder', () => {
  const run = () => Promise.resolve();

  it('gives every kind of the registry exactly one runner, each from its own feature folder', () => {
    const kinds = Object.keys(JOB_RUNNERS).sort();
    expect(kinds).toEqual(Object.keys(JOB_KINDS).sort());
    const folderOf = new Map(FEATURES.flatMap((f) => Object.keys(f.kinds).map((kind) => [kind, f.name] as const)));
    for (const [path, module] of Object.entries(
      import.meta.glob<{ runners: Record<string, unknown> }>('../features/*/worker/runners.ts', { eager: true }),
    ))
      for (const kind of Object.keys(module.runners))
        expect(path).toBe(`../features/${folderOf.get(kind)}/worker/runners.ts`);
  });

  it('refuses a missing runner, a second runner for a kind and a runner for an undeclared kind', () => {
    const all = Object.fromEntries(Object.keys(JOB_KINDS).map((kind) => [kind, run]));
    const { pyramid: _dropped, ...withoutPyramid } = all;
    expect(() => collectRunners({ a: { runners: withoutPyramid } })).toThrow('No runner for job kind pyramid.');
    expect(() => collectRunners({ a: { runners: all }, b: { runners: { sifid: run } } })).toThrow(
      'Job kind "sifid" has two runners: in a and in b.',
    );
    expect(() => collectRunners({ a: { runners: { ...all, vgpnn: run } } })).toThrow(
      'a has a runner for "vgpnn", a job kind no feature declares.',
    );
  });
});
