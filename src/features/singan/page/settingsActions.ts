/** SinGAN's training settings in the page: a preset, or single values that make it custom. */
import { configFromPreset, type SinganPresetName } from '../../../engine/singan/configFromPreset';
import type { SinganConfig } from '../../../engine/singan/singanConfig';
import { useStudio } from '../../../app/store';

export function setSinganPreset(preset: SinganPresetName): void {
  useStudio.setState((s) => ({
    singan: {
      ...s.singan,
      preset,
      config: configFromPreset(preset, {
        attention: s.singan.config.attention,
        feedForward: s.singan.config.feedForward,
      }),
    },
  }));
}

/**
 * Any edit of a single value leaves the preset: the form then says "custom".
 * An edit of the iterations moves the learning-rate drop to the preset's share
 * of them, as the CLI's --iterations does, unless the same edit sets the drop.
 */
export function setSinganConfig(p: Partial<SinganConfig>): void {
  useStudio.setState((s) => {
    const { lrDropAt, ...rest } = s.singan.config;
    const follows = p.iterations !== undefined && p.lrDropAt === undefined;
    // A custom config no longer names its preset; both presets drop at the same share (singanConfig.test.ts), so either gives the rule.
    const preset: SinganPresetName = s.singan.preset === 'custom' ? 'fast' : s.singan.preset;
    const config = configFromPreset(preset, { ...(follows ? rest : { ...rest, lrDropAt }), ...p });
    const onlyArchitecture = Object.keys(p).every((k) => k === 'attention' || k === 'feedForward');
    return { singan: { ...s.singan, config, preset: onlyArchitecture ? s.singan.preset : 'custom' } };
  });
}
