import type { GpnnSearch } from '../../../engine/gpnn/searchChoice';
import { FINE_LEVEL_SIDE } from '../../../engine/gpnn/gpnnParams';
import type { Voting } from '../../../engine/patches/voting';
import { setSettings } from '../../../app/studio';
import { retargetSize } from '../tasks';
import { useStudio, type StudioState } from '../../../app/store';
import { NumberField } from '../../../app/components/NumberField';

/**
 * The GPNN parameters every GPNN task's form ends with: the search, the
 * patch size, the completeness (or a task's own alpha), the pyramid.
 */

/** Multiply-adds of one exact search at the finest scale: N·M·p²·3. */
function exactSearchCost(s: StudioState): number {
  if (!s.source) return 0;
  const p = s.gpnn.patchSize;
  const patches = (h: number, w: number) => Math.max(0, h - p + 1) * Math.max(0, w - p + 1);
  const { height, width } = s.source.working;
  const out = s.task === 'gpnn-retarget' ? (retargetSize(s) ?? { height, width }) : { height, width };
  return patches(height, width) * patches(out.height, out.width) * p * p * 3;
}

/** Above these, one exact step takes seconds: ~10⁹ MAC/s in JavaScript, ~10¹² on a mid-range GPU. */
const SLOW_EXACT = { cpu: 2e9, webgpu: 2e12 } as const;

function SearchModeHint({ s }: { s: StudioState }) {
  // A software adapter is WebGPU emulated on the CPU: as slow as the CPU path.
  const backend = useStudio((st) =>
    st.engine.backend?.kind !== 'webgpu' || st.engine.backend.software ? 'cpu' : 'webgpu',
  );
  if (s.gpnn.nn !== 'exact') return null;
  const cost = exactSearchCost(s);
  if (cost < SLOW_EXACT[backend]) return null;
  return (
    <p className="hint hint-suggest" data-testid="suggest-patchmatch">
      Exact search here costs {(cost / 1e9).toFixed(0)} G multiply-adds per step{backend === 'cpu' ? ' on the CPU' : ''}
      : the approximate search (PatchMatch) is much faster.{' '}
      <button type="button" className="link" onClick={() => setSettings('gpnn', { nn: 'patchmatch' })}>
        Use approximate
      </button>
    </p>
  );
}

/**
 * A task's own value of a shared parameter, shown in the shared field's place:
 * retargeting's, editing's and the analogy's alpha, the analogy's coarsest
 * side. One the task fixes (inpainting's alpha) comes without onChange and
 * shows disabled.
 */
export interface OwnSetting {
  readonly value: number;
  readonly onChange?: (v: number) => void;
  readonly title: string;
}

/**
 * `fineAlpha`: the task runs random samples' completeness schedule (samples, and animations whose frame 0 is one).
 * `coarseDim`: the task's own coarsest side (analogies) in the shared field's place.
 */
export function GpnnFields({
  s,
  alpha,
  coarseDim,
  fineAlpha = false,
}: {
  s: StudioState;
  alpha?: OwnSetting;
  coarseDim?: OwnSetting;
  fineAlpha?: boolean;
}) {
  const p = s.gpnn;
  return (
    <>
      <SearchModeHint s={s} />
      <div className="params">
        <label className="field">
          Search
          <select
            value={p.nn}
            data-testid="param-nn"
            title="Auto times this device once, then runs exact search where a whole output takes about 15 s, PatchMatch otherwise."
            onChange={(e) => setSettings('gpnn', { nn: e.currentTarget.value as GpnnSearch })}
          >
            <option value="auto">Auto (exact if fast)</option>
            <option value="exact">Exact</option>
            <option value="patchmatch">Approximate (PatchMatch)</option>
          </select>
        </label>
        {p.nn !== 'exact' ? (
          <NumberField
            label="PatchMatch rounds"
            value={p.pmRounds}
            min={1}
            max={32}
            testId="param-pm-rounds"
            onChange={(v) => setSettings('gpnn', { pmRounds: v })}
          />
        ) : (
          <span />
        )}
        <NumberField
          label="Patch size"
          value={p.patchSize}
          step={2}
          min={3}
          max={11}
          testId="param-patch"
          onChange={(v) => setSettings('gpnn', { patchSize: v })}
        />
        <NumberField
          label="Alpha (completeness)"
          value={alpha?.value ?? p.alpha}
          step={0.001}
          min={0.0001}
          testId="param-alpha"
          title={alpha?.title ?? 'Small: every source patch is pushed to appear. Large: plain nearest neighbour.'}
          disabled={alpha !== undefined && !alpha.onChange}
          onChange={alpha ? (alpha.onChange ?? (() => {})) : (v) => setSettings('gpnn', { alpha: v })}
        />
        {fineAlpha && (
          <NumberField
            label="Fine-level alpha"
            value={p.fineAlpha ?? p.alpha}
            step={0.1}
            min={0.0001}
            testId="param-fine-alpha"
            title={`Completeness where the layout is already set (levels from ${FINE_LEVEL_SIDE}× the coarsest side up); the larger of this and Alpha applies there. The default 1 keeps samples from pasting misplaced chunks; Alpha's value gives the paper's schedule.`}
            onChange={(v) => setSettings('gpnn', { fineAlpha: v })}
          />
        )}
        <label className="field">
          Fine-level vote
          <select
            value={p.fineVote ?? 'mean'}
            data-testid="param-fine-vote"
            title={`How a pixel of the fine levels (from ${FINE_LEVEL_SIDE}× the coarsest side up) takes its value from the patches covering it. Median keeps edges and small things sharp where the patches disagree; Mean is the paper's vote.`}
            onChange={(e) => setSettings('gpnn', { fineVote: e.currentTarget.value as Voting })}
          >
            <option value="median">Median</option>
            <option value="mean">Mean (paper)</option>
          </select>
        </label>
        <NumberField
          label="Iterations per scale"
          value={p.iterations}
          min={1}
          max={100}
          testId="param-iterations"
          onChange={(v) => setSettings('gpnn', { iterations: v })}
        />
        <NumberField
          label="Coarsest side (px)"
          value={coarseDim?.value ?? p.coarseDim}
          min={p.patchSize}
          max={512}
          testId="param-coarse"
          title={coarseDim?.title}
          disabled={coarseDim !== undefined && !coarseDim.onChange}
          onChange={coarseDim ? (coarseDim.onChange ?? (() => {})) : (v) => setSettings('gpnn', { coarseDim: v })}
        />
        <NumberField
          label="Scale ratio R"
          value={p.ratio}
          step={0.01}
          min={1.05}
          max={4}
          testId="param-ratio"
          onChange={(v) => setSettings('gpnn', { ratio: v })}
        />
        <label className="field">
          Distance
          <select
            value={p.distance}
            data-testid="param-distance"
            onChange={(e) => setSettings('gpnn', { distance: e.currentTarget.value as 'l2' | 'sq' })}
          >
            <option value="l2">Euclidean (cdist)</option>
            <option value="sq">Squared (MSE)</option>
          </select>
        </label>
      </div>
    </>
  );
}
