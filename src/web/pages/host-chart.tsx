/**
 * One metric of one host as a uPlot line chart, inside a <figure> named for screen readers
 * ("CPU history for web-1"), with a visible caption summing it up and a visually hidden table of
 * sampled points. The canvas itself is hidden from assistive technology: the text says it all.
 */
import 'uplot/dist/uPlot.min.css';
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import type { HostPointJson } from '../../core/console.js';
import { pct, when } from '../format.js';

export type Metric = 'cpuPct' | 'memUsedPct' | 'diskMaxPct';

export const METRIC_LABELS: Record<Metric, string> = { cpuPct: 'CPU', memUsedPct: 'Memory', diskMaxPct: 'Disk' };

/** Colours come from the CSS variables, so the charts follow light and dark mode. */
function colours() {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { line: read('--chart-line', '#1d4ed8'), grid: read('--border', '#ccc'), text: read('--muted', '#555') };
}

function options(width: number, label: string, rangeMs: number): uPlot.Options {
  const c = colours();
  // The x axis always spans the chosen range up to now, so one point does not stretch over years.
  const xRange = (u: uPlot): uPlot.Range.MinMax => {
    const end = Math.max(Date.now() / 1000, (u.data[0].at(-1) as number | undefined) ?? 0);
    return [end - rangeMs / 1000, end];
  };
  const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
  return {
    width,
    height: 160,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true, range: xRange }, y: { range: [0, 100] } },
    axes: [axis, { ...axis, size: 56, values: (_u, splits) => splits.map((v) => `${v}%`) }],
    series: [{}, { label, stroke: c.line, width: 2, fill: `${c.line}22`, spanGaps: false }],
  };
}

function toData(points: readonly HostPointJson[], metric: Metric): uPlot.AlignedData {
  return [points.map((p) => Date.parse(p.at) / 1000), points.map((p) => p[metric])];
}

/** At most `max` points, evenly spread (always the last), for the hidden table. */
function sample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(points[Math.floor(i * step)]!);
  out.push(points.at(-1)!);
  return out;
}

function summary(points: readonly HostPointJson[], metric: Metric): string {
  const values = points.map((p) => p[metric]).filter((v): v is number => v !== null);
  if (values.length === 0) return 'no data in this range';
  const min = Math.min(...values.slice(-10_000));
  const max = Math.max(...values.slice(-10_000));
  return `latest ${pct(values.at(-1))}, lowest ${pct(min)}, highest ${pct(max)}`;
}

/** The chart of `metric` for `host` over `points` (oldest first); redraws in place as points arrive. */
export function HostChart(props: {
  host: string;
  metric: Metric;
  points: readonly HostPointJson[];
  /** The range's label ("1 h") and length. */
  range: string;
  rangeMs: number;
}) {
  const { host, metric, points, range, rangeMs } = props;
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const label = METRIC_LABELS[metric];
  const data = useMemo(() => toData(points, metric), [points, metric]);
  const latestData = useRef(data);
  latestData.current = data;

  // One plot per element; rebuilt when the colour scheme changes, resized with its box.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const make = () => {
      plot.current?.destroy();
      plot.current = new uPlot(options(Math.max(200, el.clientWidth), label, rangeMs), latestData.current, el);
    };
    make();
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, el.clientWidth);
      if (plot.current && plot.current.width !== width) plot.current.setSize({ width, height: 160 });
    });
    resize.observe(el);
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', make);
    return () => {
      resize.disconnect();
      scheme.removeEventListener('change', make);
      plot.current?.destroy();
      plot.current = null;
    };
  }, [label, rangeMs]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  const rows = sample(points, 24);
  return (
    <figure className="chart" aria-label={`${label} history for ${host}`}>
      <div ref={box} className="chart-canvas" aria-hidden="true" />
      <figcaption>
        {label}, last {range}: {summary(points, metric)}
      </figcaption>
      <table className="visually-hidden">
        <caption>
          {label} of {host}, last {range}, {rows.length} of {points.length} points
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">{label}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.at}>
              <td>{when(p.at)}</td>
              <td>{pct(p[metric])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
