import * as z from 'zod';
import { secretRef } from '../../core/config-primitives.js';
import { notifyUnit } from '../unit.js';
import type { TwilioSettings } from './wake.js';

/** `wake.twilio`: the account and the two numbers both Twilio channels use. */
export const twilioSchema = z.strictObject({
  account_sid: secretRef,
  auth_token: secretRef,
  /** The Twilio number calls and texts come from (E.164). */
  from: z.string().regex(/^\+\d{6,15}$/, 'expected an E.164 number such as "+15551234567"'),
  /** The person's phone (E.164). */
  to: z.string().regex(/^\+\d{6,15}$/, 'expected an E.164 number such as "+821012345678"'),
});

/**
 * Twilio: one section, two channels. The ladder itself places them (`call` first, then `sms`),
 * so neither is a fallback; neither carries the digest. The SDK loads only when the wake starts.
 */
export const twilioUnit = notifyUnit({
  section: 'twilio',
  schema: twilioSchema,
  channels: {
    call: { fallback: false, digest: false },
    sms: { fallback: false, digest: false },
  },
  example: {
    account_sid: { env: 'TWILIO_ACCOUNT_SID' },
    auth_token: { env: 'TWILIO_AUTH_TOKEN' },
    from: '+15551234567',
    to: '+821012345678',
  },
  open(section, secret) {
    // The token is read first, so that with both missing the error names auth_token, as it always has.
    const settings: TwilioSettings = {
      authToken: secret(section.auth_token, 'auth_token'),
      accountSid: secret(section.account_sid, 'account_sid'),
      from: section.from,
      to: section.to,
    };
    return { wake: async (context) => (await import('./wake.js')).twilioChannels(settings, context) };
  },
});
