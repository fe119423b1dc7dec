import { describe, expect, it } from 'vitest';
import { DEFAULT_GPNN } from '../engine/gpnn/gpnnParams';
import { DEFAULT_PYRAMID } from '../engine/pyramid/pyramidShape';
import { SINGAN_PRESETS } from '../engine/singan/singanConfig';
import type { GpnnTaskSpec } from '../engine/gpnn/gpnnTask';
import type { ModelSummary } from '../protocol/facts';
import type { JobKind, JobSpec } from '../features';
import { endsOnDeviceLoss, expectedSilenceMs, JOB_KINDS, jobProblem, kindOf, type JobFacts } from './jobKinds';
import { gpnnOutputLabel } from '../features/gpnn';

const model: ModelSummary = {
  id: 'm1',
  name: 'valley · fast · plain',
  config: SINGAN_PRESETS.fast,
  imageShape: [96, 128],
  scales: 6,
  scalesDone: 4,
  trainingMs: 1,
  hasImage: true,
  createdAt: 0,
  updatedAt: 0,
  bytes: 1,
};
const facts = (over: Partial<JobFacts> = {}): JobFacts => ({ images: { source: [64, 80] }, models: [model], ...over });
const problem = (job: JobSpec, f: JobFacts = facts()) => jobProblem(job, f)?.message ?? null;

const gpnn = (task: GpnnTaskSpec): JobSpec => ({ kind: 'gpnn', params: DEFAULT_GPNN, task });
const sample = (over: Partial<Extract<JobSpec, { kind: 'singan-sample' }>> = {}): JobSpec => ({
  kind: 'singan-sample',
  modelId: 'm1',
  seeds: [1, 2],
  heightFactor: 1,
  widthFactor: 1,
  ...over,
});

describe('job registry', () => {
  it('labels every GPNN output by its own task, not as a retarget', () => {
    const shape = { height: 40, width: 60 };
    const labels = (['retarget', 'analogy', 'inpaint', 'collage', 'edit'] as const).map((kind) =>
      gpnnOutputLabel({ kind } as GpnnTaskSpec, 0, shape, null),
    );
    expect(labels).toEqual(['Retargeted 60×40', 'Analogy 60×40', 'Inpainted 60×40', 'Collage 60×40', 'Edited 60×40']);
    expect(gpnnOutputLabel({ kind: 'sample', seeds: [7] }, 0, shape, 7)).toBe('Sample 1 · seed 7');
  });

  it('titles a run after its task', () => {
    const names = { source: 'valley.png', model: () => 'my model' };
    expect(
      kindOf(gpnn({ kind: 'inpaint', labels: new Uint8Array(0) })).title(
        gpnn({ kind: 'inpaint', labels: new Uint8Array(0) }),
        names,
      ),
    ).toBe('GPNN inpainting of valley.png');
    expect(JOB_KINDS['singan-sample'].title(sample() as Extract<JobSpec, { kind: 'singan-sample' }>, names)).toBe(
      '2 SinGAN samples · my model',
    );
  });

  it('says what is missing before checking limits', () => {
    expect(jobProblem(gpnn({ kind: 'sample', seeds: [1] }), facts({ images: {} }))).toEqual({
      code: 'no-image',
      message: 'Load an image first.',
    });
    expect(jobProblem(sample({ modelId: 'gone' }), facts())).toMatchObject({ code: 'no-model' });
    expect(jobProblem(sample(), facts({ models: [{ ...model, scalesDone: 0 }] }))).toMatchObject({ code: 'bad-model' });
    // A SinGAN model's jobs need no source image.
    expect(problem(sample(), facts({ images: {} }))).toBeNull();
    const inject: JobSpec = { kind: 'singan-inject', modelId: 'm1', slot: 'structure', startScale: 1, seed: 1 };
    expect(jobProblem(inject, facts())).toMatchObject({
      code: 'no-image',
      message: expect.stringMatching(/image to inject/) as string,
    });
    expect(problem(inject, facts({ images: { structure: [20, 20] } }))).toBeNull();
  });

  it("checks SinGAN's sample limits wherever the job comes from (page, worker, CLI)", () => {
    expect(problem(sample({ seeds: [] }))).toMatch(/1 to 64 samples/);
    expect(problem(sample({ seeds: Array.from({ length: 65 }, (_, i) => i) }))).toMatch(/1 to 64 samples/);
    expect(problem(sample({ heightFactor: 0.4 }))).toMatch(/from 0.5 to 3/);
    expect(problem(sample({ widthFactor: 3.5 }))).toMatch(/from 0.5 to 3/);
    expect(problem(sample({ heightFactor: 3, widthFactor: 3 }))).toBeNull();
    expect(problem({ kind: 'singan-superres', modelId: 'm1', factor: 4 })).toBeNull();
    expect(
      problem(
        { kind: 'singan-superres', modelId: 'm1', factor: 4 },
        facts({
          models: [{ ...model, config: { ...model.config, maxSize: 300 }, imageShape: [300, 300], scalesDone: 64 }],
        }),
      ),
    ).toMatch(/larger than 1024/);
    // A training image whose shorter side is the smallest scale: every scale is the same size, no step to upsample by.
    expect(
      problem(
        { kind: 'singan-superres', modelId: 'm1', factor: 2 },
        facts({ models: [{ ...model, config: { ...model.config, maxSize: 32, minSize: 24 }, imageShape: [24, 32] }] }),
      ),
    ).toMatch(/scales do not shrink/);
  });

  it("checks super-resolution's factor, output size, model kind and input image in one place", () => {
    const sr = (factor: number, slot?: 'source'): JobSpec =>
      ({ kind: 'singan-superres', modelId: 'm1', factor, ...(slot ? { slot } : {}) }) as JobSpec;
    // The fast preset trained the 128×96 image at its size: ×8 is 1024×768.
    expect(problem(sr(8))).toBeNull();
    expect(problem(sr(3))).toBe('Super-resolution factor must be 2, 4 or 8 (got 3).');
    // 1000 px given, trained at 128 px (maxSize): measured from the trained size, which ×8 still fits.
    expect(problem(sr(8), facts({ models: [{ ...model, imageShape: [750, 1000], scalesDone: 6 }] }))).toBeNull();
    expect(
      problem(sr(8), facts({ models: [{ ...model, config: { ...model.config, maxSize: 256 }, scalesDone: 6 }] })),
    ).toBeNull();
    const sequence = { variant: 'noise-lstm', frames: 4, hidden: 8, chunk: 2 } as const;
    expect(problem(sr(2), facts({ models: [{ ...model, sequence }] }))).toMatch(/GIF → GIF model/);
    // With an input image: it must be loaded, and be the training image.
    expect(jobProblem(sr(2, 'source'), facts({ images: {} }))).toEqual({
      code: 'no-image',
      message: 'Load the image the model was trained on first.',
    });
    expect(problem(sr(2, 'source'), facts({ images: { source: [96, 128] } }))).toBeNull();
    expect(problem(sr(2, 'source'))).toBe(
      'Super-resolution starts from the image the model was trained on, 128×96; the image given is 80×64.',
    );
  });

  it('uses the one set of animation limits for GPNN and SinGAN animations', () => {
    const walk = (frames: number, fps: number): JobSpec => ({
      kind: 'singan-animate',
      modelId: 'm1',
      animation: { frames, fps, loop: 'loop', seed: 1, beta: 0.9, startScale: 0 },
    });
    const drift = (frames: number, fps: number): JobSpec => ({
      kind: 'gpnn-animate',
      params: DEFAULT_GPNN,
      animation: { frames, fps, loop: 'loop', seed: 1, coherence: 'temporal' },
    });
    for (const make of [walk, drift]) {
      expect(problem(make(1, 10))).toBe('Frames must be a whole number from 2 to 240 (got 1).');
      expect(problem(make(241, 10))).toMatch(/from 2 to 240/);
      expect(problem(make(12, 60))).toBe('Frame rate must be from 1 to 50 fps (got 60).');
      expect(problem(make(12, 10))).toBeNull();
    }
    expect(
      problem({
        kind: 'singan-animate',
        modelId: 'm1',
        animation: { frames: 4, fps: 4, loop: 'loop', seed: 1, beta: 1, startScale: 0 },
      }),
    ).toMatch(/below 1/);
    expect(
      problem({
        kind: 'singan-animate',
        modelId: 'm1',
        animation: { frames: 4, fps: 4, loop: 'loop', seed: 1, beta: 0.5, startScale: 4 },
      }),
    ).toMatch(/from 0 to 3/);
  });

  it('refuses painted and edited tasks without their paint or selection', () => {
    const hole = new Uint8Array(64 * 80);
    expect(problem(gpnn({ kind: 'inpaint', labels: hole }))).toBe('Paint the hole to fill first.');
    expect(problem(gpnn({ kind: 'inpaint', labels: hole.fill(2) }))).toMatch(/covers the whole image/);
    expect(
      problem(gpnn({ kind: 'edit', from: { y: 0, x: 0, height: 0, width: 0 }, to: { y: 0, x: 0 }, startLevel: 1 })),
    ).toMatch(/Select a region/);
    expect(problem(gpnn({ kind: 'analogy' }))).toMatch(/Structure slot/);
    expect(problem({ kind: 'pyramid', params: DEFAULT_PYRAMID })).toBeNull();
  });

  it('gives SinGAN jobs more silence than quick ones, and more again on the CPU', () => {
    expect(expectedSilenceMs('singan-train', 'cpu')).toBeGreaterThan(expectedSilenceMs('singan-train', 'webgpu'));
    expect(expectedSilenceMs('singan-train', 'webgpu')).toBeGreaterThan(expectedSilenceMs('gpnn', 'webgpu'));
  });

  it('has an entry for every job kind (a missing one does not compile)', () => {
    const { pyramid: _dropped, ...rest } = JOB_KINDS;
    // @ts-expect-error a registry without 'pyramid' is not a registry
    const partial: typeof JOB_KINDS = rest;
    expect(Object.keys(partial)).not.toContain('pyramid');
    const kinds: JobKind[] = [
      'pyramid',
      'gpnn',
      'sifid',
      'gpnn-animate',
      'export-animation',
      'singan-train',
      'singan-sample',
      'singan-study',
      'singan-superres',
      'singan-inject',
      'singan-animate',
      'gif2gif-train',
      'gif2gif-generate',
      'vgpnn-generate',
      'vgpnn-inpaint',
    ];
    expect(Object.keys(JOB_KINDS).sort()).toEqual([...kinds].sort());
  });

  it('GIF → GIF: training needs an animated source, generation a GIF → GIF model; still-image tasks refuse one', () => {
    const seqModel: ModelSummary = {
      ...model,
      id: 'm2',
      sequence: { variant: 'noise-lstm', frames: 5, hidden: 8, chunk: 2, motion: 3 },
    };
    const train: JobSpec = {
      kind: 'gif2gif-train',
      config: { ...SINGAN_PRESETS.fast, maxSize: 64 },
      sequence: { variant: 'noise-lstm', hidden: 8, chunk: 2, motion: 3 },
      modelId: 'm3',
      name: 'falls',
    };
    expect(problem(train)).toMatch(/load an animated GIF .* This image is a still/);
    expect(problem(train, facts({ frames: { source: 5 } }))).toBeNull();
    expect(
      problem(
        { ...train, sequence: { variant: 'noise-lstm', hidden: 0, chunk: 2, motion: 3 } },
        facts({ frames: { source: 5 } }),
      ),
    ).toMatch(/hidden channels/);
    expect(problem({ ...train, resume: true, modelId: 'm1' }, facts({ models: [model, seqModel] }))).toMatch(
      /trained on a still image/,
    );
    expect(problem({ ...train, resume: true, modelId: 'm2' }, facts({ models: [model, seqModel] }))).toBeNull();

    const generate = (modelId: string, frames = 8, startScale?: number): JobSpec => ({
      kind: 'gif2gif-generate',
      modelId,
      animation: {
        frames,
        fps: 10,
        loop: 'loop',
        seed: 1,
        reverse: false,
        ...(startScale === undefined ? {} : { startScale }),
      },
    });
    const withBoth = facts({ models: [model, seqModel] });
    expect(problem(generate('m1'), withBoth)).toMatch(/trained on a still image/);
    expect(problem(generate('m2'), withBoth)).toBeNull();
    expect(problem(generate('m2', 1), withBoth)).toMatch(/Frames must be/);
    // Vary from a finished scale: the coarser ones keep the reconstruction.
    const done = seqModel.scalesDone;
    expect(problem(generate('m2', 8, done - 1), withBoth)).toBeNull();
    expect(problem(generate('m2', 8, done), withBoth)).toBe(`Vary from a scale from 0 to ${done - 1}; got ${done}.`);
    expect(problem(generate('m2', 8, -1), withBoth)).toMatch(/Vary from a scale/);
    expect(problem(generate('m2', 8, 0.5), withBoth)).toMatch(/Vary from a scale/);
    expect(problem(sample({ modelId: 'm2' }), withBoth)).toMatch(/GIF → GIF model/);
    expect(
      problem({ kind: 'singan-train', config: SINGAN_PRESETS.fast, modelId: 'm2', name: 'x', resume: true }, withBoth),
    ).toMatch(/GIF → GIF model/);
  });
});

describe('what the page shows of each kind comes from the registry', () => {
  const kinds = Object.keys(JOB_KINDS) as JobKind[];
  it('the training kinds and the study, which trains, train (training panel, pause, a new id); no other kind does', () => {
    expect(kinds.filter((k) => JOB_KINDS[k].trains)).toEqual(['singan-train', 'singan-study', 'gif2gif-train']);
  });
  it('only GPNN streams per-scale SIFID, only the pyramid shows levels, only GIF → GIF (either engine) plays beside its source', () => {
    expect(kinds.filter((k) => JOB_KINDS[k].scaleSifid)).toEqual(['gpnn']);
    expect(kinds.filter((k) => JOB_KINDS[k].shows === 'levels')).toEqual(['pyramid']);
    expect(kinds.filter((k) => JOB_KINDS[k].comparesWithSource)).toEqual([
      'vgpnn-generate',
      'vgpnn-inpaint',
      'gif2gif-generate',
    ]);
  });
  it('a lost GPU device ends every job but VGPNN, which runs on the CPU whatever the backend', () => {
    expect(kinds.filter((k) => JOB_KINDS[k].cpuOnly)).toEqual(['vgpnn-generate', 'vgpnn-inpaint']);
    const vgpnn: JobSpec = {
      kind: 'vgpnn-generate',
      seeds: [5],
      maxSide: 24,
      frames: 4,
      scale: { height: 1, width: 1 },
      sigma: 1,
      voting: 'mean',
      alpha: 1,
      fps: 10,
      loop: 'loop',
    };
    expect(endsOnDeviceLoss(vgpnn)).toBe(false);
    expect(endsOnDeviceLoss(gpnn({ kind: 'retarget', height: 10, width: 20 }))).toBe(true);
    expect(endsOnDeviceLoss(sample())).toBe(true);
  });
  it('every kind names its files in lower-case words, with the task or factor where the job has one', () => {
    for (const k of kinds) expect(JOB_KINDS[k].fileWords(undefined), k).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const retarget: JobSpec = {
      kind: 'gpnn',
      params: DEFAULT_GPNN,
      task: { kind: 'retarget', height: 10, width: 20 },
    };
    expect(kindOf(retarget).fileWords(retarget)).toBe('gpnn-retarget');
    const superres: JobSpec = { kind: 'singan-superres', modelId: 'm1', factor: 4 };
    expect(kindOf(superres).fileWords(superres)).toBe('singan-superres-x4');
  });
});
