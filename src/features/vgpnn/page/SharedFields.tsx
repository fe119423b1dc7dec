import { VOTINGS, type Voting } from '../../../engine/patches/voting';
import { NumberField } from '../../../app/components/NumberField';
import { formatSize } from '../../../engine/image/formatSize';
import { VGPNN_MAX_SIDE, VGPNN_SAMPLES, vgpnnSourceSize } from '..';

/** The working frames' size, and the size Max side shrinks them to when it does: "256×144 px, worked on at 128×72". */
export function framesSizeWords(working: { readonly height: number; readonly width: number }, maxSide: number): string {
  const shrunk = vgpnnSourceSize(working.height, working.width, maxSide);
  const own = `${formatSize(working.width, working.height)} px`;
  return shrunk.width !== working.width ? `${own}, worked on at ${formatSize(shrunk.width, shrunk.height)}` : own;
}

/** How many outputs, one per seed from the first: what both Patches forms start with. */
export function SamplesAndSeed({
  v,
  set,
  prefix,
  label,
  title,
}: {
  readonly v: { readonly samples: number; readonly seed: number };
  readonly set: (patch: { samples?: number; seed?: number }) => void;
  /** The fields' test ids start with it ('vgpnn', 'vgpnn-inpaint'). */
  readonly prefix: string;
  readonly label: string;
  readonly title: string;
}) {
  return (
    <>
      <NumberField
        label={label}
        value={v.samples}
        min={VGPNN_SAMPLES.min}
        max={VGPNN_SAMPLES.max}
        testId={`${prefix}-samples`}
        title={title}
        onChange={(samples) => set({ samples })}
      />
      <NumberField label="Seed" value={v.seed} min={0} testId={`${prefix}-seed`} onChange={(seed) => set({ seed })} />
    </>
  );
}

const VOTING_LABELS: Readonly<Record<Voting, string>> = {
  median: 'Median (sharper)',
  mean: 'Mean (smoother)',
};

/** The Advanced settings both Patches forms share: the working side, the noise and the voting. */
export function MaxSideNoiseVoting({
  v,
  set,
  prefix,
  maxSideTitle,
  sigma,
}: {
  readonly v: { readonly maxSide: number; readonly sigma: number; readonly voting: Voting };
  readonly set: (patch: { maxSide?: number; sigma?: number; voting?: Voting }) => void;
  /** The fields' test ids start with it ('vgpnn', 'vgpnn-inpaint'). */
  readonly prefix: string;
  readonly maxSideTitle: string;
  readonly sigma: { readonly label: string; readonly step: number; readonly title: string };
}) {
  return (
    <>
      <NumberField
        label="Max side (px)"
        value={v.maxSide}
        min={VGPNN_MAX_SIDE.min}
        max={VGPNN_MAX_SIDE.max}
        testId={`${prefix}-max-side`}
        title={maxSideTitle}
        onChange={(maxSide) => set({ maxSide })}
      />
      <NumberField
        label={sigma.label}
        value={v.sigma}
        step={sigma.step}
        min={0}
        max={100}
        testId={`${prefix}-sigma`}
        title={sigma.title}
        onChange={(value) => set({ sigma: value })}
      />
      <label className="field">
        Voting
        <select
          value={v.voting}
          data-testid={`${prefix}-voting`}
          onChange={(e) => set({ voting: e.currentTarget.value as Voting })}
        >
          {VOTINGS.map((voting) => (
            <option key={voting} value={voting}>
              {VOTING_LABELS[voting]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
