import { beforeEach, describe, expect, it } from 'vitest';
import { SINGAN_PRESETS } from '../../../engine/singan/singanConfig';
import { setSinganConfig, setSinganPreset } from './settingsActions';
import { initialState, useStudio } from '../../../app/store';

const singan = () => useStudio.getState().singan;

describe('SinGAN settings on the page', () => {
  beforeEach(() => useStudio.setState(initialState, true));

  it('moves the learning-rate drop with the iterations, at the preset’s share, as the CLI does', () => {
    setSinganConfig({ iterations: 1000 });
    expect(singan().config).toMatchObject({ iterations: 1000, lrDropAt: 800 });
    expect(singan().preset).toBe('custom');
    // Now custom: later edits keep the share, with no drift from rounding (7 → 6, then 300 → 240, not 257).
    setSinganConfig({ iterations: 7 });
    expect(singan().config.lrDropAt).toBe(6);
    setSinganConfig({ iterations: 300 });
    expect(singan().config.lrDropAt).toBe(240);
  });

  it('follows the paper preset too', () => {
    setSinganPreset('paper');
    setSinganConfig({ iterations: 500 });
    expect(singan().config).toEqual({ ...SINGAN_PRESETS.paper, iterations: 500, lrDropAt: 400 });
  });

  it('keeps a drop set in the same edit, and leaves it alone on other edits', () => {
    setSinganConfig({ iterations: 1000, lrDropAt: 999 });
    expect(singan().config).toMatchObject({ iterations: 1000, lrDropAt: 999 });
    setSinganConfig({ lrDropAt: 10 });
    setSinganConfig({ maxSize: 96, seed: 4 });
    expect(singan().config).toMatchObject({ iterations: 1000, lrDropAt: 10, maxSize: 96, seed: 4 });
    // A later iterations edit moves it again: only a value set with it holds.
    setSinganConfig({ iterations: 100 });
    expect(singan().config.lrDropAt).toBe(80);
  });

  it('changes nothing else, and keeps the preset for architecture-only edits', () => {
    setSinganConfig({ baseChannels: 4, maxChannels: 8, dSteps: 1 });
    const before = singan().config;
    setSinganConfig({ iterations: 20 });
    expect(singan().config).toEqual({ ...before, iterations: 20, lrDropAt: 16 });
    expect(Object.keys(singan().config)).toEqual(Object.keys(SINGAN_PRESETS.fast));

    useStudio.setState(initialState, true);
    setSinganConfig({ attention: 'head', feedForward: true });
    expect(singan().preset).toBe('fast');
    setSinganPreset('paper');
    expect(singan()).toMatchObject({
      preset: 'paper',
      config: { ...SINGAN_PRESETS.paper, attention: 'head', feedForward: true },
    });
  });
});
