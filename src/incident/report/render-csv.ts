import type { SlaReport } from './types.js';

/** RFC 4180: quoted when it holds a comma, quote or line break. */
const field = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const COLUMNS = [
  'service',
  'name',
  'total_checks',
  'successful',
  'failed',
  'uptime_pct',
  'time_uptime_pct',
  'downtime_minutes',
  'errors',
  'avg_ms',
  'p50_ms',
  'p95_ms',
  'p99_ms',
  'baseline_ms',
  'baseline_source',
  'at_least_300pct',
  'at_least_500pct',
  'over_limit',
  'usage_total',
  'usage_successful',
  'usage_errors',
  'usage_error_rate_pct',
  'incidents',
  'p1',
  'p2',
  'p3',
  'avg_resolution_minutes',
];

/** One row per service with the headline figures (the JSON format has everything). */
export function renderCsv(report: SlaReport): string {
  const rows = report.services.map((s) => {
    const a = s.availability;
    const r = s.responseTimes;
    const i = s.incidents;
    return [
      s.id,
      s.name,
      a.totalChecks,
      a.successful,
      a.failed,
      a.uptimePct,
      a.timeUptimePct,
      a.downtimeMinutes,
      Object.entries(a.errorTypes)
        .map(([t, n]) => `${t}:${n}`)
        .join(' '),
      r.averageMs,
      r.p50Ms,
      r.p95Ms,
      r.p99Ms,
      r.baselineMs,
      r.baselineSource,
      r.atLeast300Pct?.count ?? null,
      r.atLeast500Pct?.count ?? null,
      r.overLimit.count,
      s.usage?.total ?? null,
      s.usage?.successful ?? null,
      s.usage?.errors ?? null,
      s.usage?.errorRatePct ?? null,
      i.total,
      i.byPriority.P1,
      i.byPriority.P2,
      i.byPriority.P3,
      i.averageResolutionMs === null ? null : Math.round(i.averageResolutionMs / 60_000),
    ]
      .map(field)
      .join(',');
  });
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
