import * as z from 'zod';
import {
  architectDefaults,
  architectSchema,
  checkSchema,
  llmSchema,
  metricSpec,
  severityMapSchema,
  snapFormats,
  timeZone,
  triageRuleSchema,
  uploadSchema,
  watchDefaults,
} from '../core/config.js';
import {
  incidentSettingsDefaults,
  incidentSettingsSchema,
  servicesSchema,
  statusSettingsDefaults,
  statusSettingsSchema,
} from '../core/incident-config.js';
import { consoleSchema } from '../core/console-config.js';
import { hostAlertsSchema } from '../core/host-alerts-config.js';
import { retentionConflicts, retentionSchema } from '../core/retention-config.js';
import { digestSchema, wakeSchema } from './config-wake.js';
import { watchWithAuthSchema } from './watch/auth-schema.js';

export type { DigestConfig, WakeConfig } from './config-wake.js';

// The whole file is put together here, in the composition root, because its sections belong to
// different units: core owns the shared ones, and each channel (src/notify/) and source
// (src/sources/) owns its own settings, which core cannot import.

/** Every section of soloops.yaml, each validated on its own. */
const sectionsSchema = z.strictObject({
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
      /** Thresholds on host metrics, checked by `snap --interval` and the daemon's sampler (watch.snap). */
      alerts: hostAlertsSchema,
    })
    .default({ format: 'json', keep_days: 30, metrics: [], alerts: [] }),
  triage: z
    .strictObject({
      rules: z.array(triageRuleSchema).default([]),
      /** The person's reading of senders' severity words: `word` or `source:word` → severity. */
      severity_map: severityMapSchema.default({}),
      llm: llmSchema.default({ enabled: false, timeout: 3_000, below_confidence: 0.75 }),
    })
    .default({ rules: [], severity_map: {}, llm: { enabled: false, timeout: 3_000, below_confidence: 0.75 } }),
  watch: watchWithAuthSchema.default(watchDefaults),
  wake: wakeSchema.default(wakeSchema.parse({})),
  digest: digestSchema.default(digestSchema.parse({})),
  architect: architectSchema.default(architectDefaults),
  checks: z
    .array(checkSchema)
    .default([])
    .refine((checks) => new Set(checks.map((c) => c.name)).size === checks.length, {
      message: 'check names must be unique',
    }),
  services: servicesSchema,
  incident: incidentSettingsSchema.default(incidentSettingsDefaults),
  status: statusSettingsSchema.default(statusSettingsDefaults),
  retention: retentionSchema.default({}),
  console: consoleSchema.default(consoleSchema.parse({})),
});

/**
 * What one section says about another: a service's `checks` must name entries of `checks:`
 * (a typo would otherwise show a service Operational forever, on no data).
 */
function checkCrossReferences(config: z.output<typeof sectionsSchema>, ctx: z.RefinementCtx): void {
  const names = new Set(config.checks.map((c) => c.name));
  for (const [i, service] of config.services.entries())
    for (const [j, name] of service.checks.entries())
      if (!names.has(name))
        ctx.addIssue({
          code: 'custom',
          path: ['services', i, 'checks', j],
          message: `no check named ${JSON.stringify(name)} in checks:`,
        });
}

/** The same retention given under `retention:` and under the deprecated `incident.retention` would be ambiguous. */
function checkRetention(config: z.output<typeof sectionsSchema>, ctx: z.RefinementCtx): void {
  for (const key of retentionConflicts(config.retention, config.incident.retention))
    ctx.addIssue({
      code: 'custom',
      path: ['incident', 'retention', key],
      message: `incident.retention is deprecated and retention: sets this too; keep only retention.${
        key === 'raw' ? 'check_results' : key
      }`,
    });
}

/** The whole soloops.yaml. Unknown keys are errors so a typo never passes silently. */
export const configSchema = sectionsSchema.superRefine((config, ctx) => {
  checkCrossReferences(config, ctx);
  checkRetention(config, ctx);
});

/** Validated configuration with defaults applied. */
export type Config = z.output<typeof configSchema>;
