import { describe, expect, it } from 'vitest';

import { SINGAN_PRESETS, previewDue, validateSinganConfig, type SinganConfig } from './singanConfig';

const paper = SINGAN_PRESETS.paper;
const image = { height: 188, width: 250 };
const withValue = (patch: Partial<Record<keyof SinganConfig, unknown>>) => ({ ...paper, ...patch }) as SinganConfig;

describe('SinGAN presets', () => {
  it('paper has the public code’s hyper-parameters', () => {
    expect(paper).toMatchObject({
      maxSize: 250,
      minSize: 25,
      scaleFactor: 0.75,
      iterations: 2000,
      lrDropAt: 1600,
      lr: 5e-4,
      beta1: 0.5,
      beta2: 0.999,
      dSteps: 3,
      gSteps: 3,
      gpWeight: 0.1,
      recWeight: 10,
      noiseAmpFactor: 0.1,
      baseChannels: 32,
      maxChannels: 128,
      layers: 5,
      kernel: 3,
    });
  });
  it('both presets are valid for a 250×188 image, and fast drops the lr at the same fraction', () => {
    expect(validateSinganConfig(paper, image)).toBeNull();
    expect(validateSinganConfig(SINGAN_PRESETS.fast, image)).toBeNull();
    expect(SINGAN_PRESETS.fast.lrDropAt / SINGAN_PRESETS.fast.iterations).toBe(paper.lrDropAt / paper.iterations);
  });
});

describe('validateSinganConfig', () => {
  it('explains an image too small for the pyramid', () => {
    expect(validateSinganConfig(paper, { height: 20, width: 300 })).toMatch(
      /300×20 px.*shorter side.*at least the smallest scale \(25 px\)/,
    );
  });
  it('explains an aspect ratio the pyramid cannot hold', () => {
    expect(validateSinganConfig(paper, { height: 90, width: 1000 })).toMatch(/becomes 250×23 px.*less elongated/);
  });
  it('rejects non-numbers, non-integers and out-of-range values, naming the field', () => {
    expect(validateSinganConfig(withValue({ iterations: 10.5 }), image)).toMatch(
      /Iterations per scale \(iterations\) must be a whole number.*got 10\.5/,
    );
    expect(validateSinganConfig(withValue({ lr: 0 }), image)).toMatch(/Learning rate \(lr\) must be above 0/);
    expect(validateSinganConfig(withValue({ lr: Number.NaN }), image)).toMatch(/lr\) must be a number; got NaN/);
    expect(validateSinganConfig(withValue({ scaleFactor: 1.2 }), image)).toMatch(/Scale factor/);
    expect(validateSinganConfig(withValue({ kernel: 4 }), image)).toMatch(/Kernel size \(kernel\) must be an odd/);
    expect(validateSinganConfig(withValue({ dSteps: '3' }), image)).toMatch(/D steps \(dSteps\) must be a number/);
    expect(validateSinganConfig(withValue({ minSize: 8 }), image)).toMatch(
      /Smallest scale \(minSize\).*receptive field/,
    );
    expect(validateSinganConfig(withValue({ minSize: 300 }), image)).toMatch(/Smallest scale/);
    expect(validateSinganConfig(withValue({ maxChannels: 16 }), image)).toMatch(/Maximum channels/);
    expect(validateSinganConfig(withValue({ seed: -1 }), image)).toMatch(/Seed/);
    expect(validateSinganConfig(withValue({ attention: 'full' }), image)).toMatch(
      /Attention placement must be one of none, head, body, tail, head\+tail; got full/,
    );
    expect(validateSinganConfig(withValue({ feedForward: 1 }), image)).toMatch(/Feed-forward must be true or false/);
  });
  it('accepts every attention placement', () => {
    for (const attention of ['none', 'head', 'body', 'tail', 'head+tail'] as const) {
      expect(validateSinganConfig({ ...paper, attention, feedForward: true }, image)).toBeNull();
    }
  });
});

describe('previewDue', () => {
  const due = (iterations: number, previewEvery: number) =>
    Array.from({ length: iterations }, (_, it) => it).filter((it) => previewDue(it, { iterations, previewEvery }));
  it('previews every interval and at each scale’s last iteration', () => {
    expect(due(10, 4)).toEqual([3, 7, 9]);
    expect(due(8, 4)).toEqual([3, 7]);
  });
  it('previews once per scale when the interval exceeds the iterations', () => {
    expect(due(20, 50)).toEqual([19]);
  });
  it('never previews with an interval of 0', () => {
    expect(due(20, 0)).toEqual([]);
  });
});
