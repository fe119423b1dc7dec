import { SEQUENCE_VARIANTS, type SequenceVariant } from '../src/engine/gif2gif/sequenceConfig';

/** The GIF → GIF benchmark's options (scripts/benchGif2gif.ts), their defaults and their flags under npm run bench. */

export interface Gif2gifBenchOptions {
  /** Side of the square test GIFs, px (also the finest scale). */
  readonly size: number;
  readonly frames: number;
  readonly iterations: number;
  readonly variants: readonly SequenceVariant[];
  /** Which test GIFs, in this order (a long run can spend its time on the one that needs it). */
  readonly sources: readonly Gif2gifBenchSource[];
  readonly channels: number;
  readonly steps: number;
  readonly minSize: number;
  /** Animations per model: seeds 1…seeds. */
  readonly seeds: number;
  /** > 0: every GIF → GIF model also animates its seeds varied from this scale (the coarser scales kept at the reconstruction), as extra rows. */
  readonly startScale: number;
  readonly outDir: string;
  readonly log: (line: string) => void;
}

export const GIF2GIF_BENCH_SOURCES = ['waterfall', 'moving-object'] as const;
export type Gif2gifBenchSource = (typeof GIF2GIF_BENCH_SOURCES)[number];

export const GIF2GIF_BENCH_DEFAULTS = {
  size: 32,
  frames: 6,
  iterations: 100,
  channels: 8,
  steps: 1,
  minSize: 25,
  seeds: 3,
  startScale: 0,
} as const;

export const GIF2GIF_BENCH_USAGE = `GIF → GIF benchmark options (npm run bench -- --suite gif2gif …)
  --gif2gif-size N         side of the square test GIFs and of the finest scale, px (default ${GIF2GIF_BENCH_DEFAULTS.size})
  --gif2gif-frames N       frames of each test GIF and of each generated animation (default ${GIF2GIF_BENCH_DEFAULTS.frames})
  --gif2gif-iterations N   iterations per scale (default ${GIF2GIF_BENCH_DEFAULTS.iterations})
  --gif2gif-variants LIST  of ${SEQUENCE_VARIANTS.join(',')} (default all)
  --gif2gif-sources LIST   test GIFs, of ${GIF2GIF_BENCH_SOURCES.join(',')} (default both)
  --gif2gif-channels N --gif2gif-steps N --gif2gif-min-size N   conv channels (default ${GIF2GIF_BENCH_DEFAULTS.channels}), D/G steps (default ${GIF2GIF_BENCH_DEFAULTS.steps}), coarsest side (default ${GIF2GIF_BENCH_DEFAULTS.minSize})
  --gif2gif-seeds N        animations per model, seeds 1…N, averaged in the table (default ${GIF2GIF_BENCH_DEFAULTS.seeds})
  --gif2gif-start-scale K  also animate every GIF → GIF model varied from scale K (gif2gif generate --start-scale K), as extra rows (default ${GIF2GIF_BENCH_DEFAULTS.startScale}: none)
  --backend webgpu|wasm|cpu   where it trains (wasm is the fast one without a hardware GPU)`;

/** Options from bench.ts's flags; a bad one throws with a message for the usage line. */
export function gif2gifBenchOptions(
  flags: Record<string, string | undefined>,
  outDir: string,
  log: (line: string) => void,
): Gif2gifBenchOptions {
  const int = (name: string, fallback: number, min: number) => {
    const v = flags[`gif2gif-${name}`];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--gif2gif-${name} must be a whole number ≥ ${min}, got "${v}"`);
    return n;
  };
  /** A comma list of names from `allowed` (default: all of them, in their order). */
  const names = <T extends string>(name: string, allowed: readonly T[]): T[] => {
    const list = (flags[`gif2gif-${name}`] ?? allowed.join(',')).split(',').filter(Boolean);
    for (const v of list)
      if (!allowed.includes(v as T)) throw new Error(`--gif2gif-${name} takes ${allowed.join(', ')}; got "${v}"`);
    return list as T[];
  };
  const variants = names('variants', SEQUENCE_VARIANTS);
  const sources = names('sources', GIF2GIF_BENCH_SOURCES);
  if (sources.length === 0) throw new Error('--gif2gif-sources needs at least one test GIF');
  const d = GIF2GIF_BENCH_DEFAULTS;
  const size = int('size', d.size, 32);
  const frames = int('frames', d.frames, 2);
  if (frames > 32)
    throw new Error(`--gif2gif-frames must be at most 32 (GIF → GIF trains on 2 to 32 frames), got ${frames}`);
  return {
    size,
    frames,
    iterations: int('iterations', d.iterations, 1),
    variants,
    sources,
    channels: int('channels', d.channels, 1),
    steps: int('steps', d.steps, 1),
    minSize: int('min-size', Math.min(d.minSize, size), 1),
    seeds: int('seeds', d.seeds, 1),
    startScale: int('start-scale', d.startScale, 0),
    outDir,
    log,
  };
}
