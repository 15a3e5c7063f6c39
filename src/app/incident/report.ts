import { DateTime } from 'luxon';
import { UserError } from '../../core/errors.js';
import type { ServiceConfig } from '../../core/incident-config.js';
import {
  buildSlaReport,
  renderCsv,
  renderHtml,
  renderMarkdown,
  type ServiceReport,
  type SlaReport,
} from '../../incident/report/index.js';
import { personTimeZone } from '../config.js';
import type { Config } from '../config-schema.js';
import type { Store } from '../../store/types.js';
import { type AppContext, withStore } from '../context.js';

export const REPORT_FORMATS = ['md', 'html', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Which report: a month (`2026-11`), or from/to (`YYYY-MM-DD` days, `to` inclusive, or ISO instants). */
export interface ReportRequest {
  service?: string | undefined;
  month?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The period in the person's time zone; default: the last full month. */
export function reportPeriod(request: ReportRequest, timeZone: string, now: Date) {
  if (request.month !== undefined && (request.from !== undefined || request.to !== undefined))
    throw new UserError('--month and --from/--to cannot be combined', 'give either --month 2026-11 or --from and --to');
  if (request.from !== undefined || request.to !== undefined) {
    if (request.from === undefined || request.to === undefined)
      throw new UserError(
        '--from and --to go together',
        'for example `soloops incident report --from 2026-11-01 --to 2026-11-30`',
      );
    const from = instant(request.from, timeZone, '--from', false);
    const to = instant(request.to, timeZone, '--to', true);
    if (from >= to) throw new UserError('--from must be before --to', `got --from ${request.from} --to ${request.to}`);
    return { from: from.toJSDate(), to: to.toJSDate(), label: `${request.from} – ${request.to}` };
  }
  const month =
    request.month === undefined
      ? DateTime.fromJSDate(now, { zone: timeZone }).startOf('month').minus({ months: 1 })
      : parseMonth(request.month, timeZone);
  return {
    from: month.toJSDate(),
    to: month.plus({ months: 1 }).toJSDate(),
    label: month.toFormat('yyyy-MM'),
  };
}

function parseMonth(text: string, zone: string): DateTime {
  const month = /^\d{4}-\d{2}$/.test(text) ? DateTime.fromFormat(text, 'yyyy-MM', { zone }) : null;
  if (!month?.isValid)
    throw new UserError(`--month ${JSON.stringify(text)} is not a month`, 'use YYYY-MM, e.g. 2026-11');
  return month;
}

/** A `YYYY-MM-DD` day in the zone (the end of it when `end`), or an ISO instant. */
function instant(text: string, zone: string, flag: string, end: boolean): DateTime {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = DateTime.fromISO(text, { zone });
    if (day.isValid) return end ? day.plus({ days: 1 }) : day;
  } else {
    const at = DateTime.fromISO(text, { zone });
    if (at.isValid) return at;
  }
  throw new UserError(`${flag} ${JSON.stringify(text)} is not a date`, 'use YYYY-MM-DD or an ISO 8601 time');
}

/** The configured services the report covers: all, or the one asked for (exit 2 naming the others). */
export function reportServices(config: Config, id: string | undefined): ServiceConfig[] {
  if (id === undefined) return config.services;
  const service = config.services.find((s) => s.id === id);
  if (service) return [service];
  const known = config.services.map((s) => s.id);
  throw new UserError(
    `no service ${JSON.stringify(id)} in soloops.yaml`,
    known.length ? `configured services: ${known.join(', ')}` : 'add it under services: in soloops.yaml',
  );
}

/**
 * The SLA report (JSON form) for `incident report` and the HTTP API's `/api/sla/*` routes:
 * availability, response times, usage and incidents per service over the period.
 */
export async function slaReport(app: AppContext, request: ReportRequest = {}, now = new Date()): Promise<SlaReport> {
  return withStore(app, { readOnly: true }, (store) => slaReportFrom(store, app.config, request, now));
}

/** {@link slaReport} over a store that is already open (the watch daemon's). */
export function slaReportFrom(
  store: Pick<Store, 'sla' | 'incidents'>,
  config: Config,
  request: ReportRequest = {},
  now = new Date(),
): Promise<SlaReport> {
  const timeZone = personTimeZone(config);
  const period = reportPeriod(request, timeZone, now);
  const services = reportServices(config, request.service);
  const thresholds = Object.fromEntries(
    config.checks.map((c) => [c.name, { failureThreshold: c.failureThreshold, successThreshold: c.successThreshold }]),
  );
  return buildSlaReport(store, {
    services,
    thresholds,
    ...period,
    now,
    timeZone,
    responseLimitMs: config.incident.response_limit,
  });
}

/** One service's part of a report, for the API's per-service routes. */
export async function serviceSlaReport(
  app: AppContext,
  service: string,
  request: ReportRequest = {},
  now = new Date(),
) {
  const report = await slaReport(app, { ...request, service }, now);
  return { ...report, service: report.services[0] as ServiceReport };
}

/** Checks `--format`; exit 2 naming the formats. */
export function parseReportFormat(text: string | undefined): ReportFormat {
  const format = text ?? 'md';
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new UserError(`unknown report format ${JSON.stringify(format)}`, `use one of: ${REPORT_FORMATS.join(', ')}`);
}

/** The report as text in the format. */
export function renderSlaReport(report: SlaReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return renderCsv(report);
  if (format === 'html') return renderHtml(report);
  return renderMarkdown(report);
}
