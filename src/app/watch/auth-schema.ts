/**
 * `watch.auth.<entry>`, composed: the shared token (core) and each source's own setting from the
 * registry (`sentry_secret`, `sns`), so a source that adds a check needs no edit here.
 */
import * as z from 'zod';
import { duration, secretRef } from '../../core/config-primitives.js';
import { watchSchema, webhookTokenShape } from '../../core/config.js';
import { webhookSettingsShape } from '../../sources/registry.js';

/** How one source's webhooks must authenticate; every configured method must pass. */
export const sourceAuthSchema = z.strictObject({
  ...webhookTokenShape,
  ...webhookSettingsShape({ strictObject: z.strictObject, boolean: z.boolean, secretRef, duration }),
});

/** The `watch:` section with every `watch.auth` entry taking the token and each source's setting. */
export const watchWithAuthSchema = watchSchema.extend({ auth: z.record(z.string(), sourceAuthSchema).default({}) });

/** One `watch.auth` entry as configured (secrets still references). */
export type SourceAuthConfig = z.output<typeof sourceAuthSchema>;

/** The `watch:` section as configured, with its full `watch.auth` entries. */
export type WatchConfigWithAuth = z.output<typeof watchWithAuthSchema>;
