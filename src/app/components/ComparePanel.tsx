import { useState } from 'react';
import { chooseCompare, compareImages } from '../studio';
import { compareRun, pixelsOf, resultRuns, useStudio, type StudioState } from '../store';
import { PixelCanvas } from './PixelCanvas';

function choices(s: StudioState): { key: string; label: string }[] {
  const list = s.source ? [{ key: 'source', label: `Source · ${s.source.name}` }] : [];
  for (const r of resultRuns(s))
    for (const o of r.outputs) list.push({ key: `${r.id}:${o.output}`, label: `#${r.id} ${r.title} · ${o.label}` });
  return list;
}

/** Two images side by side under a split slider, each with its SIFID against the source. */
export function ComparePanel() {
  const s = useStudio();
  const [split, setSplit] = useState(50);
  const options = choices(s);
  const a = pixelsOf(s, s.compare.a);
  const b = pixelsOf(s, s.compare.b);
  const run = compareRun(s);
  const running = run?.status === 'running';
  const sifid = (output: number) => run?.metrics.find((m) => m.output === output && m.name === 'sifid')?.value ?? null;
  const fmt = (v: number | null) => (v === null ? (running ? '…' : '–') : v.toFixed(4));
  if (options.length < 2) return null;
  return (
    <section className="panel compare-panel" aria-label="Compare" data-testid="compare">
      <h2>Compare</h2>
      <div className="row">
        {(['a', 'b'] as const).map((side) => (
          <label key={side} className="field compare-pick">
            Image {side.toUpperCase()}
            <select
              value={s.compare[side] ?? ''}
              data-testid={`compare-${side}`}
              onChange={(e) => chooseCompare(side, e.currentTarget.value || null)}
            >
              <option value="">—</option>
              {options.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="button" onClick={compareImages} disabled={!a || !b || running} data-testid="compare-run">
          SIFID vs source
        </button>
      </div>
      {a && b && (
        <>
          <div className="split" style={{ aspectRatio: `${a.pixels.width} / ${a.pixels.height}` }}>
            <PixelCanvas pixels={b.pixels} className="split-layer" />
            <div className="split-top" style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }}>
              <PixelCanvas pixels={a.pixels} className="split-layer" />
            </div>
            <div className="split-line" style={{ left: `${split}%` }} />
          </div>
          <input
            type="range"
            min={0}
            max={100}
            value={split}
            aria-label="Split"
            data-testid="compare-split"
            className="split-slider"
            onChange={(e) => setSplit(Number(e.currentTarget.value))}
          />
          <p className="hint" data-testid="compare-result">
            A: SIFID {fmt(sifid(0))} · B: SIFID {fmt(sifid(1))} (against the source; lower is closer)
          </p>
        </>
      )}
    </section>
  );
}
