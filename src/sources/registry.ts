/**
 * Every alert source, one line each, in detection order, with its webhook check when it has one.
 * A name in SOURCES (core/alert.ts) without a line here fails to compile; a check listed here is
 * part of every `watch.auth.<entry>` (app/config-schema.ts) and runs on every request its entry
 * covers (watch/auth), without its name written anywhere else.
 */
import type * as z from 'zod';
import type { SourceName } from '../core/alert.js';
import { alertmanager } from './alertmanager/alertmanager.js';
import { cloudwatchAuth } from './cloudwatch/auth.js';
import { cloudwatch } from './cloudwatch/cloudwatch.js';
import { datadog } from './datadog/datadog.js';
import { generic } from './generic/generic.js';
import { grafana } from './grafana/grafana.js';
import { sentryAuth } from './sentry/auth.js';
import { sentry } from './sentry/sentry.js';
import type { AnyWebhookCheck, SettingsKit, WebhookCheck } from './shared/webhook-auth.js';
import type { AlertSource } from './shared/types.js';
import { text } from './text/text.js';
import { uptimeKuma } from './uptime-kuma/uptime-kuma.js';

/** One source: how it reads payloads and, optionally, how its webhooks prove who sent them. */
export interface SourceUnit {
  source: AlertSource;
  auth?: AnyWebhookCheck;
}

/**
 * Detection order: the most specific shapes first, so a payload is claimed by the tool that sent
 * it before a looser shape matches. CloudWatch/SNS, Sentry and Datadog have unmistakable
 * envelopes; Grafana's body is Alertmanager's plus extra fields, so it must be tried before
 * Alertmanager; Uptime Kuma's `{heartbeat, monitor, msg}` is specific; generic JSON (anything
 * with a title or message) would swallow most of the above, so it comes last among objects.
 * Text only ever claims strings.
 */
export const registry = [
  { source: cloudwatch, auth: cloudwatchAuth },
  { source: sentry, auth: sentryAuth },
  { source: datadog },
  { source: grafana },
  { source: alertmanager },
  { source: uptimeKuma },
  { source: generic },
  { source: text },
] as const satisfies readonly SourceUnit[];

type Unit = (typeof registry)[number];
type Unregistered = Exclude<SourceName, Unit['source']['name']>;

/** Fails to compile, naming the source, when a name of SOURCES has no line in the registry. */
export const everySourceRegistered: [Unregistered] extends [never] ? true : { missing: Unregistered } = true;

/** The checks the units declare. */
type Check = Unit extends infer U ? (U extends { auth: infer C } ? C : never) : never;
type SchemaOf<C> = C extends WebhookCheck<string, infer Schema, unknown, unknown> ? Schema : never;
type SettingsOf<C> = C extends WebhookCheck<string, z.ZodType, infer Settings, unknown> ? Settings : never;
type StateOf<C> = C extends WebhookCheck<string, z.ZodType, unknown, infer State> ? State : never;

/**
 * Every source's webhook check, local ones first: a check that may download (SNS certificates)
 * runs only once the cheap ones passed. Stable, so local checks keep registry order.
 */
export const webhookChecks: readonly AnyWebhookCheck[] = registry
  .flatMap((unit: SourceUnit) => (unit.auth ? [unit.auth] : []))
  .sort((a, b) => Number(a.remote) - Number(b.remote));

/** The checks' settings schemas by key, each optional: the source-specific part of `watch.auth.<entry>`. */
export type WebhookSettingsShape = { [C in Check as C['key']]: z.ZodOptional<SchemaOf<C>> };

/** Each check's settings with secrets read, by key (what the daemon holds per `watch.auth` entry). */
export type WebhookSettings = { [C in Check as C['key']]?: SettingsOf<C> };

/** What the daemon keeps across requests for the checks that need it (the SNS certificate cache). */
export type WebhookCheckState = StateOf<Check>;

/** The schema of every check's setting, keyed as in `watch.auth.<entry>`, for the config composer. */
export function webhookSettingsShape(kit: SettingsKit): WebhookSettingsShape {
  return Object.fromEntries(
    webhookChecks.map((check) => [check.key, check.settings(kit).optional()]),
  ) as WebhookSettingsShape;
}
