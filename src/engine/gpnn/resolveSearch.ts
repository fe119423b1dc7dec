import type { GpnnBackend } from './gpnnBackend';
import type { GpnnParams } from './gpnnParams';
import type { GpnnPlan } from './gpnnPlan';
import { searchSpeedOf } from './searchCalibration';
import {
  chooseSearch,
  levelMs,
  taskWork,
  type LevelWork,
  type ResolvedSearch,
  type SearchChoice,
  type SearchSpeed,
} from './searchChoice';

/** GPNN parameters with the search decided: what synthesis runs with. */
export type ResolvedGpnnParams = Omit<GpnnParams, 'nn'> & { readonly nn: ResolvedSearch };

/** The decided search with what it was decided from, for progress weights and the page. */
export interface SearchDecision {
  readonly choice: SearchChoice;
  readonly speed: SearchSpeed;
  /**
   * Estimated whole microseconds of one step at each level (index = level; cold
   * starts spread over the level's steps): integers, so progress summed step by
   * step lands exactly on the total.
   */
  readonly stepUs: readonly number[];
  /** Σ steps × stepUs over the task's levels. */
  readonly totalUs: number;
}

export interface SearchHooks {
  /** The device's speed; default: measured once per backend (searchCalibration.ts). */
  readonly searchSpeed?: () => Promise<SearchSpeed>;
  /** Named in the reason, e.g. "SwiftShader". */
  readonly deviceName?: string;
  /**
   * Called once the search is decided; asking for it makes the task measure the speed even for an explicit choice.
   * Called again if an automatic exact search runs far over its estimate and the job switches to PatchMatch
   * (searchWatch.ts).
   */
  readonly onSearch?: (decision: SearchDecision) => void;
  /** The clock search steps are timed with (default performance.now; tests pass a simulated one). */
  readonly now?: () => number;
}

/** The decided search, the work it was costed on, and the decision itself (null when nothing asked for it). */
export interface DecidedSearch {
  readonly params: ResolvedGpnnParams;
  readonly work: readonly LevelWork[];
  readonly decision: SearchDecision | null;
}

/** Per-step microseconds and their total over the task, for a decided search. */
export function stepCosts(
  plan: GpnnPlan,
  work: readonly LevelWork[],
  nn: ResolvedSearch,
  speed: SearchSpeed,
  params: Pick<GpnnParams, 'pmRounds' | 'iterations'>,
): { stepUs: number[]; totalUs: number } {
  const stepUs = plan.output.map(() => 0);
  let totalUs = 0;
  for (const w of work) {
    stepUs[w.level] = Math.max(
      1,
      Math.round((1000 * levelMs(w, nn, speed, params.pmRounds, params.iterations)) / w.steps),
    );
    totalUs += w.steps * stepUs[w.level];
  }
  return { stepUs, totalUs };
}

/**
 * Decides 'auto' (or keeps an explicit choice), from the task's real work:
 * the output pyramid it runs, how many outputs and passes. The speed is only
 * measured when something needs it.
 */
export async function decideSearch<Img>(
  backend: GpnnBackend<Img>,
  plan: GpnnPlan,
  params: GpnnParams,
  startLevel: number,
  outputs: number,
  passes: number,
  hooks: SearchHooks,
): Promise<DecidedSearch> {
  const work = taskWork(plan, params, startLevel, outputs, passes);
  if (params.nn !== 'auto' && !hooks.onSearch) return { params: params as ResolvedGpnnParams, work, decision: null };
  const speed = await (hooks.searchSpeed ?? (() => searchSpeedOf(backend)))();
  const choice = chooseSearch(
    params.nn,
    work,
    outputs,
    speed,
    params.pmRounds,
    params.iterations,
    hooks.deviceName ?? '',
  );
  const decision: SearchDecision = { choice, speed, ...stepCosts(plan, work, choice.nn, speed, params) };
  hooks.onSearch?.(decision);
  return { params: { ...params, nn: choice.nn }, work, decision };
}
