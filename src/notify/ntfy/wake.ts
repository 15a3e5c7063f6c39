import { headerText, postWebhook, resultOf } from '../http.js';
import { clip, detail, headline, subjectOf } from '../text.js';
import type { Channel, WakeMessage } from '../types.js';

/** Options for {@link ntfyChannel}. */
export interface NtfyChannelOptions {
  /** The topic URL, e.g. https://ntfy.sh/my-secret-topic (the topic name is the secret on ntfy.sh). */
  url: string;
  /** An access token for a protected topic, already resolved from its secret ref. */
  token?: string | undefined;
}

/** ntfy shows these tags as emoji before the title. */
const TAGS: Record<WakeMessage['kind'], string> = {
  wake: 'rotating_light',
  warning: 'warning',
  resolved: 'white_check_mark',
  test: 'white_check_mark',
};

function ntfyHeaders(message: WakeMessage, token: string | undefined): Record<string, string> {
  return {
    'content-type': 'text/plain; charset=utf-8',
    Title: headerText(clip(`[soloops] ${headline(message, 'ntfy')}`, 250)),
    // "urgent" is ntfy's top priority: a long vibration and a pop-over on Android, even in Do Not Disturb if allowed.
    Priority: message.kind === 'wake' ? 'urgent' : 'default',
    Tags: TAGS[message.kind],
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  };
}

/**
 * Publishes to an ntfy topic: the plain text body with Title, Priority and Tags headers. ntfy
 * answers 200 with the message as JSON; its `id` is the providerId.
 */
export function ntfyChannel({ url, token }: NtfyChannelOptions): Channel {
  return {
    name: 'ntfy',
    async send(message, signal) {
      const body = message.kind === 'test' ? detail(message) : `${subjectOf(message)}\n${detail(message)}`;
      return resultOf(await postWebhook('ntfy topic', url, { headers: ntfyHeaders(message, token), body }, signal));
    },
  };
}
