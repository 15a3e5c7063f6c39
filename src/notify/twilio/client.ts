import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { messageOf, UserError } from '../../core/errors.js';
import { alertCount, alertsSince, headline, isLive, nextStep, subjectOf } from '../text.js';
import { ChannelError, type Channel, type WakeMessage } from '../types.js';

/** The Twilio REST client the two channels share. */
export type TwilioClient = twilio.Twilio;

/** Where Twilio posts the key pressed during a call (`?attempt=` names the notification row). */
export const TWILIO_GATHER_PATH = '/v1/twilio/gather';
/** Where Twilio posts a call's status (CallStatus, CallDuration, AnsweredBy). */
export const TWILIO_STATUS_PATH = '/v1/twilio/status';
/**
 * Where Twilio posts a text's delivery status (MessageStatus: sent, delivered, undelivered…).
 * Apart from the call's, so that a text's status is never read as a call's (and priced as one).
 */
export const TWILIO_SMS_STATUS_PATH = '/v1/twilio/sms-status';

/** An API request that has not answered by then counts as a (retryable) failure. */
const API_TIMEOUT_MS = 10_000;
/** Twilio accepts a ring timeout of 5 to 600 seconds. */
const RING_SECONDS = { min: 5, max: 600 };

/** Options for {@link createTwilioClient}; plain values, the caller resolves the secret refs. */
export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Sends the API requests here instead of https://api.twilio.com (a local fake in tests). */
  apiBaseUrl?: string | undefined;
}

/** The SDK's own HTTP client with every https://*.twilio.com URL moved onto another base URL. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: API_TIMEOUT_MS, autoRetry: false });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({
      ...opts,
      uri: opts.uri.replace(/^https:\/\/(?:[^/?#]+\.)?twilio\.com(?=[/?#]|$)/i, this.baseUrl),
    });
  }
}

/**
 * Creates the Twilio client for {@link twilioVoice} and {@link twilioSms}. The SDK's auto-retry
 * stays off: retries, with their backoff and their record, belong to the wake pipeline.
 */
export function createTwilioClient({ accountSid, authToken, apiBaseUrl }: TwilioClientOptions): TwilioClient {
  // The SDK throws a bare Error for this; say which setting it is.
  if (!accountSid.startsWith('AC'))
    throw new UserError('wake.twilio.account_sid must start with AC', 'copy the Account SID from the Twilio console');
  const httpClient = apiBaseUrl ? new RebasedRequestClient(apiBaseUrl.replace(/\/+$/, '')) : undefined;
  return twilio(accountSid, authToken, { autoRetry: false, timeout: API_TIMEOUT_MS, httpClient });
}

/** `{publicUrl}{path}?attempt={id}`, the URL Twilio calls back on (and signs, query included). */
function callbackUrl(publicUrl: string, path: string, attemptId: number): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}?attempt=${attemptId}`;
}

/**
 * Maps what the SDK threw to a ChannelError. Twilio's own messages can quote the request path,
 * which holds the account SID, so both credentials are scrubbed from whatever is kept.
 */
function toChannelError(error: unknown, client: TwilioClient): ChannelError {
  const scrub = (text: string) =>
    [client.password, client.accountSid].reduce<string>(
      (out, secret) => (secret ? out.split(secret).join('***') : out),
      text,
    );
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status === 'number') {
    const twilioCode = typeof code === 'number' ? ` (error ${code})` : '';
    return new ChannelError(
      scrub(`Twilio answered ${status}${twilioCode}: ${messageOf(error)}`),
      status === 429 || status >= 500,
      status,
    );
  }
  // No HTTP answer at all: axios failed to connect, or gave up waiting.
  if ((error as { isAxiosError?: unknown }).isAxiosError === true) {
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT')
      return new ChannelError(`Twilio did not answer within ${API_TIMEOUT_MS / 1000} s`, true);
    return new ChannelError(`could not reach Twilio (${typeof code === 'string' ? code : 'network error'})`, true);
  }
  return new ChannelError(scrub(`Twilio request failed: ${messageOf(error)}`), false);
}

/**
 * Runs one API request. The SDK takes no AbortSignal, so a request in flight is let finish
 * (at most API_TIMEOUT_MS): cutting it off would leave unknown whether the phone rings.
 */
async function viaTwilio<T>(
  client: TwilioClient,
  signal: AbortSignal | undefined,
  request: () => Promise<T>,
): Promise<T> {
  if (signal?.aborted) throw new ChannelError('Twilio request cancelled', true);
  try {
    return await request();
  } catch (error) {
    throw toChannelError(error, client);
  }
}

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

/** A call's price: Twilio bills each started minute, so 61 s costs two; 0 s (never answered) costs nothing. */
export function priceOfCall(durationSeconds: number, pricePerMinute: number): number {
  return durationSeconds > 0 ? roundUsd(Math.ceil(durationSeconds / 60) * pricePerMinute) : 0;
}

/** Sub-cent prices multiplied pick up float noise (0.028000000000000004); a micro-dollar is plenty. */
function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Tells whether a request really comes from Twilio: `signature` is its X-Twilio-Signature
 * header, `url` the full URL Twilio requested (query included), `params` the form fields of
 * the POST. The SDK compares in constant time (crypto.timingSafeEqual) and also accepts the
 * URL with or without the default port; a malformed URL is simply not valid.
 */
export function twilioSignatureValid(
  authToken: string,
  signature: string,
  url: string,
  params: Record<string, string | string[]>,
): boolean {
  if (!authToken || !signature) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    return false;
  }
}
