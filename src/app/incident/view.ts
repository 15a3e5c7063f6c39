import { DateTime } from 'luxon';
import type { Incident, IncidentUpdate, IncidentUpdateJson, IncidentView } from '../../core/incident.js';
import { formatDuration, resolutionMs } from '../../incident/index.js';

/** One timeline entry as `incident show` reports it. */
export interface TimelineEntry extends IncidentUpdateJson {
  /** `at` in the person's time zone, as the text output shows it. */
  local: string;
}

export type { IncidentView };

/** An incident as `--json` and the API report it; `version` counts up with every change. */
export function toView(incident: Incident): IncidentView {
  const ms = resolutionMs(incident);
  return {
    ...incident,
    createdAt: incident.createdAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    resolutionMs: ms,
    resolution: ms === null ? null : formatDuration(ms),
  };
}

/** An instant in the person's time zone: `2026-11-03 11:00 CET`. */
export function localTime(at: Date | string, timeZone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm ZZZZ');
}

/** A timeline entry as `--json` and the HTTP API report it. */
export function toUpdateJson(update: IncidentUpdate): IncidentUpdateJson {
  return { status: update.status, note: update.note, author: update.author, at: update.createdAt.toISOString() };
}

export function toTimeline(updates: readonly IncidentUpdate[], timeZone: string): TimelineEntry[] {
  return updates.map((u) => ({ ...toUpdateJson(u), local: localTime(u.createdAt, timeZone) }));
}

/** "P2 (auto)" when classified, "P2" when given. */
export function priorityLabel(view: Pick<IncidentView, 'priority' | 'priorityAuto'>): string {
  return view.priorityAuto ? `${view.priority} (auto)` : view.priority;
}

/** One line per incident, as `incident list` prints them. */
export function listText(views: readonly IncidentView[], timeZone: string): string {
  if (views.length === 0) return 'no incidents';
  return views
    .map((v) =>
      [
        v.id,
        priorityLabel(v).padEnd(9),
        v.status.padEnd(13),
        localTime(v.createdAt, timeZone),
        v.title,
        v.services.length ? `[${v.services.join(', ')}]` : '',
      ]
        .filter(Boolean)
        .join('  '),
    )
    .join('\n');
}

/** `incident show`: the fields, then the timeline oldest first. */
export function showText(view: IncidentView, timeline: readonly TimelineEntry[], timeZone: string): string {
  const lines = [
    `${view.id}  ${view.title}`,
    `status      ${view.status}`,
    `severity    ${view.severity}    priority ${priorityLabel(view)}`,
    `services    ${view.services.join(', ') || '—'}`,
    `reporter    ${view.reporter}`,
    `detection   ${view.detection || '—'}`,
    `opened      ${localTime(view.createdAt, timeZone)}`,
    `resolved    ${view.resolvedAt ? `${localTime(view.resolvedAt, timeZone)} (after ${view.resolution})` : '—'}`,
  ];
  if (view.description) lines.push('', view.description);
  lines.push('', 'Timeline:');
  for (const t of timeline) lines.push(`  ${t.local}  ${t.status.padEnd(13)} ${t.note}  — ${t.author}`);
  return lines.join('\n');
}
