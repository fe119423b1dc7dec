import { configFromPreset } from '../src/engine/singan/configFromPreset';
import { ATTENTION_PLACEMENTS, type SinganConfig } from '../src/engine/singan/singanConfig';
import { PLACEMENTS, type Placement } from '../src/engine/singan/placements';

/** The SinGAN benchmark's options (scripts/benchSingan.ts): presets, placements, flags and defaults. */

export type SinganSuite = 'singan' | 'attention';

export { PLACEMENTS, type Placement } from '../src/engine/singan/placements';

/** The singan suite's default: each placement once, and the feed-forward block after head attention only. */
export const DEFAULT_PLACEMENTS: readonly string[] = [...ATTENTION_PLACEMENTS, 'head+ff'];

/**
 * The default is a reduced preset that finishes on an emulated GPU
 * (SwiftShader): 48 px (four scales on Places50), 8 channels, 10 iterations
 * of one D and one G step per scale. SwiftShader is bound by dispatches, not
 * pixels: an iteration takes 1–4 s at these sizes and 3–5× that with
 * attention, so 30 iterations × 6 placements × 2 images would take hours.
 * `paper` is the public code's settings (250 px, 32 channels, 2000
 * iterations of 3 + 3 steps), for a real GPU.
 */
export const PRESETS = {
  reduced: { maxSize: 48, minSize: 25, channels: 8, iterations: 10, steps: 1 },
  fast: { maxSize: 128, minSize: 25, channels: 32, iterations: 300, steps: 3 },
  paper: { maxSize: 250, minSize: 25, channels: 32, iterations: 2000, steps: 3 },
} as const;
export type PresetName = keyof typeof PRESETS;

export interface SinganBenchOptions {
  readonly suites: readonly SinganSuite[];
  /** Folder of Places50 (read in place, never copied). */
  readonly dataDir: string;
  readonly images: number;
  /** Particular Places50 files instead of the first `images` (e.g. to train two images in two processes). */
  readonly names: readonly string[] | null;
  readonly preset: PresetName;
  readonly maxSize: number;
  readonly minSize: number;
  readonly channels: number;
  readonly iterations: number;
  readonly steps: number;
  readonly placements: readonly string[];
  /** Attention-core problem sizes, [height, width, channels]. */
  readonly kernelSizes: readonly (readonly [number, number, number])[];
  readonly kernelRepeats: number;
  readonly outDir: string;
  readonly log: (line: string) => void;
}

export const SINGAN_BENCH_USAGE = `SinGAN benchmark options (npx tsx scripts/benchSingan.ts; under npm run bench, --images and --iterations are --singan-images and --singan-iterations)
  --suite singan,attention   parts to run (default both): SinGAN training (throughput and placements), the attention-core kernel
  --data DIR                 Places50 folder (default ../shared/data/places50)
  --images N                 images for the placement study (default 2); throughput uses the first
  --names LIST               these files of the folder instead (e.g. 2.jpg,3.jpg; under npm run bench, --singan-names)
  --preset reduced|fast|paper   sizes and iterations (default reduced: 48 px, 25 px, 8 channels, 10 iterations, 1 step)
  --max-size N --min-size N --channels N --iterations N --steps N   override the preset
  --placements LIST          of ${PLACEMENTS.map((p) => p.label).join(',')} (default ${DEFAULT_PLACEMENTS.join(',')})
  --kernel-sizes LIST        attention-core sizes HxWxC (default 32x32x32,64x64x32,48x64x64); --kernel-repeats R (default 3)
  --out DIR                  where to write singan-<date>.json and .md (default bench/results)`;

export const SINGAN_BENCH_DEFAULTS = {
  dataDir: '../shared/data/places50',
  images: 2,
  kernelSizes: [
    [32, 32, 32],
    [64, 64, 32],
    [48, 64, 64],
  ] as [number, number, number][],
  kernelRepeats: 3,
  outDir: 'bench/results',
};

/** Options from flags (the standalone names); bad ones throw with a message for the usage line. */
export function singanBenchOptions(
  flags: Record<string, string | undefined>,
  log: (line: string) => void,
): SinganBenchOptions {
  const int = (name: string, fallback: number, min = 1) => {
    const v = flags[name];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${v}"`);
    return n;
  };
  const preset = (flags.preset ?? 'reduced') as PresetName;
  if (!(preset in PRESETS)) throw new Error(`--preset must be ${Object.keys(PRESETS).join(', ')}, got "${preset}"`);
  const base = PRESETS[preset];
  const suites = (flags.suite ?? 'singan,attention').split(',').filter(Boolean);
  for (const s of suites)
    if (s !== 'singan' && s !== 'attention') throw new Error(`--suite takes singan and attention, got "${s}"`);
  const placements = flags.placements ? flags.placements.split(',') : [...DEFAULT_PLACEMENTS];
  for (const p of placements)
    if (!PLACEMENTS.some((q) => q.label === p))
      throw new Error(`unknown placement "${p}" (${PLACEMENTS.map((q) => q.label).join(', ')})`);
  const kernelSizes = flags['kernel-sizes']
    ? flags['kernel-sizes'].split(',').map((s) => {
        const dims = s.split('x').map(Number);
        if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d >= 1))
          throw new Error(`--kernel-sizes takes HxWxC,…; got "${s}"`);
        return dims as [number, number, number];
      })
    : SINGAN_BENCH_DEFAULTS.kernelSizes;
  return {
    suites: suites as SinganSuite[],
    dataDir: flags.data ?? SINGAN_BENCH_DEFAULTS.dataDir,
    images: int('images', SINGAN_BENCH_DEFAULTS.images),
    names: flags.names ? flags.names.split(',').filter(Boolean) : null,
    preset,
    maxSize: int('max-size', base.maxSize),
    minSize: int('min-size', base.minSize),
    channels: int('channels', base.channels),
    iterations: int('iterations', base.iterations),
    steps: int('steps', base.steps),
    placements,
    kernelSizes,
    kernelRepeats: int('kernel-repeats', SINGAN_BENCH_DEFAULTS.kernelRepeats),
    outDir: flags.out ?? SINGAN_BENCH_DEFAULTS.outDir,
    log,
  };
}

/**
 * Every size is the bench preset's, on the engine's paper preset, through the
 * same rule as the CLI and the page (the learning-rate drop at the preset's
 * share of the iterations).
 */
export function configFor(o: SinganBenchOptions, p: Placement): SinganConfig {
  return configFromPreset('paper', {
    maxSize: o.maxSize,
    minSize: o.minSize,
    iterations: o.iterations,
    channels: o.channels,
    steps: o.steps,
    attention: p.attention,
    feedForward: p.feedForward,
    // Previews are for the studio's live view; they would only add time here.
    previewEvery: 0,
    seed: 1,
  });
}
