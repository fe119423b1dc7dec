import type { GpnnSearch } from './gpnnParams';
import type { GpnnPlan } from './gpnnPlan';

/**
 * How long GPNN's searches take on one device, and the automatic choice
 * between exact search and PatchMatch that follows from it (docs/algorithms.md,
 * "Automatic search choice").
 *
 * The cost model is what the two searches do: exact search compares every
 * query patch with every key patch in two passes (time ∝ N·M); PatchMatch
 * spends a fixed number of candidate comparisons per query and round (time ∝
 * N·rounds), and its first step at a level starts cold (a random field plus
 * a reverse search over the keys, ∝ N + M). Every step also pays a fixed
 * overhead (dispatches, the fold, a yield). The rates are measured on the
 * device in use (searchCalibration.ts), so the same model serves a laptop
 * GPU, SwiftShader and the CPU backend.
 */

// Declared with the other GPNN parameters (gpnnParams.ts, which imports nothing from here: no cycle); also exported here.
export type { GpnnSearch };
export type ResolvedSearch = Exclude<GpnnSearch, 'auto'>;

/** Measured throughput of one backend's searches (searchCalibration.ts). */
export interface SearchSpeed {
  /** Exact search: query×key patch pairs per millisecond, both passes and the fold included. */
  readonly exactPairsPerMs: number;
  /** PatchMatch with a warm start: query patches × rounds per millisecond, the fold included. */
  readonly pmQueryRoundsPerMs: number;
  /** PatchMatch's cold start: extra milliseconds per query or key patch. */
  readonly pmColdMsPerPatch: number;
  /** Any search-and-fold step, whatever its size. */
  readonly stepOverheadMs: number;
}

/** One pyramid level's search work: patch counts and how many steps run there over the whole task. */
export interface LevelWork {
  readonly level: number;
  readonly queries: number;
  readonly keys: number;
  /** Search-and-fold steps at this level: iterations × outputs × passes. */
  readonly steps: number;
  /** Patch elements relative to the 7×7 patches the speeds are measured with. */
  readonly patchScale: number;
}

/**
 * PatchMatch runs exact search at the levels where that compares at most this
 * many patch pairs per step (the coarsest two or three levels at any image
 * size). Those levels decide the arrangement of a sample, and there
 * PatchMatch's propagation, seeded by a noisy guess with few patches, keeps
 * more of the source's layout than the true nearest neighbours do: on Places50
 * at 48 px its samples' diversity was 15% under exact search's; with these
 * levels exact, 2% under, for a few percent more time.
 * A fixed count, not a measured speed, so a seed gives the same sample on
 * every device.
 */
export const PATCHMATCH_EXACT_LEVEL_PAIRS = 2 ** 17;

/** The search a level really runs: PatchMatch hands its smallest levels to exact search. */
export function levelSearch(nn: ResolvedSearch, queries: number, keys: number): ResolvedSearch {
  return nn === 'patchmatch' && queries * keys <= PATCHMATCH_EXACT_LEVEL_PAIRS ? 'exact' : nn;
}

/** A whole sample finishing in about this long is fast enough for exact search. */
export const AUTO_EXACT_SAMPLE_MS = 15_000;

function patchCount([h, w]: readonly [number, number], patchSize: number): number {
  return Math.max(1, h - patchSize + 1) * Math.max(1, w - patchSize + 1);
}

/** The search work of a task, levels startLevel down to 0. */
export function taskWork(
  plan: GpnnPlan,
  params: { readonly patchSize: number; readonly iterations: number },
  startLevel: number,
  outputs: number,
  passes: number,
): LevelWork[] {
  const work: LevelWork[] = [];
  for (let k = startLevel; k >= 0; k--) {
    work.push({
      level: k,
      queries: patchCount(plan.output[k], params.patchSize),
      keys: patchCount(plan.source[k], params.patchSize),
      steps: params.iterations * outputs * passes,
      patchScale: (params.patchSize / 7) ** 2,
    });
  }
  return work;
}

/** Estimated milliseconds of one step at a level; `cold` = PatchMatch's first step there. */
export function stepMs(w: LevelWork, nn: ResolvedSearch, speed: SearchSpeed, pmRounds: number, cold = false): number {
  if (levelSearch(nn, w.queries, w.keys) === 'exact')
    return speed.stepOverheadMs + (w.patchScale * w.queries * w.keys) / speed.exactPairsPerMs;
  const warm = speed.stepOverheadMs + (w.patchScale * w.queries * pmRounds) / speed.pmQueryRoundsPerMs;
  return cold ? warm + w.patchScale * (w.queries + w.keys) * speed.pmColdMsPerPatch : warm;
}

/** Estimated milliseconds of all steps at one level, over the whole task. */
export function levelMs(
  w: LevelWork,
  nn: ResolvedSearch,
  speed: SearchSpeed,
  pmRounds: number,
  iterations: number,
): number {
  if (levelSearch(nn, w.queries, w.keys) === 'exact') return w.steps * stepMs(w, nn, speed, pmRounds);
  // One cold start per level per output and pass, the other iterations warm.
  const starts = w.steps / iterations;
  return starts * stepMs(w, nn, speed, pmRounds, true) + (w.steps - starts) * stepMs(w, nn, speed, pmRounds);
}

export function estimateMs(
  work: readonly LevelWork[],
  nn: ResolvedSearch,
  speed: SearchSpeed,
  pmRounds: number,
  iterations: number,
): number {
  return work.reduce((sum, w) => sum + levelMs(w, nn, speed, pmRounds, iterations), 0);
}

export interface SearchChoice {
  readonly nn: ResolvedSearch;
  /** The choice was the studio's (nn: 'auto'), not the user's. */
  readonly auto: boolean;
  /** Estimated milliseconds of the whole task under each search. */
  readonly exactMs: number;
  readonly patchMatchMs: number;
  /** One sentence for the page and the CLI: what runs and why. */
  readonly reason: string;
}

/**
 * 'auto' picks exact search when one output (a whole sample, every pass)
 * should finish within AUTO_EXACT_SAMPLE_MS on this device, and PatchMatch
 * otherwise; an explicit choice is kept, with both estimates for the record.
 */
export function chooseSearch(
  requested: GpnnSearch,
  work: readonly LevelWork[],
  outputs: number,
  speed: SearchSpeed,
  pmRounds: number,
  iterations: number,
  device: string,
): SearchChoice {
  const exactMs = estimateMs(work, 'exact', speed, pmRounds, iterations);
  const patchMatchMs = estimateMs(work, 'patchmatch', speed, pmRounds, iterations);
  const perOutput = exactMs / Math.max(1, outputs);
  const on = device ? ` on ${device}` : '';
  const both = `exact about ${roughDuration(exactMs)}, PatchMatch about ${roughDuration(patchMatchMs)}${on}`;
  if (requested !== 'auto') {
    return { nn: requested, auto: false, exactMs, patchMatchMs, reason: `${label(requested)}, as chosen (${both}).` };
  }
  const nn: ResolvedSearch = perOutput <= AUTO_EXACT_SAMPLE_MS ? 'exact' : 'patchmatch';
  const why =
    nn === 'exact'
      ? `each output takes about ${roughDuration(perOutput)} with exact search${on}`
      : `exact search would take about ${roughDuration(perOutput)} per output${on}; PatchMatch about ${roughDuration(patchMatchMs / Math.max(1, outputs))}`;
  return { nn, auto: true, exactMs, patchMatchMs, reason: `${label(nn)} (auto): ${why}.` };
}

function label(nn: ResolvedSearch): string {
  return nn === 'exact' ? 'Exact search' : 'PatchMatch';
}

/** "40 s", "12 min", "3 h", "2 days": an estimate's precision, not a stopwatch's. */
export function roughDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 1) return 'under a second';
  if (s < 90) return `${Math.round(s)} s`;
  const min = s / 60;
  if (min < 90) return `${Math.round(min)} min`;
  const h = min / 60;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} days`;
}
