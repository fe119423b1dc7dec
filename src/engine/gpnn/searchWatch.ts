import type { GpnnPlan } from './gpnnPlan';
import { stepCosts, type DecidedSearch, type SearchDecision, type SearchHooks } from './resolveSearch';
import { estimateMs, roughDuration, type LevelWork, type ResolvedSearch } from './searchChoice';

/**
 * The automatic choice's backstop (docs/algorithms.md, "Automatic search
 * choice"). The choice rests on one measured speed, and a speed can be wrong
 * for the job at hand: the machine got busier, or the images make the search
 * slower than the calibration's did. A job that chose exact search times its
 * exact steps; once they have run EXACT_OVERRUN times over their estimate and
 * lost at least EXACT_OVERRUN_MIN_MS, every later step of the job (the rest
 * of this level, the finer levels, the other outputs and passes) runs
 * PatchMatch, and the decision is reported again with the reason.
 */

/**
 * Exact steps this many times slower than estimated, in total, switch the job to PatchMatch… Twice the error
 * the ETA is built to absorb (a cost model 10× off either way, gpnnJobEta.test.ts), so a job that is merely slower
 * than planned keeps its search and its ETA; the misjudgements this catches were 100–200× (3 s said, 419 s taken).
 */
export const EXACT_OVERRUN = 20;
/** …once they have also lost this much time: at the coarse levels a few milliseconds of noise is not evidence. */
export const EXACT_OVERRUN_MIN_MS = 3000;

export class SearchWatch {
  private exactMs = 0;
  private estimatedMs = 0;
  private unitsDone = 0;
  private readonly stepsDone: number[];
  private current: ResolvedSearch;

  constructor(
    private decision: SearchDecision,
    private readonly plan: GpnnPlan,
    private readonly work: readonly LevelWork[],
    private readonly params: { readonly pmRounds: number; readonly iterations: number },
    private readonly outputs: number,
    private readonly deviceName: string,
    private readonly onSwitch: (decision: SearchDecision) => void,
    readonly now: () => number = () => performance.now(),
  ) {
    this.current = decision.choice.nn;
    this.stepsDone = plan.output.map(() => 0);
  }

  /** The search the job runs from now on (a level's own rule, levelSearch, still applies). */
  get nn(): ResolvedSearch {
    return this.current;
  }

  /** After every step: the level, the search it ran and how long it took. */
  stepDone(level: number, ran: ResolvedSearch, ms: number): void {
    this.stepsDone[level]++;
    this.unitsDone += this.decision.stepUs[level];
    const watching = this.decision.choice.auto && this.current === 'exact';
    if (!watching || ran !== 'exact') return;
    this.exactMs += ms;
    this.estimatedMs += this.decision.stepUs[level] / 1000;
    if (this.exactMs > EXACT_OVERRUN * this.estimatedMs && this.exactMs - this.estimatedMs > EXACT_OVERRUN_MIN_MS)
      this.switchToPatchMatch();
  }

  private switchToPatchMatch(): void {
    const old = this.decision;
    const over = this.exactMs / this.estimatedMs;
    const { pmRounds, iterations } = this.params;
    const remaining = this.work.map((w) => ({ ...w, steps: w.steps - this.stepsDone[w.level] }));
    const left = remaining.filter((w) => w.steps > 0);
    const pmLeftMs = estimateMs(left, 'patchmatch', old.speed, pmRounds, iterations);
    // The steps done so far stay counted at their planned cost; the rest at PatchMatch's estimated cost.
    const { stepUs } = stepCosts(this.plan, this.work, 'patchmatch', old.speed, this.params);
    const totalUs = this.unitsDone + remaining.reduce((sum, w) => sum + Math.max(0, w.steps) * stepUs[w.level], 0);
    const on = this.deviceName ? ` on ${this.deviceName}` : '';
    const perOutput = old.choice.exactMs / Math.max(1, this.outputs);
    this.decision = {
      choice: {
        nn: 'patchmatch',
        auto: true,
        exactMs: old.choice.exactMs * over,
        patchMatchMs: old.choice.patchMatchMs,
        reason:
          `PatchMatch (auto, switched): exact search was estimated at about ${roughDuration(perOutput)} per output${on} ` +
          `but ran ${Math.round(over)}× slower, so the rest of this job uses PatchMatch (about ${roughDuration(pmLeftMs)} left).`,
      },
      speed: { ...old.speed, exactPairsPerMs: old.speed.exactPairsPerMs / over },
      stepUs,
      totalUs,
    };
    this.current = 'patchmatch';
    this.onSwitch(this.decision);
  }
}

/** The watch over a job's automatic exact search, or undefined when there is none to watch (an explicit or a PatchMatch choice). */
export function watchSearch(
  decided: DecidedSearch,
  plan: GpnnPlan,
  outputs: number,
  hooks: SearchHooks,
): SearchWatch | undefined {
  const { decision, params, work } = decided;
  if (!decision?.choice.auto || params.nn !== 'exact') return undefined;
  return new SearchWatch(
    decision,
    plan,
    work,
    params,
    outputs,
    hooks.deviceName ?? '',
    (d) => hooks.onSearch?.(d),
    hooks.now,
  );
}
