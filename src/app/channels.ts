import type { WakeConfig } from './config-schema.js';
import type { FallbackChannel } from './config-wake.js';
import { readSecret } from './secrets.js';

type Env = Record<string, string | undefined>;

/** A channel's `wake:` section with its secrets read, in the shape the notify factories take. */
export interface ChannelSettings {
  email: { smtpUrl: string; from: string; to: string };
  slack: { webhookUrl: string };
  discord: { webhookUrl: string };
  ntfy: { url: string; token?: string | undefined };
}

/**
 * The settings of one of the `wake.email|slack|discord|ntfy` sections, secrets read now (a missing
 * variable is a UserError naming the key), or null when the section is absent. Smart Wake and the
 * digest share these sections; each reads only the channels it is about to use.
 */
export function channelSettings<C extends FallbackChannel>(
  wake: WakeConfig,
  channel: C,
  env: Env,
  baseDir: string,
): ChannelSettings[C] | null {
  const secret = (ref: Parameters<typeof readSecret>[0], key: string) =>
    readSecret(ref, `wake.${channel}.${key}`, env, baseDir);
  const resolvers: { [K in FallbackChannel]: () => ChannelSettings[K] | undefined } = {
    email: () =>
      wake.email && { smtpUrl: secret(wake.email.smtp_url, 'smtp_url'), from: wake.email.from, to: wake.email.to },
    slack: () => wake.slack && { webhookUrl: secret(wake.slack.webhook_url, 'webhook_url') },
    discord: () => wake.discord && { webhookUrl: secret(wake.discord.webhook_url, 'webhook_url') },
    ntfy: () => wake.ntfy && { url: wake.ntfy.url, token: wake.ntfy.token && secret(wake.ntfy.token, 'token') },
  };
  return (resolvers[channel]() ?? null) as ChannelSettings[C] | null;
}
