import type { LoopMode } from '../../protocol/jobs';

/** How an animation plays: the same select in every animation form. */
export function LoopSelect({
  value,
  onChange,
  testId,
}: {
  value: LoopMode;
  onChange: (v: LoopMode) => void;
  testId: string;
}) {
  return (
    <label className="field">
      Loop
      <select value={value} data-testid={testId} onChange={(e) => onChange(e.currentTarget.value as LoopMode)}>
        <option value="loop">Loop</option>
        <option value="pingpong">Ping-pong</option>
      </select>
    </label>
  );
}
