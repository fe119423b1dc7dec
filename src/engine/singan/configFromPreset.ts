import { SINGAN_PRESETS, type SinganConfig } from './singanConfig';

export type SinganPresetName = keyof typeof SINGAN_PRESETS;

/**
 * Values that replace a preset's; undefined means "the preset's". Besides the
 * config's own fields there are two shorthands the command lines use:
 * `channels` (both nets' channels at the first scales, widening maxChannels
 * if needed) and `steps` (D and G steps alike). A config field given as well
 * wins over its shorthand.
 */
export type SinganOverrides = { readonly [K in keyof SinganConfig]?: SinganConfig[K] } & {
  readonly channels?: number;
  readonly steps?: number;
};

/**
 * The learning-rate drop for `iterations` at the preset's share of them: the
 * public code drops at 1600 of 2000, and a shorter (or longer) training
 * should keep that schedule's shape rather than drop near its end or never.
 */
function lrDropAtFor(preset: Readonly<SinganConfig>, iterations: number): number {
  return Math.round((iterations * preset.lrDropAt) / preset.iterations);
}

/**
 * A preset with overrides, for the page, the CLI and the benchmark alike, so
 * that the same flags or fields give the same training everywhere. The
 * preset's key order is kept: reports and model files print configs as
 * stored, and a reordered config would differ byte for byte.
 */
export function configFromPreset(presetName: SinganPresetName, overrides: SinganOverrides = {}): SinganConfig {
  const preset = SINGAN_PRESETS[presetName];
  const o = overrides;
  const iterations = o.iterations ?? preset.iterations;
  const baseChannels = o.baseChannels ?? o.channels ?? preset.baseChannels;
  return {
    ...preset,
    maxSize: o.maxSize ?? preset.maxSize,
    minSize: o.minSize ?? preset.minSize,
    scaleFactor: o.scaleFactor ?? preset.scaleFactor,
    iterations,
    lrDropAt: o.lrDropAt ?? (o.iterations === undefined ? preset.lrDropAt : lrDropAtFor(preset, iterations)),
    lr: o.lr ?? preset.lr,
    beta1: o.beta1 ?? preset.beta1,
    beta2: o.beta2 ?? preset.beta2,
    dSteps: o.dSteps ?? o.steps ?? preset.dSteps,
    gSteps: o.gSteps ?? o.steps ?? preset.gSteps,
    gpWeight: o.gpWeight ?? preset.gpWeight,
    recWeight: o.recWeight ?? preset.recWeight,
    noiseAmpFactor: o.noiseAmpFactor ?? preset.noiseAmpFactor,
    baseChannels,
    // More channels than the preset's cap would make the config invalid (the cap must hold the first scales).
    maxChannels: o.maxChannels ?? Math.max(preset.maxChannels, baseChannels),
    layers: o.layers ?? preset.layers,
    kernel: o.kernel ?? preset.kernel,
    attention: o.attention ?? preset.attention,
    feedForward: o.feedForward ?? preset.feedForward,
    previewEvery: o.previewEvery ?? preset.previewEvery,
    seed: o.seed ?? preset.seed,
  };
}
