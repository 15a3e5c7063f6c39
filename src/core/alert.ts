/** What the person has to do: wake up now, look today, or nothing (see DESIGN.md). */
export type Severity = 'critical' | 'warning' | 'info';
/** Most urgent first (the run summary relies on this order). */
export const severities: readonly Severity[] = ['critical', 'warning', 'info'];

/** Higher is more urgent; for `--fail-on` and "never lower a critical". */
export function severityRank(severity: Severity): number {
  return severity === 'critical' ? 2 : severity === 'warning' ? 1 : 0;
}

export type AlertStatus = 'firing' | 'resolved';

/**
 * The alert sources soloops understands (`--source NAME`): the one list every type, schema enum
 * and CLI choice is derived from. Each has its folder in src/sources/; the order they are tried
 * in is the registry's (src/sources/registry.ts), not this list's.
 */
export const SOURCES = [
  'cloudwatch',
  'datadog',
  'sentry',
  'alertmanager',
  'grafana',
  'uptime-kuma',
  'generic',
  'text',
] as const;

/** Names of the alert sources soloops understands. */
export type SourceName = (typeof SOURCES)[number];

/** Where an alert came from: a source's payload, or soloops's own health checks (`watch`). */
export type AlertOrigin = SourceName | 'check';

/**
 * One alert as every later stage sees it, whatever tool sent it.
 * A payload may hold several (an Alertmanager group); each becomes one of these.
 */
export interface NormalizedAlert {
  /** Unique per received alert: a UUID from newAlertId (core/alert-id.ts) whose first 8 characters name it. */
  id: string;
  source: AlertOrigin;
  /** The service or system the alert is about ("payments", "db-1", a CloudWatch namespace…). */
  service: string;
  title: string;
  body: string;
  labels: Record<string, string>;
  status: AlertStatus;
  /** The sender's own severity word, normalized to ours when it maps cleanly; null when it gave none. */
  severityHint: Severity | null;
  /** The sender's raw severity/priority word as given (e.g. "P1", "high", "error"), for features. */
  severityText: string | null;
  /**
   * Where severityText was found, in the sender's terms: `labels.severity`, `severity`, `level`,
   * `tags severity`, `$ALERT_TYPE`, `heartbeat.status`, `PRIORITY` (journald), `<PRI>` (syslog)…
   * When the sender gave a number on a scale the field names (syslog 3, OTel 17, GuardDuty 8.0),
   * severityText is that scale's own word for it (`err`, `ERROR`, `high`). Null or absent: none.
   */
  severityField?: string | null;
  /** Same alert firing again → same fingerprint (numbers, ids and timestamps normalized away). */
  fingerprint: string;
  receivedAt: string;
  /** The payload (or text line) this alert came from. */
  raw: unknown;
}

/** A classified alert: the alert plus the verdict and why. */
export interface TriageResult {
  alert: NormalizedAlert;
  severity: Severity;
  /** 0–1: how sure the deciding layer was. */
  confidence: number;
  /**
   * Which layer decided, in the order they run: `status` (resolved alerts are info), `rule` (the
   * person's rules), `feedback` (the person's verdict on this type of alert), `source` (the
   * sender's own severity word), `model` (the local model), `llm` (the optional second opinion).
   */
  classifier: 'status' | 'rule' | 'feedback' | 'source' | 'model' | 'llm';
  /**
   * A short human reason naming what decided ("rule payments-critical",
   * "source: labels.severity=critical", "model: down +1.9, error rate +1.2").
   */
  reason: string;
  /** For the model: the features that pushed hardest towards the verdict (`--explain`). */
  evidence?: Array<{ feature: string; weight: number }>;
}
