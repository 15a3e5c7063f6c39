import type { Logger } from 'pino';
import type { Channel } from '../../core/channel.js';
import type { Config, WakeConfig } from '../config-schema.js';
import { UserError } from '../../core/errors.js';
import type { StepChannel } from '../../core/wake.js';
import type { AlertGroup } from '../../core/watch.js';
import type { Store } from '../../store/index.js';
import { createWakeLadder, type WakeLadder, type WakeSettings } from '../../watch/wake/ladder.js';
import { inQuietHours } from '../../watch/wake/quiet-hours.js';
import type { Notifier } from '../../watch/pipeline/types.js';
import type { WakeHttpDeps } from '../../watch/http/wake-routes.js';
import { channelSettings } from '../channels.js';
import { readSecret } from '../secrets.js';
import { personTimeZone } from '../config.js';

type Env = Record<string, string | undefined>;

/** Smart Wake as the daemon runs it: the ladder, the pipeline's notifier and the HTTP endpoints. */
export interface WakeRuntime {
  ladder: WakeLadder;
  notifier: Notifier;
  http: Omit<WakeHttpDeps, 'log' | 'access'>;
  settings: WakeSettings;
  configured: StepChannel[];
}

/**
 * The channels the config sets up, secrets read now so a missing variable stops the daemon at
 * start (exit 2) rather than failing the first call at 3 a.m. The SDKs load only when used.
 */
async function channelsOf(wake: WakeConfig, env: Env, baseDir: string) {
  const secret = (ref: Parameters<typeof readSecret>[0], key: string) => readSecret(ref, `wake.${key}`, env, baseDir);
  const notify = await import('../../notify/index.js');
  const channels: Partial<Record<StepChannel, Channel>> = {};
  let twilioAuth: { authToken: string } | null = null;
  if (wake.twilio) {
    const authToken = secret(wake.twilio.auth_token, 'twilio.auth_token');
    const client = notify.createTwilioClient({
      accountSid: secret(wake.twilio.account_sid, 'twilio.account_sid'),
      authToken,
      apiBaseUrl: env.SOLOOPS_TWILIO_API_URL,
    });
    const common = { client, from: wake.twilio.from, to: wake.twilio.to, publicUrl: wake.public_url };
    channels.call = notify.twilioVoice({
      ...common,
      ringTimeoutMs: wake.ring_timeout,
      pricePerMinute: wake.prices.call_minute,
    });
    channels.sms = notify.twilioSms({ ...common, pricePerSegment: wake.prices.sms });
    twilioAuth = { authToken };
  }
  const email = channelSettings(wake, 'email', env, baseDir);
  if (email) channels.email = notify.emailChannel(email);
  const slack = channelSettings(wake, 'slack', env, baseDir);
  if (slack) channels.slack = notify.slackChannel(slack);
  const discord = channelSettings(wake, 'discord', env, baseDir);
  if (discord) channels.discord = notify.discordChannel(discord);
  const ntfy = channelSettings(wake, 'ntfy', env, baseDir);
  if (ntfy) channels.ntfy = notify.ntfyChannel(ntfy);
  for (const name of [...wake.fallbacks, ...(wake.warnings_to ? [wake.warnings_to] : [])]) {
    if (!channels[name])
      throw new UserError(
        `wake: ${name} is named as a channel but wake.${name} is not configured`,
        `add a wake.${name} section to soloops.yaml, or take ${name} out of wake.fallbacks / wake.warnings_to`,
      );
  }
  return { channels, twilioAuth, notify };
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

/** Builds Smart Wake for a daemon (or `watch test-wake`). `now` is injectable for tests. */
export async function createWake(
  config: Config,
  store: Store,
  log: Logger,
  options: { env: Env; baseDir: string; now?: () => Date },
): Promise<WakeRuntime> {
  const { wake } = config;
  const { channels, twilioAuth, notify } = await channelsOf(wake, options.env, options.baseDir);
  const now = options.now ?? (() => new Date());
  const settings = wakeSettings(wake, Object.keys(channels) as StepChannel[]);
  const ladder = createWakeLadder({
    store: store.wake,
    channels,
    settings,
    now,
    log,
    priceOfCall: (seconds) => notify.priceOfCall(seconds, wake.prices.call_minute),
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
    wake: (group: AlertGroup) => ladder.wake(group),
    // Warnings never make a sound in quiet hours; by day, only when the person asked for it.
    notice: async (group) => {
      if (wake.warnings_to && !inQuietHours(now(), quiet)) await ladder.message(group, wake.warnings_to, 'warning');
    },
  };
  const http = {
    ladder,
    twilio:
      twilioAuth && wake.public_url && wake.twilio
        ? {
            publicUrl: wake.public_url,
            personNumber: wake.twilio.to,
            signatureValid: (signature: string, url: string, params: Record<string, string>) =>
              notify.twilioSignatureValid(twilioAuth.authToken, signature, url, params),
          }
        : null,
  };
  return { ladder, notifier, http, settings, configured: Object.keys(channels) as StepChannel[] };
}
