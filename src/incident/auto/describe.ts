import type { FailingSource, IncidentSeverity, NewIncident } from '../../core/incident.js';
import type { ServiceConfig } from '../../core/incident-config.js';
import type { AlertGroup } from '../../core/watch.js';
import { classifyPriority, formatDuration } from '../flow.js';

/** Who automatic incidents and their updates are by. */
export const WATCH_REPORTER = 'soloops watch';

/** What an automatic incident needs to know about a check that went down. */
export interface DownCheck {
  name: string;
  url: string;
  service: string;
  /** Probe timeout, ms: a timeout reads "slower than 7 s". */
  timeout: number;
  failureThreshold: number;
  /** The check's configured severity; unset counts as critical. */
  severity?: 'critical' | 'warning' | 'info' | undefined;
}

/**
 * The incident's severity for a check going down. A check the person marked warning or info (one
 * that does not wake them, e.g. the docs site) is still an outage, but a lesser one: P2 / P3 by the
 * priority rule rather than P1.
 */
const SEVERITY_OF_CHECK = { critical: 'critical', warning: 'high', info: 'medium' } as const;

/** The probe that completed the failure streak. */
export interface DownProbe {
  /** The streak's first failing probe (ISO). */
  since: string;
  errorType?: string | undefined;
  error?: string | undefined;
  status?: number | undefined;
}

/** What a failing source becomes: the link, the incident it would open and the timeline notes. */
export interface Described {
  source: FailingSource;
  open: NewIncident;
  notes: { opened: string; joined: string; again: string };
}

/** Why the probes failed, in a person's words: "(connection refused)", "(HTTP 503)". */
function reason(probe: DownProbe): string {
  const error = probe.error ?? '';
  switch (probe.errorType) {
    case 'connection':
      return /ECONNREFUSED/.test(error)
        ? 'connection refused'
        : /ECONNRESET/.test(error)
          ? 'connection reset'
          : 'no connection';
    case 'dns':
      return 'DNS lookup failed';
    case 'tls':
      return 'TLS failed';
    case 'http':
      return probe.status === undefined ? 'unexpected HTTP status' : `HTTP ${probe.status}`;
    case 'body':
      return 'expected text missing from the body';
    default:
      return error || 'failed';
  }
}

/** The rule that fired: "3 checks in a row failed (connection refused)", "3 checks in a row slower than 7 s". */
export function detectionOf(check: Pick<DownCheck, 'timeout' | 'failureThreshold'>, probe: DownProbe): string {
  const n = check.failureThreshold;
  const checks = n === 1 ? '1 check' : `${n} checks in a row`;
  if (probe.errorType === 'timeout') return `${checks} slower than ${Number((check.timeout / 1000).toFixed(1))} s`;
  return `${checks} failed (${reason(probe)})`;
}

/** The configured services a check belongs to (by check name); else the check's own `service`. */
export function servicesOfCheck(
  services: readonly ServiceConfig[],
  check: Pick<DownCheck, 'name' | 'service'>,
): string[] {
  const ids = services.filter((s) => s.checks.includes(check.name)).map((s) => s.id);
  return ids.length > 0 ? ids : [check.service];
}

/** The configured services an alert's `service` belongs to (its id or one of its alert_services); else itself. */
export function servicesOfAlert(services: readonly ServiceConfig[], service: string): string[] {
  const ids = services.filter((s) => s.id === service || s.alert_services.includes(service)).map((s) => s.id);
  return ids.length > 0 ? ids : [service];
}

const nameOf = (services: readonly ServiceConfig[], id: string) => services.find((s) => s.id === id)?.name ?? id;

function incident(
  title: string,
  description: string,
  detection: string,
  services: string[],
  severity: IncidentSeverity = 'critical', // a wake or an outage: users cannot use the product
): NewIncident {
  return {
    title,
    description,
    severity,
    priority: classifyPriority(severity, services),
    priorityAuto: true,
    services,
    reporter: WATCH_REPORTER,
    detection,
  };
}

/** A health check that went down past its failure threshold. */
export function describeCheckDown(services: readonly ServiceConfig[], check: DownCheck, probe: DownProbe): Described {
  const ids = servicesOfCheck(services, check);
  const detection = detectionOf(check, probe);
  const title = `${ids.map((id) => nameOf(services, id)).join(', ')} is down`;
  const description = `${check.url} failing since ${probe.since}${probe.error ? `: ${probe.error}` : ''}`;
  return {
    source: { kind: 'check', ref: check.name, services: ids, title: `${check.name} is down`, once: false },
    open: incident(title, description, detection, ids, SEVERITY_OF_CHECK[check.severity ?? 'critical']),
    notes: {
      opened: `Opened by soloops watch: check ${check.name}, ${detection}.`,
      joined: `Check ${check.name} is down too: ${detection}.`,
      again: `Check ${check.name} failed again: ${detection}.`,
    },
  };
}

/** A critical alert group that woke (or would have woken) the person. */
export function describeWake(services: readonly ServiceConfig[], group: AlertGroup): Described {
  const ids = servicesOfAlert(services, group.service);
  const count = group.alertCount === 1 ? '1 alert' : `${group.alertCount} alerts`;
  const subject = `${group.service}: ${group.title}`;
  return {
    source: { kind: 'group', ref: String(group.id), services: ids, title: subject, once: true },
    open: incident(
      subject,
      `${count} since ${group.firstSeen.toISOString()} (alert group #${group.id})`,
      group.title,
      ids,
    ),
    notes: {
      opened: `Opened by soloops watch: woke the person for alert group #${group.id} (${subject}).`,
      joined: `Woke the person for alert group #${group.id} (${subject}).`,
      again: `Alert group #${group.id} (${subject}) fires again.`,
    },
  };
}

/** How an acknowledgement arrived, for the timeline. */
export function acknowledgedVia(via: string | null): string {
  switch (via) {
    case 'cli':
      return 'with soloops ack';
    case 'call':
      return 'by a key press on the call';
    case 'sms':
      return 'by SMS reply';
    case 'http':
      return 'over HTTP';
    default:
      return via ? `via ${via}` : '';
  }
}

/** The note when every source is healthy again. */
export function recoveredNote(titles: readonly string[], resolveAfterMs: number): string {
  const after = formatDuration(resolveAfterMs);
  return `Recovered: ${titles.join(', ')} healthy again. soloops watch resolves it after ${after} of health.`;
}

/** The note that resolves it. */
export function resolvedNote(resolveAfterMs: number): string {
  return `Healthy for ${formatDuration(resolveAfterMs)}: resolved by soloops watch.`;
}
