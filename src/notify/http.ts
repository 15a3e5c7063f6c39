import { clip } from './text.js';
import { ChannelError } from './types.js';

/**
 * How long a webhook gets to answer. Generous for a POST, yet short enough that the ladder
 * moves on while the person can still be woken in time.
 */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** The request a webhook channel sends. */
export interface WebhookRequest {
  headers: Record<string, string>;
  body: string;
}

/** A JSON body with its content type, for the webhooks that take JSON (Slack, Discord). */
export function jsonRequest(payload: unknown): WebhookRequest {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) };
}

/**
 * HTTP headers carry Latin-1 at most (fetch refuses anything else), so a header with an emoji
 * or Hangul goes as an RFC 2047 encoded word, which ntfy decodes (server 2.4 and later).
 */
export function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/**
 * POSTs to a webhook and returns its 2xx response; rejects with ChannelError otherwise:
 * retryable for a timeout, a connection failure, a 429 or a 5xx. `what` names the endpoint in
 * messages ("Slack webhook"), because the URL itself is a secret (whoever has it can post) and
 * never appears in an error. Gives up after WEBHOOK_TIMEOUT_MS or when `signal` aborts.
 */
export async function postWebhook(
  what: string,
  url: string,
  request: WebhookRequest,
  signal?: AbortSignal,
): Promise<Response> {
  // fetch's own parse error quotes the URL; check first so that it never can.
  if (!URL.canParse(url)) throw new ChannelError(`${what} URL is not a valid URL`, false);
  const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (timeout.aborted) throw new ChannelError(`${what} did not answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`, true);
    if (signal?.aborted) throw new ChannelError(`${what}: cancelled`, true);
    throw new ChannelError(`could not reach ${what} (${networkCode(error)})`, true);
  }
  if (response.ok) return response;

  // Slack and ntfy say why in the body ("no_service", {"error": …}); worth a short excerpt.
  const reason = clip((await response.text().catch(() => '')).split(url).join('***'), 200);
  const retryable = response.status === 429 || response.status >= 500;
  throw new ChannelError(
    `${what} answered ${response.status}${reason ? `: ${reason}` : ''}`,
    retryable,
    response.status,
  );
}

/** The `id` of a JSON answer (ntfy's message, Discord's with ?wait=true); undefined otherwise. */
export async function idOf(response: Response): Promise<string | undefined> {
  if (!response.headers.get('content-type')?.includes('json')) return undefined;
  const body = (await response.json().catch(() => undefined)) as { id?: unknown } | undefined;
  return typeof body?.id === 'string' ? body.id : undefined;
}

/** The answer's `id` (Discord with ?wait=true, ntfy) as a send result's providerId, when there is one. */
export async function resultOf(response: Response): Promise<{ providerId?: string }> {
  const providerId = await idOf(response);
  return providerId ? { providerId } : {};
}

/** ECONNREFUSED, ENOTFOUND…: undici's messages are just "fetch failed", the code is in the cause. */
function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
