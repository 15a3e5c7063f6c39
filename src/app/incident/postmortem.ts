import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { PLACEHOLDER_PATTERN, type PostmortemPlaceholder, postmortemTemplate } from '../../architect/kit/postmortem.js';
import { UserError } from '../../core/errors.js';
import { formatDuration } from '../../incident/index.js';
import type { ServiceConfig } from '../../core/incident-config.js';
import type { ServiceReport } from '../../incident/report/index.js';
import { personTimeZone } from '../config.js';
import { type AppContext, withStore } from '../context.js';
import { showIncident } from './incidents.js';
import { slaReportFrom } from './report.js';
import { type IncidentView, localTime, priorityLabel, type TimelineEntry } from './view.js';
import { makeDirSync } from '../../core/make-dir.js';

/** A filled postmortem, and the placeholders of the template nobody could fill (kept as written). */
export interface Postmortem {
  id: string;
  markdown: string;
  unknown: string[];
}

/**
 * `incident postmortem`: the incident, its timeline and its SLA effect in the template (the
 * built-in one, which the architect kit also writes as POSTMORTEM.md, unless `templateFile`).
 */
export async function postmortem(
  app: AppContext,
  request: { id: string; templateFile?: string | undefined },
  now = new Date(),
): Promise<Postmortem> {
  // Read first: a missing template is the person's to fix before any store is opened.
  const template =
    request.templateFile === undefined ? postmortemTemplate() : readUserTemplate(app, request.templateFile);
  const { incident, timeline } = await showIncident(app, request.id);
  const values = await postmortemValues(app, incident, timeline, now);
  return { id: incident.id, ...fillPostmortem(template, values) };
}

/**
 * Fills `{{name}}` (spaces inside allowed) in one pass, so a value that contains `{{…}}` stays as
 * it is. An unknown placeholder is left as written and reported, as incident tools do with
 * template variables they lack: a typo stays visible in the document instead of vanishing.
 */
export function fillPostmortem(
  template: string,
  values: Readonly<Record<PostmortemPlaceholder, string>>,
): { markdown: string; unknown: string[] } {
  const unknown = new Set<string>();
  const known = values as Readonly<Record<string, string>>;
  const markdown = template.replace(PLACEHOLDER_PATTERN, (match, name: string) => {
    const value = Object.hasOwn(known, name) ? known[name] : undefined;
    if (value !== undefined) return value;
    unknown.add(name);
    return match;
  });
  return { markdown, unknown: [...unknown] };
}

/** Every placeholder's value for one incident; times in the person's zone. */
export async function postmortemValues(
  app: AppContext,
  incident: IncidentView,
  timeline: readonly TimelineEntry[],
  now: Date,
): Promise<Record<PostmortemPlaceholder, string>> {
  const zone = personTimeZone(app.config);
  const open = incident.resolvedAt === null;
  const elapsed = (open ? now.getTime() : Date.parse(incident.resolvedAt!)) - Date.parse(incident.createdAt);
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    priority: priorityLabel(incident),
    service: incident.services[0] ?? '—',
    services: incident.services.join(', ') || '—',
    description: incident.description || '_No description was recorded._',
    reporter: incident.reporter,
    detection: incident.detection || '—',
    opened: localTime(incident.createdAt, zone),
    resolved: open ? 'not yet (still open)' : localTime(incident.resolvedAt!, zone),
    duration: open ? `${formatDuration(elapsed)} so far` : formatDuration(elapsed),
    timezone: zone,
    timeline: timelineMarkdown(timeline),
    sla_effect: await slaEffect(app, incident, now),
    generated: localTime(now, zone),
  };
}

/** One list item per update, oldest first; a note's own lines stay inside its item. */
function timelineMarkdown(timeline: readonly TimelineEntry[]): string {
  if (timeline.length === 0) return '_No updates were recorded._';
  return timeline
    .map((t) => `- **${t.local}** — ${t.status}: ${t.note.trim().replace(/\n/g, '\n  ')} (${t.author})`)
    .join('\n');
}

/**
 * The incident's mark on the SLA, from the same report `incident report` builds: per affected
 * service with health checks, the downtime inside the incident's window and the month's time
 * uptime so far. Services without checks, or not in `services:`, are named as not measured.
 */
async function slaEffect(app: AppContext, incident: IncidentView, now: Date): Promise<string> {
  const covers = (s: ServiceConfig, name: string) => s.id === name || s.alert_services.includes(name);
  const configured = app.config.services.filter((s) => incident.services.some((name) => covers(s, name)));
  const measured = configured.filter((s) => s.checks.length > 0);
  const lines: string[] = [];
  if (measured.length > 0) {
    const zone = personTimeZone(app.config);
    const month = DateTime.fromISO(incident.createdAt, { zone }).toFormat('yyyy-MM');
    const report = await withStore(app, { readOnly: true }, (store) =>
      slaReportFrom(store, app.config, { month }, now),
    );
    const from = Date.parse(incident.createdAt);
    const to = incident.resolvedAt === null ? now.getTime() : Date.parse(incident.resolvedAt);
    for (const service of report.services)
      if (measured.some((s) => s.id === service.id)) lines.push(serviceEffect(service, from, to, month));
  }
  for (const s of configured.filter((c) => c.checks.length === 0))
    lines.push(`- ${s.name} (\`${s.id}\`): no health checks, so no measured downtime.`);
  for (const name of incident.services.filter((n) => !configured.some((s) => covers(s, n))))
    lines.push(`- \`${name}\`: not in \`services:\` of soloops.yaml, so nothing was measured.`);
  if (lines.length === 0) return '_No affected services were recorded (`soloops incident edit ID --service …`)._';
  return lines.join('\n');
}

function serviceEffect(service: ServiceReport, from: number, to: number, month: string): string {
  const a = service.availability;
  const downMs = a.downSpells.reduce(
    (sum, spell) => sum + Math.max(0, Math.min(to, Date.parse(spell.to)) - Math.max(from, Date.parse(spell.from))),
    0,
  );
  const during =
    downMs > 0 ? `down ${formatDuration(downMs)} during the incident` : 'no check down during the incident';
  const monthText =
    a.timeUptimePct === null
      ? `no probes in ${month}`
      : `${month}: ${a.timeUptimePct} % of the time up, ${a.downtime} down in all`;
  return `- ${service.name} (\`${service.id}\`): ${during}; ${monthText} (checks ${a.checks.join(', ')}).`;
}

function readUserTemplate(app: AppContext, file: string): string {
  const target = path.resolve(app.cwd, file);
  try {
    return fs.readFileSync(target, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `cannot read the template ${file}${code ? ` (${code})` : ''}`,
      'pass a Markdown file with {{placeholders}}, or leave out --template for the built-in one',
    );
  }
}

/** Writes the postmortem; an existing file is kept unless `force`. */
export function writePostmortem(app: AppContext, file: string, markdown: string, force: boolean): string {
  const target = path.resolve(app.cwd, file);
  if (fs.existsSync(target) && !force)
    throw new UserError(`${file} already exists`, 'pass --force to overwrite it, or another --out');
  try {
    makeDirSync(path.dirname(target));
    fs.writeFileSync(target, markdown);
  } catch (error) {
    throw new UserError(`cannot write ${file}: ${(error as Error).message}`);
  }
  return target;
}
