import ms from 'ms';
import * as z from 'zod';

/** A duration such as `5s`, `2m` or `1h`, parsed with `ms`; stored as milliseconds. */
export const duration = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const parsed = typeof value === 'number' ? value : ms(value as ms.StringValue);
    if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed <= 0) {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as "5s" or "2m", got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return parsed;
  });

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as "Europe/Berlin"' },
);

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
    .refine((m) => Object.keys(m).length > 0, { message: 'a rule needs at least one of source, service, title, body, labels' }),
  severity: z.enum(['critical', 'warning', 'info']),
});

const llmSchema = z.strictObject({
  enabled: z.boolean().default(false),
  model: z.string().optional(),
  timeout: duration.default(3_000),
  /** Ask the LLM only when the local model is less sure than this. */
  below_confidence: z.number().min(0).max(1).default(0.75),
});

/** The whole soloops.yaml. Unknown keys are errors so a typo never passes silently. */
export const configSchema = z.strictObject({
  timezone: timeZone.optional(),
  database: z.strictObject({ url: z.string().optional() }).default({}),
  snap: z
    .strictObject({
      out: z.string().optional(),
      format: z.enum(snapFormats).default('json'),
      keep_days: z.number().int().nonnegative().default(30),
      docker_socket: z.string().optional(),
      upload: uploadSchema.optional(),
      metrics: z.array(metricSpec).default([]),
    })
    .default({ format: 'json', keep_days: 30, metrics: [] }),
  triage: z
    .strictObject({
      rules: z.array(triageRuleSchema).default([]),
      llm: llmSchema.default({ enabled: false, timeout: 3_000, below_confidence: 0.75 }),
    })
    .default({ rules: [], llm: { enabled: false, timeout: 3_000, below_confidence: 0.75 } }),
});

/** Validated configuration with defaults applied. */
export type Config = z.output<typeof configSchema>;
export type MetricSpec = z.output<typeof metricSpec>;
export type UploadConfig = z.output<typeof uploadSchema>;
export type TriageRuleConfig = z.output<typeof triageRuleSchema>;
export type LlmConfig = z.output<typeof llmSchema>;

/** Turns zod issues into `key: what was expected` lines. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      return `${key === '(top level)' ? '' : key + ': '}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    return `${key}: ${issue.message}`;
  });
}
