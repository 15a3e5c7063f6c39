import type { Logger } from 'pino';
import type { Channel, ChannelName } from '../../core/channel.js';
import type { Config, WakeConfig } from '../config-schema.js';
import { UserError } from '../../core/errors.js';
import type { StepChannel } from '../../core/wake.js';
import type { AlertGroup } from '../../core/watch.js';
import type { Store } from '../../store/index.js';
import { createWakeLadder, type WakeLadder, type WakeSettings } from '../../watch/wake/ladder.js';
import { inQuietHours } from '../../watch/wake/quiet-hours.js';
import type { Notifier } from '../../watch/pipeline/types.js';
import type { WakeHttpDeps } from '../../watch/http/wake-routes.js';
import { NOTIFY_UNITS, unitOf } from '../../notify/registry.js';
import { priceOfCall } from '../../notify/twilio/price.js';
import type { WakeChannels, WakeContext } from '../../notify/unit.js';
import { openSection } from '../channels.js';
import { personTimeZone } from '../config.js';

type Env = Record<string, string | undefined>;

/** Smart Wake as the daemon runs it: the ladder, the pipeline's notifier and the HTTP endpoints. */
export interface WakeRuntime {
  ladder: WakeLadder;
  notifier: Notifier;
  http: Omit<WakeHttpDeps, 'log' | 'access' | 'lookup'>;
  settings: WakeSettings;
  configured: StepChannel[];
}

/** A check that a provider's callback is genuine (see WakeChannels.signatureValid). */
type SignatureCheck = NonNullable<WakeChannels<ChannelName>['signatureValid']>;

/**
 * The channels the config sets up, unit by unit in the registry's order, secrets read now so a
 * missing variable stops the daemon at start (exit 2) rather than failing the first call at
 * 3 a.m. Each unit loads its SDK only here, and only when its section is configured.
 */
async function channelsOf(wake: WakeConfig, env: Env, baseDir: string) {
  const context: WakeContext = {
    publicUrl: wake.public_url,
    ringTimeoutMs: wake.ring_timeout,
    prices: { callMinute: wake.prices.call_minute, sms: wake.prices.sms },
    env,
  };
  const channels: Partial<Record<StepChannel, Channel>> = {};
  const callbackChecks = new Map<string, SignatureCheck>();
  for (const unit of NOTIFY_UNITS) {
    const opened = openSection(wake, unit, env, baseDir);
    if (!opened) continue;
    const built = await opened.wake(context);
    Object.assign(channels, built.channels);
    if (built.signatureValid) callbackChecks.set(unit.section, built.signatureValid);
  }
  for (const name of [...wake.fallbacks, ...(wake.warnings_to ? [wake.warnings_to] : [])]) {
    const { section } = unitOf(name);
    if (!channels[name])
      throw new UserError(
        `wake: ${name} is named as a channel but wake.${section} is not configured`,
        `add a wake.${section} section to soloops.yaml, or take ${name} out of wake.fallbacks / wake.warnings_to`,
      );
  }
  return { channels, callbackChecks };
}

/** The ladder's settings from config, with the channels actually configured. */
export function wakeSettings(wake: WakeConfig, configured: Iterable<StepChannel>): WakeSettings {
  return {
    calls: wake.calls,
    callIntervalMs: wake.call_interval,
    sms: wake.sms,
    fallbacks: wake.fallbacks,
    available: new Set(configured),
    retries: wake.retries,
    retryDelayMs: wake.retry_delay,
    keyPress: wake.public_url !== undefined,
  };
}

/** How long a wake waits for its automatic incident to be written before calling anyway. */
const INCIDENT_WAIT_MS = 1_000;

/** Automatic incidents as Smart Wake sees them (src/incident/auto/engine.ts); neither method throws. */
export interface WakeIncidents {
  /** Opens or joins the incident for a group about to wake the person. */
  wake(group: AlertGroup): Promise<unknown>;
  incidentOf(groupId: number): Promise<string | null>;
}

/** The incident is written first so the call can name it, but a slow store never holds the call back. */
async function openIncidentFirst(incidents: WakeIncidents | undefined, group: AlertGroup): Promise<void> {
  if (!incidents) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, INCIDENT_WAIT_MS);
    timer.unref();
  });
  await Promise.race([incidents.wake(group), late]);
  clearTimeout(timer);
}

/** Builds Smart Wake for a daemon (or `watch test-wake`). `now` is injectable for tests. */
export async function createWake(
  config: Config,
  store: Store,
  log: Logger,
  options: { env: Env; baseDir: string; now?: () => Date; incidents?: WakeIncidents },
): Promise<WakeRuntime> {
  const { wake } = config;
  const { channels, callbackChecks } = await channelsOf(wake, options.env, options.baseDir);
  // The daemon's /v1/twilio/* routes take the Twilio unit's callbacks.
  const twilioSignatureValid = callbackChecks.get('twilio');
  const now = options.now ?? (() => new Date());
  const settings = wakeSettings(wake, Object.keys(channels) as StepChannel[]);
  const ladder = createWakeLadder({
    store: store.wake,
    channels,
    settings,
    now,
    log,
    priceOfCall: (seconds) => priceOfCall(seconds, wake.prices.call_minute),
    ...(options.incidents && { incidentOf: options.incidents.incidentOf }),
    onAttempt: (a) =>
      log.info(
        {
          group: a.groupId,
          channel: a.channel,
          kind: a.kind,
          outcome: a.outcome,
          ...(a.error ? { error: a.error } : {}),
        },
        `${a.channel} ${a.outcome}`,
      ),
  });
  const quiet = wake.quiet_hours && {
    start: wake.quiet_hours.start,
    end: wake.quiet_hours.end,
    timezone: personTimeZone(config),
  };
  const notifier: Notifier = {
    wake: async (group: AlertGroup) => {
      await openIncidentFirst(options.incidents, group);
      await ladder.wake(group);
    },
    // Warnings never make a sound in quiet hours; by day, only when the person asked for it.
    notice: async (group) => {
      if (wake.warnings_to && !inQuietHours(now(), quiet)) await ladder.message(group, wake.warnings_to, 'warning');
    },
  };
  const http = {
    ladder,
    twilio:
      twilioSignatureValid && wake.public_url && wake.twilio
        ? { publicUrl: wake.public_url, personNumber: wake.twilio.to, signatureValid: twilioSignatureValid }
        : null,
  };
  return { ladder, notifier, http, settings, configured: Object.keys(channels) as StepChannel[] };
}
