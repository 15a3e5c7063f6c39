import {
  dayText,
  escapeHtml as e,
  INCIDENT_STATUS_TEXT,
  instantText,
  OVERALL_TEXT,
  SERVICE_TEXT,
  uptimeText,
} from './format.js';
import type { DayLevel, PastDay, StatusDay, StatusIncident, StatusModel, StatusService } from './model.js';
import { pageScript } from './script.js';
import { STATUS_CSS } from './style.js';

/** How the page is rendered. */
export interface RenderOptions {
  /**
   * Served by watch at `/status`: adds a small script that listens on `eventsUrl` (Server-Sent
   * Events) and, on each `update` event, fetches the page again and swaps its `<main>`.
   */
  live?: boolean;
  /** Where the live script listens; default `status/events` (relative, so a path prefix still works). */
  eventsUrl?: string;
}

/** The status page: one self-contained HTML document (inline CSS and script, no external requests). */
export function renderStatusPage(model: StatusModel, options: RenderOptions = {}): string {
  const script = pageScript(options.live ? (options.eventsUrl ?? 'status/events') : undefined);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${e(model.title)}</title><style>${STATUS_CSS}</style></head>`,
    `<body>${renderMain(model)}`,
    `<script>${script}</script></body></html>`,
    '',
  ].join('\n');
}

/** The part a live page swaps on each update (its id is what the live script looks for). */
export function renderMain(model: StatusModel): string {
  const names = new Map(model.services.map((s) => [s.id, s.name]));
  return [
    '<main id="main">',
    `<h1>${e(model.title)}</h1>`,
    `<p class="banner ${model.overall}">${OVERALL_TEXT[model.overall]}</p>`,
    model.active.length > 0 ? activeSection(model.active, names) : '',
    servicesSection(model),
    pastSection(model.past, names),
    `<footer><p>Last updated ${e(instantText(model.generatedAt))}.</p></footer>`,
    '</main>',
  ].join('\n');
}

function activeSection(active: readonly StatusIncident[], names: ReadonlyMap<string, string>): string {
  const items = active
    .map((incident) => {
      const major = incident.severity === 'critical' || incident.severity === 'high' ? ' major' : '';
      return incidentHtml(incident, names, `card incident active${major}`, 'h3');
    })
    .join('\n');
  return `<section aria-labelledby="active"><h2 id="active">Active incidents</h2>\n${items}</section>`;
}

function servicesSection(model: StatusModel): string {
  const heading = '<section aria-labelledby="services"><h2 id="services">Services</h2>';
  if (model.services.length === 0) return `${heading}<p class="muted">No services listed yet.</p></section>`;
  const legend = model.hasData
    ? 'Uptime over the past 90 days; each bar is one day (UTC). Focus or hover on a bar for its figures; ' +
      'arrow keys move between days.'
    : 'Data is being prepared.';
  const items = model.services.map((service) => serviceHtml(service, model.hasData)).join('\n');
  return `${heading}<p class="legend">${legend}</p><ul class="card services">\n${items}</ul></section>`;
}

function serviceHtml(service: StatusService, hasData: boolean): string {
  const head =
    `<div class="head"><h3>${e(service.name)}</h3>` +
    `<span class="state ${service.state}">${SERVICE_TEXT[service.state]}</span></div>`;
  const description = service.description ? `<p class="desc">${e(service.description)}</p>` : '';
  if (!hasData) return `<li>${head}${description}</li>`;
  const bars = service.days.map(barHtml).join('');
  const uptime = service.uptime90 === null ? 'No data yet' : `${uptimeText(service.uptime90)} uptime`;
  return (
    `<li>${head}${description}` +
    `<div class="bars" role="group" aria-label="${e(service.name)}: daily uptime, past 90 days">${bars}</div>` +
    `<p class="axis"><span>90 days ago</span><span>${uptime}</span><span>Today</span></p></li>`
  );
}

const LEVEL_CLASS: Record<DayLevel, string> = { operational: 'o', degraded: 'd', outage: 'x', none: 'n' };

/** One day's bar: its label is what screen readers read and what the tooltip shows (CSS attr()). */
function barHtml(day: StatusDay): string {
  const uptime = day.uptime === null ? 'no data' : `${uptimeText(day.uptime)} uptime`;
  const count = day.incidents.length;
  const incidents =
    count === 0
      ? 'no incidents'
      : `${count} incident${count === 1 ? '' : 's'}: ${day.incidents.map((x) => x.title).join('; ')}`;
  const label = e(`${dayText(day.date)}: ${uptime}, ${incidents}`);
  // Unquoted attributes where HTML allows them: 900 bars for 10 services, 6 bytes each.
  return `<i tabindex=0 role=img class=${LEVEL_CLASS[day.level]} aria-label="${label}"></i>`;
}

function pastSection(past: readonly PastDay[], names: ReadonlyMap<string, string>): string {
  const days = past.map((day) => {
    const body =
      day.incidents.length === 0
        ? '<p class="muted">No incidents reported.</p>'
        : day.incidents.map((incident) => incidentHtml(incident, names, 'incident', 'h4')).join('\n');
    return `<li class="day"><h3>${dayText(day.date)}</h3>${body}</li>`;
  });
  return `<section aria-labelledby="past"><h2 id="past">Past incidents</h2><ol>\n${days.join('\n')}</ol></section>`;
}

function incidentHtml(
  incident: StatusIncident,
  names: ReadonlyMap<string, string>,
  className: string,
  heading: 'h3' | 'h4',
): string {
  const affected = incident.services.map((id) => names.get(id) ?? id);
  const affects = affected.length > 0 ? `<p class="affects">Affects ${e(affected.join(', '))}</p>` : '';
  // Newest first, as status pages tell it: the latest word is what a reader came for.
  const updates = [...incident.updates]
    .reverse()
    .map(
      (u) =>
        `<li><strong>${INCIDENT_STATUS_TEXT[u.status]}</strong> ${e(u.note)}` +
        `<time datetime="${e(u.at)}">${e(instantText(u.at))}</time></li>`,
    );
  const timeline = updates.length > 0 ? `<ol class="timeline">${updates.join('')}</ol>` : '';
  return `<article class="${className}"><${heading}>${e(incident.title)}</${heading}>${affects}${timeline}</article>`;
}
