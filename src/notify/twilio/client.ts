import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { messageOf, UserError } from '../../core/errors.js';
import { ChannelError } from '../types.js';

/** The Twilio REST client the two channels (`call` and `sms`) share. */
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
export function callbackUrl(publicUrl: string, path: string, attemptId: number): string {
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
export async function viaTwilio<T>(
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
