import type { Incident, IncidentStore } from '../../core/incident.js';
import type { ServiceConfig } from '../../core/incident-config.js';
import { type CheckTotals, type DownThresholds, type SlaStore, unionSpells } from '../../core/sla.js';
import { resolutionMs } from '../flow.js';
import { atLeast, humanDuration, mean, mergeHist, pct, percentile, share } from './figures.js';
import type { Availability, IncidentStats, ResponseTimes, ServiceReport, SlaReport, Usage } from './types.js';

const DAY_MS = 86_400_000;

/** What the report is built from. */
export interface ReportInput {
  services: readonly ServiceConfig[];
  /** Thresholds of every configured check, by name (unknown checks take the tracker's defaults). */
  thresholds: Readonly<Record<string, DownThresholds>>;
  from: Date;
  to: Date;
  now: Date;
  timeZone: string;
  label: string;
  /** `incident.response_limit`, ms. */
  responseLimitMs: number;
}

export const UPTIME_CONVENTION = 'successful probes / all probes × 100';
export const TIME_UPTIME_CONVENTION =
  'share of the observed time (first probe in the period, or its start, to its end or now) with no check of the ' +
  'service down; a check is down from the first of failureThreshold failed probes in a row to the first of ' +
  'successThreshold successful probes in a row (as watch decides)';
export const PERCENTILE_CONVENTION = 'nearest rank over the successful probes, whole milliseconds';

/** The SLA report of the services over [from, to) (clipped to `now`), from the store's aggregates. */
export async function buildSlaReport(
  stores: { sla: SlaStore; incidents: IncidentStore },
  input: ReportInput,
): Promise<SlaReport> {
  const end = new Date(Math.min(input.to.getTime(), input.now.getTime()));
  const checks = [...new Set(input.services.flatMap((s) => s.checks))];
  const thresholds = Object.fromEntries(
    checks.map((c) => [c, input.thresholds[c] ?? { failureThreshold: 3, successThreshold: 2 }]),
  );
  const totals = await stores.sla.checkTotals(checks, input.from, end);
  const spells = await stores.sla.downSpells(thresholds, input.from, end);
  const unconfigured = input.services.filter((s) => s.baseline_ms === undefined).flatMap((s) => s.checks);
  const earlier = await stores.sla.checkTotals(
    [...new Set(unconfigured)],
    new Date(input.from.getTime() - 30 * DAY_MS),
    input.from,
  );
  const incidents = (await stores.incidents.list()).filter((i) => i.createdAt >= input.from && i.createdAt < input.to);
  const services: ServiceReport[] = [];
  for (const service of input.services) {
    const own = totals.filter((t) => service.checks.includes(t.check));
    const ownSpells = unionSpells(spells.filter((s) => service.checks.includes(s.check)));
    const days = await stores.sla.usageDays(service.id, input.from, end);
    services.push({
      id: service.id,
      name: service.name,
      availability: availability(service.checks, own, ownSpells, input.from, end),
      responseTimes: responseTimes(
        service,
        own,
        earlier.filter((t) => service.checks.includes(t.check)),
        input.responseLimitMs,
      ),
      usage: usage(days),
      incidents: incidentStats(incidents.filter((i) => i.services.includes(service.id))),
    });
  }
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    timeZone: input.timeZone,
    label: input.label,
    generatedAt: input.now.toISOString(),
    services,
  };
}

function availability(
  checks: readonly string[],
  totals: readonly CheckTotals[],
  spells: readonly { from: Date; to: Date }[],
  from: Date,
  end: Date,
): Availability {
  const total = totals.reduce((n, t) => n + t.total, 0);
  const successful = totals.reduce((n, t) => n + t.ok, 0);
  const errorTypes: Record<string, number> = {};
  for (const t of totals)
    for (const [type, n] of Object.entries(t.errors)) errorTypes[type] = (errorTypes[type] ?? 0) + n;
  const firsts = totals.flatMap((t) => (t.first ? [t.first.getTime()] : []));
  const start = firsts.length ? Math.max(from.getTime(), Math.min(...firsts)) : end.getTime();
  const observedMs = Math.max(0, end.getTime() - start);
  const downtimeMs = spells.reduce((n, s) => n + (s.to.getTime() - s.from.getTime()), 0);
  return {
    checks: [...checks],
    totalChecks: total,
    successful,
    failed: total - successful,
    uptimePct: pct(successful, total),
    uptimeConvention: UPTIME_CONVENTION,
    timeUptimePct: total === 0 ? null : pct(observedMs - downtimeMs, observedMs),
    timeUptimeConvention: TIME_UPTIME_CONVENTION,
    observedMs,
    downtimeMs,
    downtime: humanDuration(downtimeMs),
    downtimeMinutes: Math.round(downtimeMs / 60_000),
    downSpells: spells.map((s) => ({
      from: s.from.toISOString(),
      to: s.to.toISOString(),
      minutes: Math.round((s.to.getTime() - s.from.getTime()) / 60_000),
    })),
    errorTypes,
  };
}

function responseTimes(
  service: ServiceConfig,
  totals: readonly CheckTotals[],
  earlier: readonly CheckTotals[],
  limitMs: number,
): ResponseTimes {
  const hist = mergeHist(totals.map((t) => t.hist));
  const previous = mergeHist(earlier.map((t) => t.hist));
  const samples = hist.reduce((n, [, c]) => n + c, 0);
  const all = totals.reduce((n, t) => n + t.total, 0);
  const timeouts = totals.reduce((n, t) => n + (t.errors.timeout ?? 0), 0);
  const [baselineMs, baselineSource] =
    service.baseline_ms !== undefined
      ? [service.baseline_ms, 'configured' as const]
      : previous.length
        ? [percentile(previous, 50), 'previous-30-days' as const]
        : hist.length
          ? [percentile(hist, 50), 'period' as const]
          : [null, 'none' as const];
  return {
    samples,
    averageMs: mean(hist),
    p50Ms: percentile(hist, 50),
    p95Ms: percentile(hist, 95),
    p99Ms: percentile(hist, 99),
    percentileConvention: PERCENTILE_CONVENTION,
    baselineMs,
    baselineSource,
    baselineConvention: BASELINE_WORDS[baselineSource],
    atLeast300Pct: baselineMs === null ? null : share(atLeast(hist, 3 * baselineMs), samples),
    atLeast500Pct: baselineMs === null ? null : share(atLeast(hist, 5 * baselineMs), samples),
    limitMs,
    overLimit: share(atLeast(hist, Math.floor(limitMs) + 1) + timeouts, all),
  };
}

const BASELINE_WORDS = {
  configured: 'the service baseline_ms configured in soloops.yaml',
  'previous-30-days': 'the median response time of the 30 days before the period',
  period: "the period's own median response time (no results in the 30 days before it)",
  none: 'no baseline: no successful probes',
} as const;

function usage(days: readonly { day: string; total: number; ok: number; errors: number }[]): Usage | null {
  if (days.length === 0) return null;
  const total = days.reduce((n, d) => n + d.total, 0);
  const successful = days.reduce((n, d) => n + d.ok, 0);
  return {
    total,
    successful,
    errors: total - successful,
    errorRatePct: pct(total - successful, total),
    days: days.map((d) => ({
      day: d.day,
      total: d.total,
      successful: d.ok,
      errors: d.errors,
      errorRatePct: pct(d.errors, d.total),
    })),
  };
}

/** Totals, counts per priority, the average resolution time (resolved ones) and the list, oldest first. */
export function incidentStats(incidents: readonly Incident[]): IncidentStats {
  const sorted = [...incidents].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const resolved = sorted.flatMap((i) => {
    const ms = resolutionMs(i);
    return ms === null ? [] : [ms];
  });
  const average = resolved.length ? Math.round(resolved.reduce((a, b) => a + b, 0) / resolved.length) : null;
  const count = (p: string) => sorted.filter((i) => i.priority === p).length;
  return {
    total: sorted.length,
    byPriority: { P1: count('P1'), P2: count('P2'), P3: count('P3') },
    averageResolutionMs: average,
    averageResolution: average === null ? null : humanDuration(average),
    list: sorted.map((i) => {
      const ms = resolutionMs(i);
      return {
        id: i.id,
        priority: i.priority,
        title: i.title,
        status: i.status,
        reporter: i.reporter,
        detection: i.detection,
        createdAt: i.createdAt.toISOString(),
        resolvedAt: i.resolvedAt?.toISOString() ?? null,
        resolutionMs: ms,
        resolution: ms === null ? null : humanDuration(ms),
      };
    }),
  };
}
