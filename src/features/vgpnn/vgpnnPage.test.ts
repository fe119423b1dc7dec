import { describe, expect, it } from 'vitest';
import { exportFileStem } from '../../app/exportNames';
import { settledView, shownSample } from '../../app/store';
import { JOB_KINDS } from '../../jobs/jobKinds';
import { singleOutputJob } from '../../jobs/recipe';
import { FEATURE_SETTINGS, recipeViewOf, TASKS } from '..';
import type { VgpnnGenerateJob, VgpnnInpaintJob } from '.';

/** What the page does with a vgpnn-generate run: several samples of equal length, one after another. */
describe('vgpnn-generate in the page', () => {
  const facts = {
    source: { name: 'falls.gif', working: { height: 32, width: 32 }, animation: { frames: [1, 2, 3, 4, 5, 6] } },
    selectedModelId: null,
    nextModelId: 'm',
  };
  const job = TASKS['vgpnn-generate'].build({ ...FEATURE_SETTINGS, ...facts }) as VgpnnGenerateJob;

  it('builds the source’s frame count by default, one seed per sample, completeness off', () => {
    expect(job).toMatchObject({ kind: 'vgpnn-generate', seeds: [1, 2, 3], frames: 6, maxSide: 256 });
    expect(job.alpha).toBeGreaterThan(1e20);
    const info = JOB_KINDS['vgpnn-generate'];
    expect(info.outputs(job)).toBe(18);
    expect(info.playback!(job)).toEqual({ fps: 10, loop: 'loop', samples: 3 });
  });

  it('a seamless loop is built as forward playback whatever the loop select says, and a recipe shows it again', () => {
    const vgpnn = { ...FEATURE_SETTINGS.vgpnn, seamless: true, loop: 'pingpong' as const };
    const looped = TASKS['vgpnn-generate'].build({ ...FEATURE_SETTINGS, ...facts, vgpnn }) as VgpnnGenerateJob;
    expect(looped).toMatchObject({ seamless: true, loop: 'loop' });
    expect(job.seamless).toBeUndefined();
    expect(recipeViewOf(looped, FEATURE_SETTINGS)?.settings?.vgpnn ?? {}).toMatchObject({ seamless: true });
    expect(recipeViewOf(job, { ...FEATURE_SETTINGS, vgpnn })?.settings?.vgpnn ?? {}).toMatchObject({ seamless: false });
  });

  it('shows the sample a frame belongs to, and scrubs within it', () => {
    const run = { animation: { fps: 10, loop: 'loop' as const, samples: 3 }, expectedOutputs: 18 };
    expect(shownSample({ ...run, viewOutput: 0 })).toEqual({ sample: 0, samples: 3, first: 0, length: 6 });
    expect(shownSample({ ...run, viewOutput: 13 })).toEqual({ sample: 2, samples: 3, first: 12, length: 6 });
    // One animation (every other animation kind): the whole run.
    expect(shownSample({ animation: { fps: 10, loop: 'loop' }, expectedOutputs: 6, viewOutput: 4 })).toEqual({
      sample: 0,
      samples: 1,
      first: 0,
      length: 6,
    });
  });

  it('a run stopped in its second sample shows the first, finished one; a still or a sample with frames keeps its view', () => {
    const frames = (...outputs: number[]) => outputs.map((output) => ({ output }));
    const run = { animation: { fps: 10, loop: 'loop' as const, samples: 3 }, expectedOutputs: 18 };
    // Cancelled (or interrupted) while making sample 2: sample 1's frames are all there is to play.
    expect(settledView({ ...run, viewOutput: 6, outputs: frames(0, 1, 2, 3, 4, 5) }).viewOutput).toBe(0);
    // Two finished, stopped in the third: the newest finished one.
    expect(
      settledView({ ...run, viewOutput: 12, outputs: frames(...Array.from({ length: 12 }, (_, i) => i)) }).viewOutput,
    ).toBe(6);
    // The view already on a sample with frames (the user scrubbed there), or nothing made: left alone.
    expect(settledView({ ...run, viewOutput: 3, outputs: frames(0, 1, 2, 3, 4, 5) }).viewOutput).toBe(3);
    expect(settledView({ ...run, viewOutput: 6, outputs: [] }).viewOutput).toBe(6);
    // A still's stopped output keeps its view: its last finished scale is shown, said to be cancelled.
    expect(settledView({ expectedOutputs: 3, viewOutput: 1, outputs: frames(0) }).viewOutput).toBe(1);
  });

  it('remakes a frame’s sample alone from a recipe, and shows it back in the Patches task', () => {
    const { job: one, seed } = singleOutputJob(job, 13);
    expect(seed).toBe(3);
    expect(one).toEqual({ ...job, seeds: [3] });
    const view = recipeViewOf(one, FEATURE_SETTINGS);
    expect(view?.task).toBe('vgpnn-generate');
    expect(view?.settings?.vgpnn).toMatchObject({ samples: 1, seed: 3, frames: 6 });
    const withAlpha = { ...one, alpha: 0.01 };
    expect(recipeViewOf(withAlpha, FEATURE_SETTINGS)?.settings?.vgpnn).toMatchObject({
      completeness: true,
      alpha: 0.01,
    });
  });

  it('names an exported sample by its seed', () => {
    expect(exportFileStem('falls.gif', { kind: 'vgpnn-generate' }, { type: 'animation', frames: 6, seed: 3 })).toBe(
      'falls-vgpnn-animation-seed3-6f',
    );
  });
});

describe('vgpnn-inpaint in the page', () => {
  const facts = {
    source: { name: 'falls.gif', working: { height: 32, width: 40 }, animation: { frames: [1, 2, 3, 4, 5, 6] } },
    selectedModelId: null,
    nextModelId: 'm',
  };
  const labels = new Uint8Array(32 * 40);
  labels.fill(2, 10 * 40 + 12, 10 * 40 + 20);
  const colour = new Uint8ClampedArray(32 * 40 * 4);
  const masks = { retarget: null, inpaint: { height: 32, width: 40, labels, colour } };

  it('sends the hole painted for inpainting (shared with the still task), one fill per seed, every frame each', () => {
    const job = TASKS['vgpnn-inpaint'].build({ ...FEATURE_SETTINGS, ...facts, masks }) as VgpnnInpaintJob;
    expect(job).toMatchObject({ kind: 'vgpnn-inpaint', seeds: [1, 2, 3], frames: 6, maxSide: 256, fps: 10 });
    expect(job.labels).toBe(labels);
    expect(job.colour).toBe(colour);
    const info = JOB_KINDS['vgpnn-inpaint'];
    expect(info.outputs(job)).toBe(18);
    expect(info.playback!(job)).toEqual({ fps: 10, loop: 'loop', samples: 3 });
    const validate = (j: VgpnnInpaintJob) =>
      info.validate(j, { images: { source: [32, 40] }, models: null, frames: { source: 6 } }, undefined);
    expect(validate(job)).toBeNull();
    // Nothing painted yet: the Run bar says what to do.
    const unpainted = TASKS['vgpnn-inpaint'].build({ ...FEATURE_SETTINGS, ...facts }) as VgpnnInpaintJob;
    expect(validate(unpainted)).toBe('Paint the hole to fill first.');
  });

  it('remakes one fill from a recipe by its seed, shows it back in the Inpaint task, and names its file', () => {
    const job = TASKS['vgpnn-inpaint'].build({ ...FEATURE_SETTINGS, ...facts, masks }) as VgpnnInpaintJob;
    const { job: one, seed } = singleOutputJob(job, 7);
    expect(seed).toBe(2);
    expect(one).toEqual({ ...job, seeds: [2] });
    const view = recipeViewOf({ ...(one as VgpnnInpaintJob), sigma: 0.5, voting: 'mean' }, FEATURE_SETTINGS);
    expect(view?.task).toBe('vgpnn-inpaint');
    expect(view?.settings?.vgpnn).toMatchObject({ samples: 1, seed: 2, sigma: 0.5, voting: 'mean' });
    expect(exportFileStem('falls.gif', { kind: 'vgpnn-inpaint' }, { type: 'animation', frames: 6, seed: 2 })).toBe(
      'falls-vgpnn-inpainted-seed2-6f',
    );
  });
});
