import type { LoopMode } from '../../protocol/jobs';

/** How an animation plays: the same select in every animation form. */
export function LoopSelect({
  value,
  onChange,
  testId,
  disabled = false,
}: {
  value: LoopMode;
  onChange: (v: LoopMode) => void;
  testId: string;
  disabled?: boolean;
}) {
  return (
    <label className="field">
      Loop
      <select
        value={value}
        data-testid={testId}
        disabled={disabled}
        onChange={(e) => onChange(e.currentTarget.value as LoopMode)}
      >
        <option value="loop">Loop</option>
        <option value="pingpong">Ping-pong</option>
      </select>
    </label>
  );
}
