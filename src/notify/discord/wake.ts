import { jsonRequest, postWebhook, resultOf } from '../http.js';
import { clip, factsOf, headline, nextStep, subjectOf } from '../text.js';
import type { Channel, WakeMessage } from '../types.js';

/** Options for {@link discordChannel}. */
export interface DiscordChannelOptions {
  /** The channel webhook URL (https://discord.com/api/webhooks/…), already resolved from its secret ref. */
  webhookUrl: string;
}

/** Embed colours: red wakes, amber warnings, green resolved, blurple for a test. */
const COLOURS: Record<WakeMessage['kind'], number> = {
  wake: 0xe53935,
  warning: 0xfb8c00,
  resolved: 0x43a047,
  test: 0x5865f2,
};

function discordPayload(message: WakeMessage): unknown {
  return {
    content: `[soloops] ${headline(message, 'Discord')}`,
    embeds: [
      {
        // Discord's limits: a title of 256 characters, a description of 4096, a field value of 1024.
        title: clip(message.kind === 'test' ? 'Smart Wake test' : subjectOf(message), 256),
        description: clip(nextStep(message), 4096),
        color: COLOURS[message.kind],
        fields: factsOf(message).map(([name, value]) => ({ name, value: clip(value, 1024), inline: name !== 'Alert' })),
      },
    ],
    // Alert titles are outside text: an "@everyone" in one must not ping the whole server.
    allowed_mentions: { parse: [] },
  };
}

/**
 * A Discord channel webhook. Discord answers 204 without a body, or 200 with the message when
 * the URL carries `?wait=true` (its id is then the providerId); other answers reject with
 * ChannelError, 5xx and 429 retryable.
 */
export function discordChannel({ webhookUrl }: DiscordChannelOptions): Channel {
  return {
    name: 'discord',
    async send(message, signal) {
      return resultOf(await postWebhook('Discord webhook', webhookUrl, jsonRequest(discordPayload(message)), signal));
    },
  };
}
