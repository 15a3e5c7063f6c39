import * as z from 'zod';
import { duration } from './config-primitives.js';
import { legacyRetentionSchema } from './retention-config.js';

/**
 * The SLA half of soloops.yaml: `services:` (what customers see on the status page and in the SLA
 * report), `incident:` (automatic incidents) and `status:` (the status page).
 */

/** A service id as it appears in URLs (`/api/uptime/api`) and file names. */
const serviceId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lowercase letters, digits, - and _');

/** One service: which health checks (by check name) and which alerts (by alert `service`) belong to it. */
export const serviceSchema = z.strictObject({
  id: serviceId,
  name: z.string().min(1),
  description: z.string().default(''),
  /** Names of `checks:` entries that measure this service. None: its state comes from incidents only. */
  checks: z.array(z.string().min(1)).default([]),
  /** Alert `service` values (as sources set them) that belong to this service; its own id always does. */
  alert_services: z.array(z.string().min(1)).default([]),
  /** Responses slower than this make the service Degraded (default: each check's slowMs). */
  degraded_ms: z.number().positive().optional(),
  /** The response-time baseline for the SLA report; default: the median of the previous 30 days. */
  baseline_ms: z.number().positive().optional(),
});

export const MAX_SERVICES = 50;

export const servicesSchema = z
  .array(serviceSchema)
  .max(MAX_SERVICES, `at most ${MAX_SERVICES} services`)
  .default([])
  .refine((services) => new Set(services.map((s) => s.id)).size === services.length, {
    message: 'service ids must be unique',
  });

export const incidentSettingsSchema = z.strictObject({
  /** Open, update and resolve incidents from watch's wakes and checks. */
  auto: z.boolean().default(true),
  /** How long a service must stay healthy before its automatic incident is resolved. */
  resolve_after: duration.default(15 * 60_000),
  /** Deprecated (issue 16): the top-level `retention:` section's check_results and rollups. */
  retention: legacyRetentionSchema.optional(),
  /** Responses slower than this count as over the limit in the SLA report. */
  response_limit: duration.default(7_000),
});

export const incidentSettingsDefaults = incidentSettingsSchema.parse({});

export const statusSettingsSchema = z.strictObject({
  /** The page's heading. */
  title: z.string().min(1).default('Service status'),
  /** Reads of /status and /api/* need no token; writes always need the admin token. */
  public: z.boolean().default(true),
  /** A day's bar colour: uptime % at or above `operational` is green, at or above `degraded` amber, else red. */
  bars: z
    .strictObject({
      operational: z.number().min(0).max(100).default(99.9),
      degraded: z.number().min(0).max(100).default(99),
    })
    .default({ operational: 99.9, degraded: 99 }),
});

export const statusSettingsDefaults = statusSettingsSchema.parse({});

export type ServiceConfig = z.output<typeof serviceSchema>;
export type IncidentSettings = z.output<typeof incidentSettingsSchema>;
export type StatusSettings = z.output<typeof statusSettingsSchema>;
