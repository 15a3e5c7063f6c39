import type { DigestSender } from '../digest.js';
import { jsonRequest, postWebhook, resultOf } from '../http.js';
import type { DiscordChannelOptions } from './wake.js';

/** The digest's embeds through a Discord webhook (204, or 200 with the message under ?wait=true). */
export function discordDigestSender({ webhookUrl }: DiscordChannelOptions): DigestSender {
  return {
    name: 'discord',
    async send(message, signal) {
      // Alert titles are outside text: an "@everyone" in one must not ping the whole server.
      const payload = { ...message.discord, allowed_mentions: { parse: [] } };
      return resultOf(await postWebhook('Discord webhook', webhookUrl, jsonRequest(payload), signal));
    },
  };
}
