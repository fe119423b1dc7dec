import { describe, expect, it } from 'vitest';
import { DEFAULT_GPNN } from '../engine/gpnn/gpnnParams';
import type { ModelSummary } from '../protocol/facts';
import type { JobSpec } from '../features';
import { exportFileStem, exportSubject } from './exportNames';

const gpnn = (task: Extract<JobSpec, { kind: 'gpnn' }>['task']): JobSpec => ({
  kind: 'gpnn',
  task,
  params: DEFAULT_GPNN,
});
const blob = new Blob(['x']);

describe('exportFileStem', () => {
  it('names a GPNN sample by its seed and a retarget by its size, width first', () => {
    expect(
      exportFileStem(
        'valley.png',
        { kind: 'gpnn', job: gpnn({ kind: 'sample', seeds: [4] }) },
        { type: 'output', seed: 4, width: 250, height: 188 },
      ),
    ).toBe('valley-gpnn-sample-seed4');
    expect(
      exportFileStem(
        'valley.png',
        { kind: 'gpnn', job: gpnn({ kind: 'retarget', height: 250, width: 375 }) },
        { type: 'output', seed: null, width: 375, height: 250 },
      ),
    ).toBe('valley-gpnn-retarget-375x250');
  });

  it('names animations by their frame count and SinGAN outputs by engine and task', () => {
    expect(exportFileStem('valley.png', { kind: 'gpnn-animate' }, { type: 'animation', frames: 24 })).toBe(
      'valley-gpnn-animation-24f',
    );
    expect(exportFileStem('waterfall.gif', { kind: 'gif2gif-generate' }, { type: 'animation', frames: 12 })).toBe(
      'waterfall-gif2gif-animation-12f',
    );
    expect(
      exportFileStem('valley', { kind: 'singan-sample' }, { type: 'output', seed: 2, width: 128, height: 96 }),
    ).toBe('valley-singan-sample-seed2');
    expect(
      exportFileStem(
        'valley',
        { kind: 'singan-superres', job: { kind: 'singan-superres', modelId: 'm', factor: 4 } },
        { type: 'output', seed: null, width: 512, height: 384 },
      ),
    ).toBe('valley-singan-superres-x4-512x384');
  });

  it('names one scale by its level and size, after the seed of its output', () => {
    expect(
      exportFileStem(
        'valley.png',
        { kind: 'gpnn', job: gpnn({ kind: 'sample', seeds: [4] }) },
        { type: 'scale', level: 3, seed: 4, width: 19, height: 14 },
      ),
    ).toBe('valley-gpnn-sample-seed4-level3-19x14');
    expect(
      exportFileStem(
        'my photo (1).jpeg',
        { kind: 'pyramid' },
        { type: 'scale', level: 0, seed: null, width: 60, height: 45 },
      ),
    ).toBe('my-photo-1-pyramid-level0-60x45');
  });
});

describe('exportSubject', () => {
  const model = { id: 'm1', name: 'valley · fast · plain' } as ModelSummary;

  it('is the image the run read, not the one loaded since', () => {
    const run = {
      recipeBase: {
        job: gpnn({ kind: 'sample', seeds: [4] }),
        sources: [{ slot: 'source' as const, name: 'valley.png', blob }],
        workingMaxSide: 256,
      },
    };
    expect(exportSubject(run, null, 'other.png')).toBe('valley.png');
  });

  it('is the image a stored model was trained on for runs from a model, else the current source', () => {
    expect(exportSubject({ modelId: 'm1' }, [model], 'other.png')).toBe('valley');
    expect(exportSubject({ modelId: 'gone' }, [model], 'other.png')).toBe('other.png');
    expect(exportSubject({}, null, null)).toBe('image');
  });
});
