import { JOB_KINDS } from '../../jobs/jobKinds';
import { useMemo, useState } from 'react';
import { selectedRun, useStudio, type Run } from '../store';
import { MetricChart, type ChartSeries } from './MetricChart';
import { PixelCanvas } from './PixelCanvas';
import { useRunEta } from './RunEta';
import { previewPlaceholder, trainingState } from '../trainingState';

const LOSSES = [
  ['dReal', 'D real'],
  ['dFake', 'D fake'],
  ['gp', 'gradient penalty'],
  ['gAdv', 'G adversarial'],
  ['rec', 'reconstruction'],
  // GIF → GIF's coarsest scale only: the chart leaves it out where no point has it.
  ['drift', 'motion drift'],
] as const;

const SIFIDS = [
  ['sifid', 'real vs fake'],
  ['sifid-rec', 'real vs reconstruction'],
  ['sifid-rec-fake', 'reconstruction vs fake'],
] as const;

const formatSeconds = (x: number) => `${x.toFixed(0)} s`;

/** SinGAN and GIF → GIF training, live: the latest sample and reconstruction (film strips for GIF → GIF), loss curves per scale, SIFID over training time. */
export function TrainingPanel() {
  const run = useStudio(selectedRun);
  if (!run || !JOB_KINDS[run.kind].trains) return null;
  return <TrainingView run={run} />;
}

function TrainingView({ run }: { run: Run }) {
  const training = run.training;
  const current = training?.scale ?? 0;
  const [picked, setPicked] = useState<number | null>(null);
  const scale = picked ?? current;
  const lossSeries = useMemo<ChartSeries[]>(() => {
    const points = training?.losses.find((l) => l.scale === scale)?.points ?? [];
    return LOSSES.flatMap(([key, label]) => {
      const series = points.flatMap((p) => {
        const y = p[key];
        return y === undefined ? [] : [{ x: p.iteration, y }];
      });
      return key === 'drift' && series.length === 0 ? [] : [{ label, points: series }];
    });
  }, [training, scale]);
  const sifidSeries = useMemo<ChartSeries[]>(
    () =>
      SIFIDS.map(([name, label]) => ({
        label,
        points: run.metrics
          .filter((m) => m.name === name && m.atMs !== undefined)
          .map((m) => ({ x: (m.atMs as number) / 1000, y: m.value })),
      })).filter((s) => s.points.length > 0),
    [run.metrics],
  );
  const preview = training?.preview ?? null;
  const position = training?.position ?? null;
  const scales = position?.scales ?? preview?.scales ?? null;
  const trainedScales = training?.losses.map((l) => l.scale) ?? [];
  const eta = useRunEta(run);
  return (
    <section className="panel training-panel" aria-label="Training">
      <h2>
        Training{' '}
        <small data-testid="training-status" data-state={run.status}>
          {trainingState(run)}
          {eta !== null && <span data-testid="training-eta"> · {eta}</span>}
        </small>
      </h2>
      {position && position.previewEvery > position.iterations && (
        <p className="hint" data-testid="preview-note">
          Previews come at the end of each scale: the preview interval ({position.previewEvery} iterations) is longer
          than a scale ({position.iterations} iterations).
        </p>
      )}
      <div className="training-previews">
        <figure>
          {preview ? (
            <PixelCanvas pixels={preview.sample} className="preview-canvas" testId="preview-sample" />
          ) : (
            <div className="preview-canvas empty" data-testid="preview-placeholder">
              {previewPlaceholder(run)}
            </div>
          )}
          <figcaption>Random sample</figcaption>
        </figure>
        <figure>
          {preview ? (
            <PixelCanvas pixels={preview.reconstruction} className="preview-canvas" testId="preview-reconstruction" />
          ) : (
            <div className="preview-canvas empty" />
          )}
          <figcaption>Reconstruction</figcaption>
        </figure>
      </div>
      <div className="row">
        <label className="field inline">
          Losses of scale
          <select value={scale} data-testid="loss-scale" onChange={(e) => setPicked(Number(e.currentTarget.value))}>
            {(trainedScales.length ? trainedScales : [0]).map((k) => (
              <option key={k} value={k}>
                {k + 1}
                {scales ? ` / ${scales}` : ''}
              </option>
            ))}
          </select>
        </label>
        {picked !== null && (
          <button type="button" className="link" onClick={() => setPicked(null)}>
            follow training
          </button>
        )}
      </div>
      <MetricChart series={lossSeries} xLabel="iteration" yLabel="loss" integerX testId="loss-chart" />
      <h3>SIFID per finished scale, over training time</h3>
      {sifidSeries.length === 0 ? (
        <p className="hint">Each finished scale large enough for the metric (≥ 19 px) adds a point.</p>
      ) : (
        <MetricChart
          series={sifidSeries}
          xLabel="training time"
          yLabel="SIFID"
          formatX={formatSeconds}
          testId="training-sifid-chart"
        />
      )}
    </section>
  );
}
