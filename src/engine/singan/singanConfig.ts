import { singanPyramid } from './singanPyramid';
import { formatSize } from '../image/formatSize';

/** Where axial attention sits in G (mirrored in D); docs/algorithms.md, "Attention placements". */
export type AttentionPlacement = 'none' | 'head' | 'body' | 'tail' | 'head+tail';

export const ATTENTION_PLACEMENTS: readonly AttentionPlacement[] = ['none', 'head', 'body', 'tail', 'head+tail'];

export interface SinganConfig {
  /** Longer side of the finest scale, px (the image is shrunk to it if larger). */
  maxSize: number;
  /** Shorter side of the coarsest scale, px. */
  minSize: number;
  /** Nominal pyramid factor; the effective one is adjusted so the coarsest scale lands on minSize. */
  scaleFactor: number;
  /** Iterations per scale. */
  iterations: number;
  /** Iteration (0-based, absolute) from which both learning rates are ×0.1; ≥ iterations means never. */
  lrDropAt: number;
  lr: number;
  beta1: number;
  beta2: number;
  dSteps: number;
  gSteps: number;
  /** WGAN-GP penalty weight. */
  gpWeight: number;
  /** Weight of the reconstruction MSE in G's loss (alpha). */
  recWeight: number;
  /** Noise amplitude above the coarsest scale = this × RMSE(real, upsampled reconstruction). */
  noiseAmpFactor: number;
  /** Channels at scales 0–3; doubled every 4 scales up to maxChannels. */
  baseChannels: number;
  maxChannels: number;
  /** Convolutions per net: head + (layers − 2) body blocks + tail. */
  layers: number;
  /** Odd convolution size. */
  kernel: number;
  attention: AttentionPlacement;
  /** A feed-forward block after each attention block (transformer-decoder style). */
  feedForward: boolean;
  /** Iterations between preview images; 0 = none. */
  previewEvery: number;
  seed: number;
}

/**
 * Whether iteration `it` (0-based) of a scale ends with a preview: every
 * `previewEvery` iterations and, whatever the interval, at the scale's last
 * one, so a training with fewer iterations per scale than the interval still
 * shows every scale. 0 turns previews off.
 */
export function previewDue(it: number, config: Pick<SinganConfig, 'iterations' | 'previewEvery'>): boolean {
  return config.previewEvery > 0 && ((it + 1) % config.previewEvery === 0 || it + 1 === config.iterations);
}

/** Key order of the canonical form (model files are byte-exact round trips). */
export const SINGAN_CONFIG_KEYS = [
  'maxSize',
  'minSize',
  'scaleFactor',
  'iterations',
  'lrDropAt',
  'lr',
  'beta1',
  'beta2',
  'dSteps',
  'gSteps',
  'gpWeight',
  'recWeight',
  'noiseAmpFactor',
  'baseChannels',
  'maxChannels',
  'layers',
  'kernel',
  'attention',
  'feedForward',
  'previewEvery',
  'seed',
] as const satisfies readonly (keyof SinganConfig)[];

const PAPER: SinganConfig = {
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
  attention: 'none',
  feedForward: false,
  previewEvery: 250,
  seed: 1,
};

export const SINGAN_PRESETS: Readonly<{ paper: Readonly<SinganConfig>; fast: Readonly<SinganConfig> }> = {
  /** The public SinGAN code's hyper-parameters. */
  paper: PAPER,
  /**
   * About 25–40× less work than `paper`: 128 px instead of 250 (≈4× fewer
   * pixels at the finest scale, two or three fewer scales) and 300 instead of
   * 2000 iterations per scale. It keeps the architecture and losses, so
   * samples keep the image's structure, but fine texture is softer and more
   * samples show artefacts; use it to explore, `paper` for final results.
   */
  fast: { ...PAPER, maxSize: 128, iterations: 300, lrDropAt: 240, previewEvery: 50 },
};

/** Smallest map a net accepts: its valid convolutions must leave at least one pixel. */
export function receptiveField(config: Pick<SinganConfig, 'layers' | 'kernel'>): number {
  return config.layers * (config.kernel - 1) + 1;
}

/** Copy with the canonical key order and nothing else. */
export function canonicalSinganConfig(config: SinganConfig): SinganConfig {
  const out: Record<string, unknown> = {};
  for (const k of SINGAN_CONFIG_KEYS) out[k] = config[k];
  return out as unknown as SinganConfig;
}

export function sameSinganConfig(a: SinganConfig, b: SinganConfig): boolean {
  return SINGAN_CONFIG_KEYS.every((k) => Object.is(a[k], b[k]));
}

type Check = [keyof SinganConfig, string, (v: number, c: SinganConfig) => boolean, string];

const isInt = Number.isInteger;
const CHECKS: Check[] = [
  ['maxSize', 'Largest scale', (v) => isInt(v) && v >= 16 && v <= 2048, 'a whole number of pixels from 16 to 2048'],
  [
    'minSize',
    'Smallest scale',
    (v, c) => isInt(v) && v >= receptiveField(c) && v <= c.maxSize,
    'a whole number of pixels, at least the nets’ receptive field (layers·(kernel−1)+1) and at most the largest scale',
  ],
  ['scaleFactor', 'Scale factor', (v) => v >= 0.3 && v <= 0.95, 'between 0.3 and 0.95'],
  ['iterations', 'Iterations per scale', (v) => isInt(v) && v >= 1 && v <= 100_000, 'a whole number from 1 to 100000'],
  ['lrDropAt', 'Learning-rate drop', (v) => isInt(v) && v >= 0, 'a whole iteration number ≥ 0'],
  ['lr', 'Learning rate', (v) => v > 0 && v <= 0.1, 'above 0 and at most 0.1'],
  ['beta1', 'Adam β1', (v) => v >= 0 && v < 1, 'at least 0 and below 1'],
  ['beta2', 'Adam β2', (v) => v >= 0 && v < 1, 'at least 0 and below 1'],
  ['dSteps', 'D steps', (v) => isInt(v) && v >= 1 && v <= 20, 'a whole number from 1 to 20'],
  ['gSteps', 'G steps', (v) => isInt(v) && v >= 1 && v <= 20, 'a whole number from 1 to 20'],
  ['gpWeight', 'Gradient-penalty weight', (v) => v >= 0 && v <= 1000, 'from 0 to 1000'],
  ['recWeight', 'Reconstruction weight', (v) => v >= 0 && v <= 1000, 'from 0 to 1000'],
  ['noiseAmpFactor', 'Noise amplitude factor', (v) => v >= 0 && v <= 10, 'from 0 to 10'],
  ['baseChannels', 'Channels', (v) => isInt(v) && v >= 1 && v <= 512, 'a whole number from 1 to 512'],
  [
    'maxChannels',
    'Maximum channels',
    (v, c) => isInt(v) && v >= c.baseChannels && v <= 512,
    'a whole number from the channel count to 512',
  ],
  ['layers', 'Layers', (v) => isInt(v) && v >= 2 && v <= 10, 'a whole number from 2 to 10'],
  ['kernel', 'Kernel size', (v) => isInt(v) && v >= 1 && v <= 7 && v % 2 === 1, 'an odd whole number from 1 to 7'],
  ['previewEvery', 'Preview interval', (v) => isInt(v) && v >= 0, 'a whole number of iterations ≥ 0 (0 = no previews)'],
  ['seed', 'Seed', (v) => isInt(v) && v >= 0 && v <= 0xffffffff, 'a whole number from 0 to 4294967295'],
];

/** A user-facing reason the config cannot train on an image of this size, or null. */
export function validateSinganConfig(
  config: SinganConfig,
  image: { readonly height: number; readonly width: number },
): string | null {
  if (config == null || typeof config !== 'object') return 'SinGAN settings are missing.';
  for (const [key, label, ok, range] of CHECKS) {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return `${label} (${key}) must be a number; got ${String(v)}.`;
    if (!ok(v, config)) return `${label} (${key}) must be ${range}; got ${v}.`;
  }
  if (!ATTENTION_PLACEMENTS.includes(config.attention)) {
    return `Attention placement must be one of ${ATTENTION_PLACEMENTS.join(', ')}; got ${String(config.attention)}.`;
  }
  if (typeof config.feedForward !== 'boolean')
    return `Feed-forward must be true or false; got ${String(config.feedForward)}.`;
  const { height, width } = image;
  if (!isInt(height) || !isInt(width) || height < 1 || width < 1)
    return `Invalid image size ${formatSize(width, height)}.`;
  try {
    singanPyramid(config, height, width);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return null;
}
