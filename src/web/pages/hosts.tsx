/**
 * Hosts (/console/hosts): each host's latest snapshot as text ("CPU 42 %") and charts of CPU,
 * memory and disk over 1 h / 24 h / 7 d. Live `host` events update the figures and move the charts.
 * Loaded on demand (it brings uPlot), so the first page stays small.
 */
import { useCallback, useState } from 'react';
import { HOST_RANGES, type HostJson, type HostPointJson, type HostRange } from '../../core/console.js';
import { appendPoint, pct, when } from '../format.js';
import { useLive } from '../live.js';
import { ErrorNote } from '../parts.js';
import { useApi, useLiveReload, useTitle } from '../use-api.js';
import { HostChart, type Metric } from './host-chart.js';

const RANGE_LABELS: Record<HostRange, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d' };
const METRICS: Metric[] = ['cpuPct', 'memUsedPct', 'diskMaxPct'];

interface History {
  host: string;
  range: HostRange;
  points: HostPointJson[];
}

function Latest({ host }: { host: HostJson }) {
  return (
    <ul className="latest">
      <li>CPU {pct(host.cpuPct)}</li>
      <li>Memory {pct(host.memUsedPct)}</li>
      <li>Disk {pct(host.diskMaxPct)}</li>
      <li>Load {host.load1 === null ? '—' : host.load1.toFixed(2)}</li>
      <li>Containers {host.containers ?? '—'}</li>
    </ul>
  );
}

function HostCard({ host, range }: { host: HostJson; range: HostRange }) {
  const history = useApi<History>(`/api/hosts/${encodeURIComponent(host.host)}/history?range=${range}`);
  const { setData } = history;
  const onEvent = useCallback<Parameters<typeof useLive>[0]>(
    (event) => {
      if (event.type !== 'host' || event.host.host !== host.host) return;
      const { host: _name, ...point } = event.host;
      setData((current) => current && { ...current, points: appendPoint(current.points, point, HOST_RANGES[range]) });
    },
    [host.host, range, setData],
  );
  useLive(onEvent);
  const points = history.data?.points ?? [];
  const headingId = `host-${host.host.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  return (
    <section className="card card-wide" aria-labelledby={headingId}>
      <h2 id={headingId}>{host.host}</h2>
      <p className="muted small">Snapshot {when(host.at)}</p>
      <Latest host={host} />
      <ErrorNote error={history.error} what={`the history of ${host.host}`} />
      <div className="charts">
        {METRICS.map((m) => (
          <HostChart
            key={m}
            host={host.host}
            metric={m}
            points={points}
            range={RANGE_LABELS[range]}
            rangeMs={HOST_RANGES[range]}
          />
        ))}
      </div>
    </section>
  );
}

/** The hosts page. */
export function HostsPage() {
  useTitle('Hosts');
  const [range, setRange] = useState<HostRange>('1h');
  const hosts = useApi<{ hosts: HostJson[] }>('/api/hosts');
  const { setData, reload } = hosts;
  useLiveReload([], reload);
  const onEvent = useCallback<Parameters<typeof useLive>[0]>(
    (event) => {
      if (event.type !== 'host') return;
      setData((current) => {
        if (!current) return current;
        const known = current.hosts.some((h) => h.host === event.host.host);
        const next = known
          ? current.hosts.map((h) => (h.host === event.host.host ? event.host : h))
          : [...current.hosts, event.host];
        return { hosts: next };
      });
    },
    [setData],
  );
  useLive(onEvent);

  return (
    <>
      <h1>Hosts</h1>
      <fieldset className="segmented">
        <legend>Range</legend>
        {(Object.keys(RANGE_LABELS) as HostRange[]).map((r) => (
          <button key={r} type="button" aria-pressed={range === r} onClick={() => setRange(r)}>
            {RANGE_LABELS[r]}
          </button>
        ))}
      </fieldset>
      <ErrorNote error={hosts.error} what="the hosts" />
      {hosts.data?.hosts.length === 0 && <p className="muted">No host snapshots yet.</p>}
      {hosts.data?.hosts.map((h) => (
        <HostCard key={h.host} host={h} range={range} />
      ))}
    </>
  );
}
