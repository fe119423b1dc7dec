import { JOB_KINDS } from '../../jobs/jobKinds';
import { useMemo } from 'react';
import { selectedRun, useStudio } from '../store';
import { MetricChart, type ChartSeries } from './MetricChart';

/** SIFID of every streamed scale against the source at that scale, one line per output. */
export function SifidPanel() {
  const run = useStudio(selectedRun);
  const series = useMemo<ChartSeries[]>(() => {
    if (!run || !JOB_KINDS[run.kind].scaleSifid) return [];
    const outputs = [...new Set(run.metrics.map((m) => m.output))].sort((a, b) => a - b);
    return outputs.map((o) => ({
      label: run.expectedOutputs > 1 ? `sample ${o + 1}` : 'output',
      // x counts scales coarse → fine, the order they are computed in.
      points: run.metrics
        .filter((m) => m.name === 'sifid' && m.output === o && m.level !== null)
        .map((m) => ({ x: -(m.level as number), y: m.value })),
    }));
  }, [run]);
  if (!run || !JOB_KINDS[run.kind].scaleSifid) return null;
  return (
    <section className="panel chart-panel" aria-label="SIFID per scale">
      <h2>
        SIFID per scale <small>lower is closer to the source; scales under 19 px have none</small>
      </h2>
      {series.length === 0 ? (
        <p className="hint">Waiting for the first scale large enough to measure…</p>
      ) : (
        <MetricChart
          series={series}
          xLabel="scale"
          yLabel="SIFID"
          formatX={formatLevel}
          integerX
          testId="sifid-chart"
        />
      )}
    </section>
  );
}

const formatLevel = (x: number) => `L${-x}`;
