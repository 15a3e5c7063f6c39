import type { WakeChannels, WakeContext } from '../unit.js';
import { createTwilioClient, twilioSignatureValid } from './client.js';
import { twilioSms } from './sms.js';
import { twilioVoice } from './voice.js';

/** `wake.twilio` with its secrets read. */
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** The Twilio number calls and texts come from. */
  from: string;
  /** The person's phone. */
  to: string;
}

/**
 * The `call` and `sms` channels on one Twilio client (one account, one number, one person), and
 * the check of the signature on Twilio's callbacks (the key press, call and text statuses).
 */
export function twilioChannels(settings: TwilioSettings, context: WakeContext): WakeChannels<'call' | 'sms'> {
  const { accountSid, authToken, from, to } = settings;
  const client = createTwilioClient({ accountSid, authToken, apiBaseUrl: context.env.SOLOOPS_TWILIO_API_URL });
  const common = { client, from, to, publicUrl: context.publicUrl };
  return {
    channels: {
      call: twilioVoice({ ...common, ringTimeoutMs: context.ringTimeoutMs, pricePerMinute: context.prices.callMinute }),
      sms: twilioSms({ ...common, pricePerSegment: context.prices.sms }),
    },
    signatureValid: (signature, url, params) => twilioSignatureValid(authToken, signature, url, params),
  };
}
