import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { integerTicks } from '../chartTicks';

export interface ChartSeries {
  readonly label: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

const PALETTE = ['#6ea8ff', '#58c78a', '#e7b450', '#ef6b6b', '#b78cff', '#4fd1c5', '#f49ac2', '#a3be8c'];

/**
 * A line chart of a metric, one line per series: SIFID per scale while GPNN
 * runs (x = scale, coarse to fine), and the same component plots SIFID over
 * training time for SinGAN (x = seconds). Series may have different x values.
 */
export function MetricChart({
  series,
  xLabel,
  yLabel,
  formatX,
  integerX = false,
  testId,
}: {
  series: readonly ChartSeries[];
  xLabel: string;
  yLabel: string;
  formatX?: (x: number) => string;
  /** The x axis counts things (scales, iterations): ticks on whole numbers only. */
  integerX?: boolean;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => s.label).join('|');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height: 180,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [
        {
          label: xLabel,
          stroke: '#9aa1b2',
          grid: { stroke: '#2a2f3a' },
          values: formatX ? (_u, xs) => xs.map((x) => formatX(x)) : undefined,
          ...(integerX
            ? {
                splits: (_u: uPlot, _axis: number, min: number, max: number, incr: number) => {
                  const ticks = integerTicks(min, max, incr);
                  // The ticks are drawn on a canvas: the page's tests read them here.
                  el.dataset.xTicks = ticks.join(',');
                  return ticks;
                },
              }
            : {}),
        },
        { label: yLabel, stroke: '#9aa1b2', grid: { stroke: '#2a2f3a' } },
      ],
      series: [
        { label: xLabel },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 2,
          points: { show: true, size: 5 },
        })),
      ],
    };
    plot.current = new uPlot(opts, [[]], el);
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(240, el.clientWidth), height: 180 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of lines changes; new points go through setData below.
  }, [shape, xLabel, yLabel, formatX, integerX]); // eslint-disable-line react-hooks/exhaustive-deps -- series' points go through setData

  useEffect(() => {
    const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
    const columns = series.map((s) => {
      const byX = new Map(s.points.map((p) => [p.x, p.y]));
      return xs.map((x) => byX.get(x) ?? null);
    });
    plot.current?.setData([xs, ...columns] as uPlot.AlignedData);
  }, [series]);

  return (
    <div
      ref={host}
      className="metric-chart"
      data-testid={testId}
      data-points={series.reduce((n, s) => n + s.points.length, 0)}
      data-values={JSON.stringify(series.map((s) => s.points.map((p) => Number(p.y.toFixed(4)))))}
    />
  );
}
