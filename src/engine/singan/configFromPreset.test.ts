import { describe, expect, it } from 'vitest';
import { configFromPreset } from './configFromPreset';
import { SINGAN_CONFIG_KEYS, SINGAN_PRESETS } from './singanConfig';

describe('configFromPreset', () => {
  it('is the preset itself without overrides, in its key order', () => {
    for (const name of ['fast', 'paper'] as const) {
      const c = configFromPreset(name);
      expect(c).toEqual(SINGAN_PRESETS[name]);
      expect(c).not.toBe(SINGAN_PRESETS[name]);
      expect(Object.keys(c)).toEqual([...SINGAN_CONFIG_KEYS]);
    }
  });

  it('keeps the learning-rate drop at the preset’s share of overridden iterations', () => {
    expect(configFromPreset('paper', { iterations: 10 }).lrDropAt).toBe(8);
    expect(configFromPreset('fast', { iterations: 3 }).lrDropAt).toBe(2);
    expect(configFromPreset('fast', { iterations: 7 }).lrDropAt).toBe(6);
    expect(configFromPreset('paper', { iterations: 2000 }).lrDropAt).toBe(1600);
    expect(configFromPreset('fast', { iterations: 5000 }).lrDropAt).toBe(4000);
    // An explicit drop wins; without new iterations the preset's drop stays.
    expect(configFromPreset('fast', { iterations: 100, lrDropAt: 100 }).lrDropAt).toBe(100);
    expect(configFromPreset('fast', { maxSize: 64 }).lrDropAt).toBe(240);
  });

  it('matches the benchmark’s former round(iterations × 0.8) for every whole count it could take', () => {
    const differ: number[] = [];
    for (let it = 1; it <= 100_000; it++)
      if (configFromPreset('paper', { iterations: it }).lrDropAt !== Math.round(it * 0.8)) differ.push(it);
    expect(differ).toEqual([]);
  });

  it('takes channels and steps as shorthands, widening the channel cap when needed', () => {
    const c = configFromPreset('fast', { channels: 8, steps: 1 });
    expect(c).toMatchObject({ baseChannels: 8, maxChannels: 128, dSteps: 1, gSteps: 1 });
    expect(configFromPreset('paper', { channels: 256 })).toMatchObject({ baseChannels: 256, maxChannels: 256 });
    expect(
      configFromPreset('paper', { channels: 8, baseChannels: 16, maxChannels: 16, steps: 2, gSteps: 5 }),
    ).toMatchObject({
      baseChannels: 16,
      maxChannels: 16,
      dSteps: 2,
      gSteps: 5,
    });
  });

  it('gives what the CLI built for singan train before the rule moved here', () => {
    // The former scripts/cli.ts for `--preset fast --max-size 20 --min-size 14 --iterations 3 --channels 8 --steps 1 --attention head --ff --seed 9`.
    const preset = SINGAN_PRESETS.fast;
    const before = {
      ...preset,
      maxSize: 20,
      minSize: 14,
      iterations: 3,
      lrDropAt: Math.round((3 * preset.lrDropAt) / preset.iterations),
      baseChannels: 8,
      maxChannels: Math.max(preset.maxChannels, 8),
      dSteps: 1,
      gSteps: 1,
      attention: 'head' as const,
      feedForward: true,
      previewEvery: 0,
      seed: 9,
    };
    const now = configFromPreset('fast', {
      maxSize: 20,
      minSize: 14,
      iterations: 3,
      channels: 8,
      steps: 1,
      attention: 'head',
      feedForward: true,
      previewEvery: 0,
      seed: 9,
    });
    expect(JSON.stringify(now)).toBe(JSON.stringify(before));
  });

  it('treats undefined as "the preset’s"', () => {
    expect(
      configFromPreset('paper', { iterations: undefined, channels: undefined, steps: undefined, attention: undefined }),
    ).toEqual(SINGAN_PRESETS.paper);
  });
});
