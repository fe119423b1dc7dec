/** A labelled numeric input; invalid input is passed through so validation can explain it. */
export function NumberField(props: {
  label: string;
  value: number;
  onChange: (v: number) => void;
  step?: number;
  min?: number;
  max?: number;
  testId?: string;
  title?: string;
  disabled?: boolean;
}) {
  return (
    <label className="field" title={props.title}>
      {props.label}
      <input
        type="number"
        step={props.step ?? 1}
        min={props.min}
        max={props.max}
        value={Number.isFinite(props.value) ? Number(props.value.toFixed(6)) : ''}
        data-testid={props.testId}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.value === '' ? Number.NaN : Number(e.currentTarget.value))}
      />
    </label>
  );
}
