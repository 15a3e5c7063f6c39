import twilio from 'twilio';
import { alertCount, subjectOf } from '../text.js';
import type { Channel, WakeMessage } from '../types.js';
import { callbackUrl, TWILIO_GATHER_PATH, TWILIO_STATUS_PATH, type TwilioClient, viaTwilio } from './client.js';

/** Twilio accepts a ring timeout of 5 to 600 seconds. */
const RING_SECONDS = { min: 5, max: 600 };

/** Options for {@link twilioVoice}. */
export interface TwilioVoiceOptions {
  client: TwilioClient;
  from: string;
  to: string;
  /** The daemon's public URL; without it the call still rings but cannot be acknowledged by key. */
  publicUrl?: string | undefined;
  ringTimeoutMs: number;
  pricePerMinute: number;
}

/** Whether the person is asked to acknowledge (a wake, or a test of that); the rest is news. */
function asksForAck(message: WakeMessage): boolean {
  return message.kind === 'wake' || message.kind === 'test';
}

/** What the call says, kept short: it is heard by someone who just woke up. */
function spokenText(message: WakeMessage, canGather: boolean): string {
  // Without the key press, the hint says how else ("Reply ACK 12 or run: soloops ack 12").
  const ack = canGather ? 'Press 1 to acknowledge.' : `${message.ackHint}.`;
  switch (message.kind) {
    case 'wake':
      return `soloops alert. ${subjectOf(message)}. ${alertCount(message)}. ${ack}`;
    case 'test':
      return `soloops test call. Smart Wake reaches you by phone. ${ack}`;
    case 'warning':
      return `soloops warning. ${subjectOf(message)}. ${alertCount(message)}. Look at it today.`;
    case 'resolved':
      return `soloops: ${subjectOf(message)} has resolved. No action needed.`;
  }
}

/**
 * The call's TwiML. With a public URL, the message is said twice inside a one-digit <Gather>
 * whose action acknowledges; without one there is nowhere for a key press to go (Twilio would
 * post it to the document URL, which an inline TwiML call lacks, and end the call with an
 * application error), so the message is said twice with the other ways to acknowledge.
 */
function callTwiml(message: WakeMessage, gatherUrl: string | undefined): string {
  const response = new twilio.twiml.VoiceResponse();
  if (!asksForAck(message)) {
    response.say(spokenText(message, false));
    return response.toString();
  }
  const text = spokenText(message, gatherUrl !== undefined);
  const prompt = gatherUrl
    ? response.gather({ numDigits: 1, action: gatherUrl, method: 'POST', timeout: 10 })
    : response;
  prompt.say(text);
  prompt.say(text);
  response.say(message.kind === 'test' ? 'End of the test call.' : 'Not acknowledged. soloops will call again.');
  return response.toString();
}

/**
 * The `call` channel: rings the person with the alert read aloud, asking for 1 to acknowledge,
 * answering machines detected. Resolves with the call's sid and one minute's price as the
 * estimate; the status callback brings the real duration (see {@link priceOfCall}).
 */
export function twilioVoice(options: TwilioVoiceOptions): Channel {
  const { client, from, to, publicUrl, ringTimeoutMs, pricePerMinute } = options;
  const timeout = Math.min(RING_SECONDS.max, Math.max(RING_SECONDS.min, Math.round(ringTimeoutMs / 1000)));
  return {
    name: 'call',
    async send(message, signal) {
      const callbacks = publicUrl
        ? {
            statusCallback: callbackUrl(publicUrl, TWILIO_STATUS_PATH, message.attemptId),
            statusCallbackEvent: ['completed'],
            statusCallbackMethod: 'POST',
          }
        : {};
      const twiml = callTwiml(
        message,
        publicUrl ? callbackUrl(publicUrl, TWILIO_GATHER_PATH, message.attemptId) : undefined,
      );
      const call = await viaTwilio(client, signal, () =>
        client.calls.create({ to, from, twiml, timeout, machineDetection: 'Enable', ...callbacks }),
      );
      return { providerId: call.sid, costUsd: pricePerMinute };
    },
  };
}
