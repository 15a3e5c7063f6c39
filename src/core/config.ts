import * as z from 'zod';
import { SOURCES } from './alert.js';
import { duration, secretRef } from './config-primitives.js';

export { duration, secretRef, timeZone } from './config-primitives.js';

export const snapFormats = ['json', 'yaml', 'csv'] as const;
export type SnapFormat = (typeof snapFormats)[number];

const s3Url = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'expected s3://bucket/prefix');

export const metricSpec = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, 'expected a metric name of letters, digits, _ . : -'),
  command: z.string().min(1),
  timeout: duration.default(5_000),
});

export const uploadSchema = z.strictObject({
  url: s3Url,
  endpoint: z.url().optional(),
  region: z.string().optional(),
  encryption: z.enum(['AES256', 'aws:kms', 'none']).default('AES256'),
  kms_key_id: z.string().optional(),
  prune_remote: z.boolean().default(false),
  timeout: duration.default(60_000),
});

/** A pattern: a glob ("cron-*"), or a regular expression written as /…/flags. Case-insensitive globs. */
const pattern = z.string().min(1);

/** One of the person's triage rules: every given field must match; the first matching rule wins. */
export const triageRuleSchema = z.strictObject({
  name: z.string().optional(),
  match: z
    .strictObject({
      source: pattern.optional(),
      service: pattern.optional(),
      title: pattern.optional(),
      body: pattern.optional(),
      labels: z.record(z.string(), pattern).optional(),
    })
    .refine((m) => Object.keys(m).length > 0, {
      message: 'a rule needs at least one of source, service, title, body, labels',
    }),
  severity: z.enum(['critical', 'warning', 'info']),
});

/** The sources a `triage.severity_map` key may name (core cannot import the sources' registry). */
const SEVERITY_MAP_SOURCES: readonly string[] = [...SOURCES, 'check'];

/** `Sentry : Error ` → `sentry:error`: keys as readSenderSeverity looks them up. */
function severityMapKey(key: string): string {
  const at = key.indexOf(':');
  const word = key
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return at < 0 ? word : `${key.slice(0, at).trim().toLowerCase()}:${word}`;
}

/**
 * `triage.severity_map`: the person's reading of senders' severity words, over the shipped table
 * (core/severity-vocabulary.ts). A key is a word (`sev2`, `high`) or a word from one source only
 * (`sentry:error`), compared trimmed and lower-cased; a value is critical, warning or info.
 */
export const severityMapSchema = z
  .record(z.string(), z.enum(['critical', 'warning', 'info'], { error: 'expected critical, warning or info' }))
  .superRefine((map, context) => {
    for (const key of Object.keys(map)) {
      const [source, word] = key.includes(':') ? severityMapKey(key).split(/:(.*)/s) : [null, severityMapKey(key)];
      if (!word) context.addIssue({ code: 'custom', path: [key], message: 'the severity word is empty' });
      else if (source !== null && !SEVERITY_MAP_SOURCES.includes(source!)) {
        const sources = SEVERITY_MAP_SOURCES.join(', ');
        const message = `"${source}" is not a source: write a word, or source:word with one of ${sources}`;
        context.addIssue({ code: 'custom', path: [key], message });
      }
    }
  })
  .transform((map) =>
    Object.fromEntries(Object.entries(map).map(([key, severity]) => [severityMapKey(key), severity])),
  );

export const llmSchema = z.strictObject({
  enabled: z.boolean().default(false),
  model: z.string().optional(),
  timeout: duration.default(3_000),
  /** Ask the LLM only when the local model is less sure than this. */
  below_confidence: z.number().min(0).max(1).default(0.75),
});

// `soloops architect`: Claude may write the rationale; one question per plan, with the person waiting.
export const architectDefaults = { llm: { enabled: false, timeout: 20_000 } };
export const architectSchema = z.strictObject({
  llm: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Default: the triage layer's Haiku. */
      model: z.string().optional(),
      timeout: duration.default(20_000),
    })
    .default(architectDefaults.llm),
});

/**
 * The part of a `watch.auth.<entry>` every source shares: the token. Each source's own settings
 * (`sentry_secret`, `sns`) belong to its unit in src/sources/, which core cannot import: the full
 * entry is composed in app/watch/auth-schema.ts.
 */
export const webhookTokenShape = { token: secretRef.optional() };

/** Matches alerts by field (service, source, title, body) and labels, like a triage rule. */
const alertMatch = z
  .strictObject({
    source: pattern.optional(),
    service: pattern.optional(),
    title: pattern.optional(),
    body: pattern.optional(),
    labels: z.record(z.string(), pattern).optional(),
  })
  .refine((m) => Object.keys(m).length > 0, { message: 'give at least one of source, service, title, body, labels' });

const instant = z.iso.datetime({ offset: true });

/** A maintenance window: matching alerts are stored and digested but never wake anyone. */
const maintenanceSchema = z
  .strictObject({ name: z.string().min(1), match: alertMatch, start: instant, end: instant })
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: 'end must be after start' });

export const watchSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(9117),
  /**
   * Per source name (`sentry`, `cloudwatch`…) or `default` for every source without its own.
   * Here only the shared token; the composed schema adds each source's settings to every entry.
   */
  auth: z.record(z.string(), z.strictObject(webhookTokenShape)).default({}),
  /** Alerts (not requests) per source per window; a request that would pass `max` gets 429. */
  rate_limit: z
    .strictObject({ max: z.number().int().positive().default(6000), window: duration.default(60_000) })
    .default({ max: 6000, window: 60_000 }),
  /**
   * One request may carry at most this many alerts (413 beyond; never more than rate_limit.max):
   * a genuine Alertmanager group of 500 fits.
   */
  max_alerts_per_request: z.number().int().positive().default(1000),
  /** Labels whose values make the group key instead of the fingerprint (Alertmanager's group_by). */
  groupBy: z.array(z.string().min(1)).optional(),
  group_wait: duration.default(30_000),
  group_interval: duration.default(300_000),
  /** A group with no new alert for this long is closed; the next alert opens a new one. */
  resolve_timeout: duration.default(3_600_000),
  maintenance: z.array(maintenanceSchema).default([]),
  /**
   * Host sampling: every daemon (leader or not: each samples the host it runs on) records a
   * snapshot summary every `interval` and checks `snap.alerts`. No interval: no sampling.
   */
  snap: z
    .strictObject({
      interval: duration.refine((value) => value >= 1_000, { message: 'expected at least 1s (e.g. "1m")' }).optional(),
    })
    .default({}),
});

const checkUrl = z.string().regex(/^(https?|tcp):\/\/[^\s/]+/, 'expected http://…, https://… or tcp://host:port');

/** One health check (`checks:`); names as in the issue and in Uptime Kuma/Gatus habits. */
export const checkSchema = z.strictObject({
  name: z.string().min(1),
  url: checkUrl,
  method: z.string().default('GET'),
  interval: duration.default(60_000),
  /** After a failed probe the next comes this soon, until one succeeds: an outage is confirmed in seconds. */
  retryInterval: duration.default(5_000),
  timeout: duration.default(7_000),
  expect: z
    .strictObject({
      status: z.union([z.number().int(), z.array(z.number().int())]).optional(),
      bodyContains: z.string().optional(),
    })
    .default({}),
  service: z.string().min(1),
  severity: z.enum(['critical', 'warning', 'info']).optional(),
  failureThreshold: z.number().int().positive().default(3),
  successThreshold: z.number().int().positive().default(2),
  slowMs: z.number().positive().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

export const watchDefaults = {
  host: '127.0.0.1',
  port: 9117,
  auth: {},
  rate_limit: { max: 6000, window: 60_000 },
  max_alerts_per_request: 1000,
  group_wait: 30_000,
  group_interval: 300_000,
  resolve_timeout: 3_600_000,
  maintenance: [],
  snap: {},
};

export type MetricSpec = z.output<typeof metricSpec>;
export type UploadConfig = z.output<typeof uploadSchema>;
export type TriageRuleConfig = z.output<typeof triageRuleSchema>;
export type LlmConfig = z.output<typeof llmSchema>;
export type SeverityMapConfig = z.output<typeof severityMapSchema>;
export type ArchitectConfig = z.output<typeof architectSchema>;
export type WatchConfig = z.output<typeof watchSchema>;
export type CheckConfig = z.output<typeof checkSchema>;
export type SecretRef = z.output<typeof secretRef>;
export type AlertMatch = z.output<typeof alertMatch>;

/** Turns zod issues into `key: what was expected` lines. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const where = key === '(top level)' ? '' : `${key}: `;
      const names = issue.keys.map((k) => `"${k}"`).join(', ');
      return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${names}`;
    }
    return `${key}: ${issue.message}`;
  });
}
