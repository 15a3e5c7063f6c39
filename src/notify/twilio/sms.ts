import { alertsSince, headline, isLive, nextStep } from '../text.js';
import type { Channel, WakeMessage } from '../types.js';
import { callbackUrl, TWILIO_SMS_STATUS_PATH, type TwilioClient, viaTwilio } from './client.js';
import { roundUsd } from './price.js';

/** Options for {@link twilioSms}. */
export interface TwilioSmsOptions {
  client: TwilioClient;
  from: string;
  to: string;
  /** The daemon's public URL, for delivery status callbacks (TWILIO_SMS_STATUS_PATH); optional. */
  publicUrl?: string | undefined;
  pricePerSegment: number;
}

/** The text message: "[soloops] CRITICAL api: … (3 alerts since 02:14 UTC). Reply ACK 12 …". */
function smsBody(message: WakeMessage): string {
  const count = isLive(message) ? ` (${alertsSince(message)})` : '';
  return `[soloops] ${headline(message, 'SMS')}${count}. ${nextStep(message)}`;
}

/**
 * Segments Twilio bills for a body, assuming GSM-7 (160 characters alone, 153 a part when split).
 * A body with characters outside GSM-7 (emoji, Hangul) goes as UCS-2 at 70/67 and costs more:
 * the figure is an estimate.
 */
function smsSegments(body: string): number {
  return body.length <= 160 ? 1 : Math.ceil(body.length / 153);
}

/** The `sms` channel: one text with the alert and how to acknowledge it. */
export function twilioSms({ client, from, to, publicUrl, pricePerSegment }: TwilioSmsOptions): Channel {
  return {
    name: 'sms',
    async send(message, signal) {
      const body = smsBody(message);
      const statusCallback = publicUrl
        ? { statusCallback: callbackUrl(publicUrl, TWILIO_SMS_STATUS_PATH, message.attemptId) }
        : {};
      const sent = await viaTwilio(client, signal, () => client.messages.create({ to, from, body, ...statusCallback }));
      return { providerId: sent.sid, costUsd: roundUsd(smsSegments(body) * pricePerSegment) };
    },
  };
}
