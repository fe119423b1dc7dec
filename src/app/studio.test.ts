import { beforeEach, describe, expect, it } from 'vitest';
import { SINGAN_PRESETS } from '../engine/singan/singanConfig';
import { currentJob, jobProblem } from './studio';
import { initialState, useStudio } from './store';

const px = { height: 48, width: 64, rgba: new Uint8ClampedArray(48 * 64 * 4) };

describe('the task panel’s job', () => {
  beforeEach(() =>
    useStudio.setState(
      {
        ...initialState,
        source: {
          name: 'valley.png',
          blob: new Blob(),
          original: { height: 48, width: 64 },
          working: px,
          downscaled: false,
        },
      },
      true,
    ),
  );

  it('is the same on every render: building a training job draws no new model id', () => {
    useStudio.setState({ task: 'singan-train' });
    const a = currentJob();
    const b = currentJob();
    expect(a).toEqual(b);
    expect(a.kind === 'singan-train' && a.modelId).toBeTruthy();
  });

  it('says why it cannot run in the registry’s words', () => {
    useStudio.setState({ task: 'singan-sample', models: [], selectedModelId: 'm1' });
    expect(jobProblem(currentJob())).toMatch(/Train a SinGAN model first/);
    useStudio.setState({
      models: [
        {
          id: 'm1',
          name: 'm',
          config: SINGAN_PRESETS.fast,
          imageShape: [48, 64],
          scales: 5,
          scalesDone: 5,
          trainingMs: 0,
          hasImage: true,
          createdAt: 0,
          updatedAt: 0,
          bytes: 0,
        },
      ],
      singan: { ...initialState.singan, sample: { ...initialState.singan.sample, count: 65 } },
    });
    expect(jobProblem(currentJob())).toBe('Make 1 to 64 samples (got 65).');
  });
});
