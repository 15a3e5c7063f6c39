import * as z from 'zod';
import { secretRef } from '../../core/config-primitives.js';
import { notifyUnit } from '../unit.js';

/** `wake.discord`: a channel webhook (whoever has its URL can post, so it is a secret). */
export const discordSchema = z.strictObject({ webhook_url: secretRef });

/** Discord: a wake step after the calls and the SMS, and the digest as embeds, through a channel webhook. */
export const discordUnit = notifyUnit({
  section: 'discord',
  schema: discordSchema,
  channels: { discord: { fallback: true, digest: true } },
  example: { webhook_url: { env: 'DISCORD_WEBHOOK_URL' } },
  open(section, secret) {
    const settings = { webhookUrl: secret(section.webhook_url, 'webhook_url') };
    return {
      wake: async () => ({ channels: { discord: (await import('./wake.js')).discordChannel(settings) } }),
      digest: async () => (await import('./digest.js')).discordDigestSender(settings),
    };
  },
});
