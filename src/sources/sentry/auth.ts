/**
 * Sentry's webhook check, `watch.auth.<entry>.sentry_secret`: the integration's client secret,
 * against which `Sentry-Hook-Signature` must match the raw body (signature.ts).
 */
import { failed, passed, type SettingsKit, type WebhookCheck } from '../shared/webhook-auth.js';
import { sentrySignatureValid } from './signature.js';

const settings = ({ secretRef }: SettingsKit) => secretRef;

/** The `sentry_secret` setting and the HMAC check it turns on. */
export const sentryAuth: WebhookCheck<'sentry_secret', ReturnType<typeof settings>, string> = {
  key: 'sentry_secret',
  credentialHeaders: ['sentry-hook-signature'],
  remote: false,
  settings,
  resolve: (ref, read) => read(ref),
  protects: (ref) => Boolean(ref),
  async verify(secret, request) {
    const signature = request.header('sentry-hook-signature');
    if (signature === undefined) return failed('missing Sentry-Hook-Signature header');
    if (!sentrySignatureValid(secret, request.rawBody, signature))
      return failed('Sentry-Hook-Signature does not match the body');
    return passed;
  },
};
