import type { Incident, IncidentUpdate } from '../../core/incident.js';
import type { ServiceConfig } from '../../core/incident-config.js';
import type { CheckDay } from '../../core/sla.js';
import { type CheckStatus, incidentAffects, overallState, serviceState } from '../service-state.js';
import {
  BAR_DAYS,
  type BarThresholds,
  type DayLevel,
  PAST_DAYS,
  type StatusDay,
  type StatusIncident,
  type StatusModel,
  type StatusService,
} from './model.js';

const DAY_MS = 86_400_000;

/** Everything the model is computed from; {@link loadStatusModel} reads it from the store. */
export interface StatusInput {
  title: string;
  bars: BarThresholds;
  services: readonly ServiceConfig[];
  /** Each check's current state, by check name (checks without one are `unknown`). */
  checks: ReadonlyMap<string, CheckStatus>;
  /** Probes per check and UTC day over the 90 days ({@link statusWindow}). */
  checkDays: readonly CheckDay[];
  /** Incidents open at any moment of the 90 days, in any order. */
  incidents: readonly Incident[];
  /** Timelines, by incident id (needed for the active ones and those of the last 14 days). */
  updates: ReadonlyMap<string, readonly IncidentUpdate[]>;
  now: Date;
}

/** The UTC days the page covers: [from, to) spans 90 days ending with today. */
export function statusWindow(now: Date): { from: Date; to: Date } {
  const to = new Date(startOfUtcDay(now).getTime() + DAY_MS);
  return { from: new Date(to.getTime() - BAR_DAYS * DAY_MS), to };
}

/** The status page's model: states, 90 daily bars per service, active incidents, 14 days of past ones. */
export function buildStatusModel(input: StatusInput): StatusModel {
  const { from } = statusWindow(input.now);
  const dates = Array.from({ length: BAR_DAYS }, (_, i) => isoDay(new Date(from.getTime() + i * DAY_MS)));
  const perCheckDay = new Map<string, CheckDay>();
  for (const row of input.checkDays) perCheckDay.set(`${row.check}\u0000${row.day}`, row);
  const byService = new Map(input.services.map((service) => [service.id, [] as Incident[]]));
  const newestFirst = [...input.incidents].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  for (const incident of newestFirst) {
    for (const id of serviceIds(incident, input.services)) byService.get(id)?.push(incident);
  }

  const services = input.services.map((service) =>
    statusService(service, dates, perCheckDay, byService.get(service.id) ?? [], input),
  );
  const view = (incident: Incident) => toStatusIncident(incident, input);
  const active = newestFirst.filter((incident) => incident.status !== 'resolved').map(view);
  const today = startOfUtcDay(input.now).getTime();
  const past = Array.from({ length: PAST_DAYS }, (_, i) => {
    const start = today - i * DAY_MS;
    const opened = newestFirst.filter((x) => x.createdAt.getTime() >= start && x.createdAt.getTime() < start + DAY_MS);
    return { date: isoDay(new Date(start)), incidents: opened.map(view) };
  });
  return {
    title: input.title,
    generatedAt: input.now.toISOString(),
    overall: overallState(services.map((s) => s.state)),
    hasData: input.checkDays.some((row) => row.total > 0),
    bars: { ...input.bars },
    services,
    active,
    past,
  };
}

function statusService(
  service: ServiceConfig,
  dates: readonly string[],
  perCheckDay: ReadonlyMap<string, CheckDay>,
  incidents: readonly Incident[],
  input: StatusInput,
): StatusService {
  let allTotal = 0;
  let allOk = 0;
  const days: StatusDay[] = dates.map((date) => {
    let total = 0;
    let ok = 0;
    for (const check of service.checks) {
      const row = perCheckDay.get(`${check}\u0000${date}`);
      if (row) {
        total += row.total;
        ok += row.ok;
      }
    }
    allTotal += total;
    allOk += ok;
    const start = Date.parse(`${date}T00:00:00Z`);
    const during = incidents.filter((x) => openDuring(x, start, start + DAY_MS, input.now));
    return {
      date,
      uptime: percent(ok, total),
      level: dayLevel(ok, total, input.bars),
      incidents: during.map((x) => ({ id: x.id, title: x.title })),
    };
  });
  const checks = service.checks.map((name) => input.checks.get(name) ?? { check: name, state: 'unknown' as const });
  const open = incidents.filter((x) => x.status !== 'resolved');
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    state: serviceState(service, checks, open),
    uptime90: percent(allOk, allTotal),
    days,
  };
}

/** A day's colour: the share of successful checks against status.bars; grey without any check. */
export function dayLevel(ok: number, total: number, bars: BarThresholds): DayLevel {
  if (total <= 0) return 'none';
  const uptime = (ok / total) * 100;
  if (uptime >= bars.operational) return 'operational';
  if (uptime >= bars.degraded) return 'degraded';
  return 'outage';
}

/** ok / total in %, truncated (not rounded) to 3 decimals so that one failure never shows as 100. */
function percent(ok: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.floor((ok / total) * 100_000) / 1000;
}

/** Ids of the configured services an incident affects (by id or alert service, as the service state reads it). */
function serviceIds(incident: Incident, services: readonly ServiceConfig[]): string[] {
  return services.filter((service) => incidentAffects(incident, service)).map((service) => service.id);
}

function openDuring(incident: Incident, start: number, end: number, now: Date): boolean {
  const closed = (incident.resolvedAt ?? now).getTime();
  return incident.createdAt.getTime() < end && closed >= start;
}

function toStatusIncident(incident: Incident, input: StatusInput): StatusIncident {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    priority: incident.priority,
    services: serviceIds(incident, input.services),
    createdAt: incident.createdAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    updates: (input.updates.get(incident.id) ?? []).map((u) => ({
      status: u.status,
      note: u.note,
      at: u.createdAt.toISOString(),
    })),
  };
}

function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
