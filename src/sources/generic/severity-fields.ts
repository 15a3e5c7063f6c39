/**
 * Where generic JSON keeps the sender's severity. Alert webhooks say `severity`/`priority`
 * (PagerDuty, Opsgenie, Azure's Sev0–Sev4…), log lines `level`/`lvl`/`severity` (pino, logrus,
 * slog, Google Cloud), OpenTelemetry `SeverityText`/`SeverityNumber`, Serilog `@l`, ECS
 * `log.level`, journald `PRIORITY`, Zabbix webhooks `event_severity`/`event_nseverity`.
 */
import { scaleWord } from '../../core/severity-vocabulary.js';
import { isRecord, textOf } from '../shared/fields.js';

/** Top-level fields, in the order they are tried: a word field before a numbered one. */
const FIELDS = [
  'severity',
  'Severity',
  'priority',
  'Priority',
  'level',
  'Level',
  'sev',
  'urgency',
  'lvl',
  'loglevel',
  'log.level',
  'severity_text',
  'severityText',
  'SeverityText',
  '@l',
  'event_severity',
  'trigger_severity',
  'PRIORITY',
  'severity_number',
  'severityNumber',
  'SeverityNumber',
  'event_nseverity',
  'trigger_nseverity',
];

/**
 * Fields whose number is on a scale the field names; the number becomes that scale's word. A
 * number in any other field (`"severity": 3`) is kept as given: whether 0 is the worst (Azure,
 * syslog) or the mildest (Zabbix) cannot be told, so the model weighs it.
 */
const SCALES: Record<string, Parameters<typeof scaleWord>[0]> = {
  level: 'pino',
  Level: 'pino',
  PRIORITY: 'syslog',
  severity_number: 'otel',
  severityNumber: 'otel',
  SeverityNumber: 'otel',
  event_nseverity: 'zabbix',
  trigger_nseverity: 'zabbix',
};

/** Label and tag names that carry a severity. */
const LABELS = ['severity', 'priority', 'level', 'sev', 'urgency'];
const NUMBER = /^\d+(?:\.\d+)?$/;

/** Each field's place in FIELDS: a payload's own keys are looked up here, fewer than FIELDS are. */
const ORDER = new Map(FIELDS.map((key, index) => [key, index]));

/** The sender's severity as [where, word], e.g. ["labels.severity", "critical"]; undefined when none. */
export function severityOf(p: Record<string, unknown>): [string, string] | undefined {
  let best: string | undefined;
  let bestText: string | undefined;
  let bestAt = FIELDS.length;
  for (const key in p) {
    const at = ORDER.get(key);
    if (at === undefined || at >= bestAt) continue;
    const text = textOf(p[key]);
    if (text === undefined) continue;
    best = key;
    bestText = text;
    bestAt = at;
  }
  if (best !== undefined && bestText !== undefined) {
    const scale = SCALES[best];
    const word = scale && NUMBER.test(bestText) ? scaleWord(scale, Number(bestText)) : null;
    return [best, word ?? bestText];
  }
  const log = isRecord(p.log) ? textOf(p.log.level) : undefined;
  if (log !== undefined) return ['log.level', log];
  return labelled(p.labels, 'labels.') ?? labelled(p.tags, 'tags.') ?? tagged(p.tags);
}

function labelled(value: unknown, prefix: string): [string, string] | undefined {
  if (!isRecord(value)) return undefined;
  for (const name of LABELS) {
    const text = textOf(value[name]);
    if (text !== undefined) return [prefix + name, text];
  }
  return undefined;
}

/** Datadog-style tag lists: "severity:critical". */
function tagged(value: unknown): [string, string] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const name of LABELS) {
    const prefix = `${name}:`;
    for (const tag of value) {
      if (typeof tag !== 'string' || !tag.startsWith(prefix)) continue;
      const text = tag.slice(prefix.length).trim();
      if (text !== '') return [`tags ${name}`, text];
    }
  }
  return undefined;
}
