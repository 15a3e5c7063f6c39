import * as z from 'zod';
import { secretRef } from '../../core/config-primitives.js';
import { notifyUnit } from '../unit.js';

/** `wake.ntfy`: a topic, public (the topic name is the secret on ntfy.sh) or protected by a token. */
export const ntfySchema = z.strictObject({
  /** The topic URL, e.g. https://ntfy.sh/my-secret-topic or your own server's. */
  url: z.url(),
  token: secretRef.optional(),
});

/** ntfy: a push to the phone as a wake step after the calls and the SMS, and the digest in markdown. */
export const ntfyUnit = notifyUnit({
  section: 'ntfy',
  schema: ntfySchema,
  channels: { ntfy: { fallback: true, digest: true } },
  example: { url: 'https://ntfy.sh/my-secret-topic', token: { env: 'NTFY_TOKEN' } },
  open(section, secret) {
    const settings = { url: section.url, token: section.token && secret(section.token, 'token') };
    return {
      wake: async () => ({ channels: { ntfy: (await import('./wake.js')).ntfyChannel(settings) } }),
      digest: async () => (await import('./digest.js')).ntfyDigestSender(settings),
    };
  },
});
