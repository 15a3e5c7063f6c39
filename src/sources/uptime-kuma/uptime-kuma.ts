import type { AlertStatus, NormalizedAlert, Severity } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { senderHint } from '../../core/severity-vocabulary.js';
import { isRecord, notAPayload, oneLine, opaqueId, receivedAtText, requireRecord, textOf } from '../shared/fields.js';
import type { AlertSource, ParseContext } from '../shared/types.js';

/**
 * Heartbeat status codes (uptime-kuma src/util.ts: DOWN 0, UP 1, PENDING 2, MAINTENANCE 3), by
 * their names; what each name means is the vocabulary's uptime-kuma row (core/severity-vocabulary.ts):
 * down critical, pending ("failing but still retrying") warning, up and maintenance info.
 * Maintenance was switched on by the person, so it closes the group like a recovery.
 */
const STATES: Record<number, { word: string; status: AlertStatus }> = {
  0: { word: 'down', status: 'firing' },
  1: { word: 'up', status: 'resolved' },
  2: { word: 'pending', status: 'firing' },
  3: { word: 'maintenance', status: 'resolved' },
};

/** Kuma's certificate-expiry notice has no monitor object: "[name][url] Certificate will be expired in 7 days". */
const CERT_NOTICE = /^\[([^\]]+)\]\[([^\]]*)\]\s*(Certificate will be expired.*)$/is;

/**
 * Uptime Kuma webhook notification: `{heartbeat, monitor, msg}` (server/notification-providers/webhook.js).
 * The fingerprint comes from the monitor (id, else name) so its down and up notices share a group.
 * Notices without a monitor (test notifications, certificate expiry) carry `msg` only.
 */
export const uptimeKuma: AlertSource<'uptime-kuma'> = {
  name: 'uptime-kuma',
  detect(payload) {
    return isRecord(payload) && 'heartbeat' in payload && 'monitor' in payload && typeof payload.msg === 'string';
  },
  parse(payload, context) {
    const body = requireRecord(payload, 'uptime-kuma');
    const monitor = isRecord(body.monitor) ? body.monitor : null;
    const heartbeat = isRecord(body.heartbeat) ? body.heartbeat : null;
    const msg = textOf(body.msg) ?? '';
    if (!monitor) {
      if (msg === '')
        throw new UserError(`${notAPayload('uptime-kuma')}: expected "monitor" and "heartbeat", or at least "msg"`);
      return [monitorless(body, msg, context)];
    }
    const name = textOf(monitor.name) ?? textOf(monitor.pathName) ?? 'monitor';
    const monitorId = textOf(monitor.id) ?? textOf(heartbeat?.monitorID);
    const state = typeof heartbeat?.status === 'number' ? STATES[heartbeat.status] : undefined;
    const detail = textOf(heartbeat?.msg);
    const labels: Record<string, string> = {};
    // User tags first so the monitor's own facts below cannot be overwritten by a tag of the same name.
    if (Array.isArray(monitor.tags)) {
      for (const tag of monitor.tags) {
        const tagName = isRecord(tag) ? textOf(tag.name) : undefined;
        if (tagName && isRecord(tag)) labels[tagName] = textOf(tag.value) ?? 'true';
      }
    }
    setLabel(labels, 'monitor', name);
    setLabel(labels, 'monitor_type', textOf(monitor.type));
    // Kuma stores "https://" as the url of monitors that have none (ping, port, push…).
    const url = textOf(monitor.url);
    if (url !== 'https://') setLabel(labels, 'url', url);
    setLabel(labels, 'hostname', textOf(monitor.hostname));
    const title = `${name} is ${state?.word ?? 'reporting'}${detail ? `: ${detail}` : ''}`;
    const id = fingerprint(['uptime-kuma', monitorId ? opaqueId(monitorId) : name]);
    const word = state?.word ?? null;
    const severity = { hint: senderHint(word, 'uptime-kuma'), text: word, field: word && 'heartbeat.status' };
    return [make(body, context, name, title, labels, state?.status ?? 'firing', severity, id)];
  },
};

function monitorless(body: Record<string, unknown>, msg: string, context: ParseContext): NormalizedAlert {
  const cert = CERT_NOTICE.exec(msg);
  if (cert) {
    const [, name = 'monitor', url = '', notice = msg] = cert;
    const labels: Record<string, string> = url ? { monitor: name, url } : { monitor: name };
    // Expiry is days away: look at it today.
    return make(
      body,
      context,
      name,
      `${name}: ${notice}`,
      labels,
      'firing',
      NOTICE_WARNING,
      fingerprint(['uptime-kuma', name, 'certificate']),
    );
  }
  // The test button's notice: proves the wiring, needs nothing from anyone.
  return make(body, context, 'uptime-kuma', msg, {}, 'firing', NOTICE_INFO, fingerprint(['uptime-kuma', msg]));
}

/** The sender's severity of one notice: hint, word and where it was. */
interface SenderSeverityFields {
  hint: Severity | null;
  text: string | null;
  field: string | null;
}

// Kuma's monitorless notices carry no severity of their own: these hints are our reading of them.
const NOTICE_WARNING: SenderSeverityFields = { hint: 'warning', text: null, field: null };
const NOTICE_INFO: SenderSeverityFields = { hint: 'info', text: null, field: null };

// Built in one literal, in the field order every source uses, so alerts share one hidden class.
function make(
  raw: Record<string, unknown>,
  context: ParseContext,
  service: string,
  title: string,
  labels: Record<string, string>,
  status: AlertStatus,
  severity: SenderSeverityFields,
  fingerprintValue: string,
): NormalizedAlert {
  const body = textOf(raw.msg) ?? '';
  return {
    id: context.newId(),
    source: 'uptime-kuma',
    service,
    title: oneLine(title),
    body,
    labels,
    status,
    severityHint: severity.hint,
    severityText: severity.text,
    severityField: severity.field,
    fingerprint: fingerprintValue,
    receivedAt: receivedAtText(context),
    raw,
  };
}

function setLabel(labels: Record<string, string>, key: string, value: string | undefined): void {
  if (value) labels[key] = value;
}
