import type { AlertOrigin, Severity } from './alert.js';

/**
 * How a sender's own severity word reads (issue 15: the sender's severity decides).
 *
 * - `verdict`: the word maps cleanly (critical/warning/info): the sender decides.
 * - `ambiguous`: the word means different things in different tools (error, high, major): the
 *   model decides, with the word as a strong feature.
 * - `unknown`: not a word of the table (or one that says "unclassified"): a hint the model
 *   weighs; `--explain` names it.
 * - `none`: the field carries no severity at all (CloudWatch's ALARM state, Google's DEFAULT).
 */
export type SenderSeverity =
  | { kind: 'verdict'; severity: Severity; word: string }
  | { kind: 'ambiguous'; word: string }
  | { kind: 'unknown'; word: string }
  | { kind: 'none' };

/**
 * The person's `triage.severity_map`: word → severity; a key may be qualified by source
 * (`sentry:error`). Keys are compared trimmed and lower-cased; they win over the table.
 */
export type SeverityOverrides = Readonly<Record<string, Severity>>;

/** What a word of the table reads as. */
export type Reading = Severity | 'ambiguous' | 'unknown' | 'none';

/**
 * THE VOCABULARY (README, "What the sender's severity means", shows it). Words are matched
 * trimmed, lower-cased, with runs of whitespace as one space. Vendors' scales, as documented:
 * - PagerDuty Events v2 `severity`: critical, error, warning, info.
 * - Google Cloud LogSeverity: DEFAULT (no severity), DEBUG, INFO, NOTICE, WARNING, ERROR,
 *   CRITICAL, ALERT ("a person must take an action immediately"), EMERGENCY.
 * - Zabbix trigger severity: Not classified ("unknown severity"), Information, Warning, Average,
 *   High ("something important has happened"), Disaster.
 * - syslog (RFC 5424 §6.2.1): emerg, alert, crit, err, warning, notice, info, debug.
 * - Sentry levels: fatal, error (the SDKs' default for every captured exception), warning, log,
 *   info, debug. Datadog `$ALERT_TYPE`: error, warning, info, success.
 * - Opsgenie/Jira alert priority: P1 Critical, P2 High, P3 Moderate, P4 Low, P5 Informational
 *   (Datadog: P1 Critical … P5 Info). Azure Monitor: Sev0 Critical, Sev1 Error, Sev2 Warning,
 *   Sev3 Informational, Sev4 Verbose.
 */
export const SEVERITY_VOCABULARY = {
  words: {
    critical: [
      ...['critical', 'crit', 'fatal', 'emergency', 'emerg', 'alert', 'panic', 'page', 'disaster'],
      // Our call: the top of Jira/Linear/Zendesk priority ladders, and zap's DPanic (a panic level).
      ...['highest', 'urgent', 'blocker', 'dpanic'],
    ],
    warning: ['warning', 'warn', 'average', 'medium', 'minor', 'moderate'],
    info: [
      ...['info', 'information', 'informational', 'notice', 'low', 'debug', 'ok', 'none'],
      // Below info on their ladders: trace (OTel, logs), verbose (Azure Sev4), lowest (Jira),
      // log (Sentry), java.util.logging's config/fine/finer/finest, log15's dbug.
      ...['trace', 'verbose', 'lowest', 'trivial', 'log', 'config', 'fine', 'finer', 'finest', 'dbug'],
    ],
    // Paging level in PagerDuty, every handled exception in Sentry and in most logs; High is
    // "something important" in Zabbix and P2 in Opsgenie; SEVERE is java.util.logging's top level.
    ambiguous: ['error', 'err', 'eror', 'high', 'major', 'severe'],
    // Named, but saying nothing: Zabbix's "Not classified" is "unknown severity".
    unknown: ['not classified', 'unclassified', 'unknown'],
    // The sender says it assigned none: Google Cloud's DEFAULT, OTel's UNSPECIFIED.
    none: ['default', 'unspecified'],
  },
  /**
   * Numbered words, by digit: `Sev0`…`Sev5` (also `sev-1`, `sev 2`, `severity 3`) and `P0`…`P5`
   * (also `p-1`, `priority 2`). Sev1 is Azure's "Error" but the top of incident tools that start
   * at SEV1, and P2 is "High": both ambiguous like the words they stand for. Sev2 is Azure's
   * Warning, Sev3–Sev4 its Informational and Verbose.
   */
  numbered: {
    sev: ['critical', 'ambiguous', 'warning', 'info', 'info', 'info'],
    p: ['critical', 'critical', 'ambiguous', 'warning', 'info', 'info'],
  },
  /** Rows that differ for one sender, and why. They win over `words` for that source only. */
  sources: {
    sentry: {
      why: 'error is the level of every captured exception, so it stays ambiguous; metric alerts resolve',
      words: { error: 'ambiguous', fatal: 'critical', resolved: 'info' },
    },
    datadog: {
      why: '$ALERT_TYPE error is a monitor past its alert threshold; $PRIORITY normal is every event',
      words: { error: 'critical', success: 'info', recovered: 'info', 're-warn': 'warning', normal: 'none' },
    },
    'uptime-kuma': {
      why: 'heartbeat.status: down means users cannot reach it; maintenance was switched on by the person',
      words: { down: 'critical', up: 'info', pending: 'warning', maintenance: 'info' },
    },
    cloudwatch: {
      why:
        'an ALARM state says nothing of severity; GuardDuty High is "compromised and actively used" ' +
        '(remediate immediately); AWS Health scheduled changes are for working hours',
      words: {
        alarm: 'none',
        ok: 'info',
        insufficient_data: 'warning',
        high: 'critical',
        medium: 'warning',
        low: 'info',
        issue: 'ambiguous',
        scheduledchange: 'warning',
        accountnotification: 'info',
      },
    },
    grafana: {
      why: 'legacy no_data means the check is blind: worth a look today, not proof of an outage',
      words: { no_data: 'warning' },
    },
    text: {
      why: 'a log line saying a process died (OOM killer, segfault) is how a log says critical',
      words: {
        'out of memory': 'critical',
        oom: 'critical',
        'oom-kill': 'critical',
        'oom-killer': 'critical',
        oomkilled: 'critical',
        'killed process': 'critical',
        segfault: 'critical',
        'segmentation fault': 'critical',
      },
    },
  },
  /**
   * Numbered scales whose meaning depends on the field, so a bare number in a `severity` field is
   * NOT read (Azure's 0 is the worst, Zabbix's 0 the mildest): the source that knows the field
   * turns the number into the scale's own word, and that word is read above.
   */
  scales: {
    /** syslog PRI (`<11>` → 11 % 8 = 3) and journald PRIORITY=: RFC 5424 keywords, 0–7. */
    syslog: ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'],
    /** OpenTelemetry SeverityNumber 1–24, four per short name (TRACE 1–4 … FATAL 21–24). */
    otel: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'],
    /** Zabbix 0–5 (`{EVENT.NSEVERITY}`). */
    zabbix: ['not classified', 'information', 'warning', 'average', 'high', 'disaster'],
    /** GuardDuty 0.0–10.0 by band floor: Critical 9.0–10, High 7.0–8.9, Medium 4.0–6.9, Low. */
    guardDuty: [
      [9, 'critical'],
      [7, 'high'],
      [4, 'medium'],
      [0, 'low'],
    ],
    /** pino/bunyan numeric `level`. */
    pino: [
      [60, 'fatal'],
      [50, 'error'],
      [40, 'warn'],
      [30, 'info'],
      [20, 'debug'],
      [0, 'trace'],
    ],
  },
} as const;

type Scales = typeof SEVERITY_VOCABULARY.scales;

/** The scale's own word for a number, or null when it is off the scale. */
export function scaleWord(scale: keyof Scales, value: number): string | null {
  if (!Number.isFinite(value)) return null;
  switch (scale) {
    case 'syslog':
      return Number.isInteger(value) && value >= 0 ? (SEVERITY_VOCABULARY.scales.syslog[value % 8] ?? null) : null;
    case 'otel':
      return Number.isInteger(value) && value >= 1 && value <= 24
        ? (SEVERITY_VOCABULARY.scales.otel[Math.floor((value - 1) / 4)] ?? null)
        : null;
    case 'zabbix':
      return Number.isInteger(value) ? (SEVERITY_VOCABULARY.scales.zabbix[value] ?? null) : null;
    case 'guardDuty':
    case 'pino':
      if (value < 0) return null;
      for (const [floor, word] of SEVERITY_VOCABULARY.scales[scale]) if (value >= floor) return word;
      return null;
  }
}

const NONE: SenderSeverity = Object.freeze({ kind: 'none' });
const NO_OVERRIDES: SeverityOverrides = Object.freeze({});
const WHITESPACE = /\s/;
const WHITESPACE_RUN = /\s+/g;
/** `sev2`, `Sev-1`, `sev 2`, `severity 3`, `P1`, `p-2`, `priority 3`, also followed by a name ("P1 - Critical"). */
const NUMBERED = /^(sev|severity|p|priority)[ _-]?(\d)(?:$|[ :\-–(/])/;
/** OTel short names with their step: ERROR2, WARN3… */
const OTEL_STEP = /^(trace|debug|info|warn|error|fatal)[2-4]$/;

function reading(read: Reading, word: string): SenderSeverity {
  if (read === 'none') return NONE;
  if (read === 'ambiguous' || read === 'unknown') return Object.freeze({ kind: read, word });
  return Object.freeze({ kind: 'verdict', severity: read, word });
}

/** Each source's table (the words with its row over them), built on first use: one Map lookup per alert. */
const tables = new Map<AlertOrigin, Map<string, SenderSeverity>>();
/** How many other spellings of its words ("CRITICAL", "Sev2") a table remembers as given. */
const MAX_SPELLINGS = 512;
const spellingLimit = new WeakMap<Map<string, SenderSeverity>, number>();

function tableFor(source: AlertOrigin): Map<string, SenderSeverity> {
  let table = tables.get(source);
  if (table) return table;
  table = new Map();
  for (const [read, words] of Object.entries(SEVERITY_VOCABULARY.words))
    for (const word of words) table.set(word, reading(read as Reading, word));
  // The usual spellings of the numbered words too, so they cost one lookup like the rest.
  for (const [ladder, reads] of Object.entries(SEVERITY_VOCABULARY.numbered))
    reads.forEach((read, digit) => {
      for (const gap of ['', '-', ' ']) table.set(`${ladder}${gap}${digit}`, reading(read, `${ladder}${gap}${digit}`));
    });
  const rows: Record<string, { words: Record<string, Reading> }> = SEVERITY_VOCABULARY.sources;
  for (const [word, read] of Object.entries(rows[source]?.words ?? {})) table.set(word, reading(read, word));
  tables.set(source, table);
  spellingLimit.set(table, table.size + MAX_SPELLINGS);
  return table;
}

/** `sev-2`, `Sev 2` → `sev2`; `priority 1` → `p1`; other words unchanged. */
function canonical(word: string): string {
  const numbered = NUMBERED.exec(word);
  if (!numbered) return word;
  return `${numbered[1] === 'sev' || numbered[1] === 'severity' ? 'sev' : 'p'}${numbered[2]}`;
}

function normalize(text: string): string {
  const word = text.trim().toLowerCase();
  return WHITESPACE.test(word) ? word.replace(WHITESPACE_RUN, ' ') : word;
}

const compiledOverrides = new WeakMap<SeverityOverrides, Map<string, Severity>>();

/** The person's map with keys normalized like words (`Sev 2` and `sev-2` meet as `sev2`). */
function overridesOf(overrides: SeverityOverrides): Map<string, Severity> {
  let map = compiledOverrides.get(overrides);
  if (map) return map;
  map = new Map();
  for (const [key, severity] of Object.entries(overrides)) {
    const at = key.indexOf(':');
    const prefix = at < 0 ? '' : `${key.slice(0, at).trim().toLowerCase()}:`;
    map.set(prefix + canonical(normalize(at < 0 ? key : key.slice(at + 1))), severity);
  }
  compiledOverrides.set(overrides, map);
  return map;
}

/** How `text`, the sender's own severity word from `source`, reads (see SenderSeverity). */
export function readSenderSeverity(
  text: string | null,
  source: AlertOrigin,
  overrides: SeverityOverrides = NO_OVERRIDES,
): SenderSeverity {
  if (text === null) return NONE;
  const table = tableFor(source);
  const map = overrides === NO_OVERRIDES ? null : overridesOf(overrides);
  // Senders repeat the same spelling: a word of the table as given costs one lookup (no overrides).
  if (map === null || map.size === 0) {
    const given = table.get(text);
    if (given) return given;
  }
  const word = normalize(text);
  if (word === '') return NONE;
  if (map !== null && map.size > 0) {
    const key = canonical(word);
    const severity = map.get(`${source}:${key}`) ?? map.get(key);
    if (severity) return { kind: 'verdict', severity, word };
  }
  const hit = table.get(word);
  if (hit) {
    // Remembered as given ("Critical", " P1"), for a bounded number of spellings.
    if (table.size < (spellingLimit.get(table) ?? 0)) table.set(text, hit);
    return hit;
  }
  const numbered = NUMBERED.exec(word);
  if (numbered) {
    const ladder = numbered[1] === 'sev' || numbered[1] === 'severity' ? 'sev' : 'p';
    const read = SEVERITY_VOCABULARY.numbered[ladder][Number(numbered[2])];
    if (read === undefined) return { kind: 'unknown', word };
    return read === 'ambiguous' ? { kind: read, word } : { kind: 'verdict', severity: read, word };
  }
  const step = OTEL_STEP.exec(word);
  if (step?.[1]) {
    const base = tableFor(source).get(step[1]);
    if (base && base.kind !== 'none') return { ...base, word };
  }
  return { kind: 'unknown', word };
}

/** The hint a source stores: the sender's verdict when its word maps cleanly, else null. */
export function senderHint(text: string | null, source: AlertOrigin): Severity | null {
  const read = readSenderSeverity(text, source);
  return read.kind === 'verdict' ? read.severity : null;
}
