import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

/** Form fields as Twilio reads them: a repeated key (StatusCallbackEvent) becomes a list. */
export type TwilioFields = Record<string, string | string[]>;

/** One request to Calls.json or Messages.json, as the fake received it. */
export interface RecordedTwilioRequest {
  /** The sid the fake answered with (CA… or SM…); undefined when it answered an error. */
  sid: string | undefined;
  /** The HTTP status the fake answered. */
  status: number;
  fields: TwilioFields;
}

/** Twilio's error body; `more_info` and `status` are filled in by the fake. */
export interface TwilioErrorBody {
  code: number;
  message: string;
}

/** A local stand-in for Twilio's REST API on 127.0.0.1 (createTwilioClient's apiBaseUrl). */
export interface FakeTwilio {
  /** Pass as apiBaseUrl. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Every request to Calls.json, in order (failed ones included). */
  calls: RecordedTwilioRequest[];
  /** Every request to Messages.json, in order (failed ones included). */
  messages: RecordedTwilioRequest[];
  /** The next N (default: every following) requests answer `status` with Twilio's error JSON. */
  failWith(status: number, count?: number, error?: TwilioErrorBody): void;
  /** The next call request not yet returned by nextCall(), waiting for it to arrive. */
  nextCall(): Promise<RecordedTwilioRequest>;
  /** The next message request not yet returned by nextMessage(), waiting for it to arrive. */
  nextMessage(): Promise<RecordedTwilioRequest>;
  /** The fields Twilio sends with a status callback for this call or text, plus `extra`. */
  callbackParams(request: RecordedTwilioRequest, extra: Record<string, string>): Record<string, string>;
  /** POSTs form fields to a callback URL signed as Twilio does (X-Twilio-Signature); the answer. */
  sendStatusCallback(url: string, params: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** Error codes Twilio documents for these statuses, for failWith without an explicit body. */
const DEFAULT_ERRORS: Record<number, TwilioErrorBody> = {
  400: { code: 21211, message: "Invalid 'To' Phone Number" },
  401: { code: 20003, message: 'Authenticate' },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
};

const ROUTE = /^\/2010-04-01\/Accounts\/([^/]+)\/(Calls|Messages)\.json$/;

/** Twilio's date format (RFC 2822 with a numeric zone). */
const twilioDate = (date: Date) => date.toUTCString().replace('GMT', '+0000');

/** A queue that hands each recorded request to exactly one waiter, whichever comes first. */
function inbox() {
  const items: RecordedTwilioRequest[] = [];
  const waiters: Array<(request: RecordedTwilioRequest) => void> = [];
  return {
    push(request: RecordedTwilioRequest) {
      const waiter = waiters.shift();
      if (waiter) waiter(request);
      else items.push(request);
    },
    next(): Promise<RecordedTwilioRequest> {
      const item = items.shift();
      return item ? Promise.resolve(item) : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

function parseForm(text: string): TwilioFields {
  const fields: TwilioFields = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = fields[key];
    fields[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return fields;
}

/** The JSON Twilio answers a created call or message with (the fields the SDK maps). */
function resource(
  kind: 'Calls' | 'Messages',
  accountSid: string,
  sid: string,
  fields: TwilioFields,
): Record<string, unknown> {
  const now = twilioDate(new Date());
  const uri = `/2010-04-01/Accounts/${accountSid}/${kind}/${sid}.json`;
  const common = {
    sid,
    account_sid: accountSid,
    to: fields.To,
    from: fields.From,
    status: 'queued',
    date_created: now,
    date_updated: now,
    api_version: '2010-04-01',
    price: null,
    price_unit: 'USD',
    uri,
  };
  if (kind === 'Calls') {
    return {
      ...common,
      parent_call_sid: null,
      to_formatted: fields.To,
      from_formatted: fields.From,
      phone_number_sid: `PN${randomBytes(16).toString('hex')}`,
      start_time: null,
      end_time: null,
      duration: null,
      direction: 'outbound-api',
      answered_by: null,
      forwarded_from: null,
      caller_name: null,
      group_sid: null,
      queue_time: '0',
      trunk_sid: null,
      subresource_uris: {
        notifications: uri.replace('.json', '/Notifications.json'),
        recordings: uri.replace('.json', '/Recordings.json'),
      },
    };
  }
  return {
    ...common,
    body: fields.Body,
    num_segments: '1',
    num_media: '0',
    direction: 'outbound-api',
    messaging_service_sid: null,
    date_sent: null,
    error_code: null,
    error_message: null,
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
  };
}

/** The first required field that is missing, as Twilio's 400 for it. */
function missingField(kind: 'Calls' | 'Messages', fields: TwilioFields): TwilioErrorBody | undefined {
  if (!fields.To)
    return kind === 'Calls'
      ? { code: 21201, message: "No 'To' number is specified" }
      : { code: 21604, message: "A 'To' phone number is required." };
  if (!fields.From)
    return kind === 'Calls'
      ? { code: 21213, message: "No 'From' number is specified" }
      : { code: 21603, message: "A 'From' phone number is required." };
  if (kind === 'Calls' && !fields.Url && !fields.Twiml && !fields.ApplicationSid)
    return { code: 21205, message: 'Url parameter is required.' };
  if (kind === 'Messages' && !fields.Body && !fields.MediaUrl)
    return { code: 21602, message: 'Message body is required.' };
  return undefined;
}

/**
 * Starts the fake on a free loopback port. It speaks Twilio's wire format: form-encoded POSTs to
 * /2010-04-01/Accounts/{AccountSid}/Calls.json and Messages.json with HTTP Basic auth (the
 * account SID and auth token), 201 with the resource JSON, and `{code, message, more_info,
 * status}` for errors (401/20003 for bad credentials, 404/20404 for other paths).
 */
export async function startFakeTwilio(options: { accountSid?: string; authToken?: string } = {}): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const calls: RecordedTwilioRequest[] = [];
  const messages: RecordedTwilioRequest[] = [];
  const inboxes = { Calls: inbox(), Messages: inbox() };
  let failure: { status: number; remaining: number; error: TwilioErrorBody | undefined } | null = null;

  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'twilio-request-id': `RQ${randomBytes(16).toString('hex')}`,
        });
        res.end(JSON.stringify(payload));
      };
      const fail = (status: number, error: TwilioErrorBody) =>
        send(status, { ...error, more_info: `https://www.twilio.com/docs/errors/${error.code}`, status });

      const path = (req.url ?? '').split('?')[0] ?? '';
      const route = ROUTE.exec(path);
      if (req.method !== 'POST' || !route)
        return fail(404, { code: 20404, message: `The requested resource ${path} was not found` });
      const kind = route[2] as 'Calls' | 'Messages';
      const fields = parseForm(text);
      const recorded: RecordedTwilioRequest = { sid: undefined, status: 0, fields };
      (kind === 'Calls' ? calls : messages).push(recorded);
      const answer = (status: number, error?: TwilioErrorBody) => {
        recorded.status = status;
        if (error) fail(status, error);
        else send(status, resource(kind, accountSid, recorded.sid!, fields));
        inboxes[kind].push(recorded);
      };

      if (req.headers.authorization !== expectedAuth || route[1] !== accountSid)
        return answer(401, DEFAULT_ERRORS[401]);
      if (failure && failure.remaining > 0) {
        failure.remaining -= 1;
        const { status, error } = failure;
        return answer(status, error ?? DEFAULT_ERRORS[status] ?? { code: 20500, message: 'Internal Server Error' });
      }
      const missing = missingField(kind, fields);
      if (missing) return answer(400, missing);
      recorded.sid = `${kind === 'Calls' ? 'CA' : 'SM'}${randomBytes(16).toString('hex')}`;
      answer(201);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    calls,
    messages,
    failWith(status, count = Number.POSITIVE_INFINITY, error) {
      failure = { status, remaining: count, error };
    },
    nextCall: () => inboxes.Calls.next(),
    nextMessage: () => inboxes.Messages.next(),
    callbackParams(request, extra) {
      const isCall = request.sid?.startsWith('CA') ?? false;
      const ids: Record<string, string> = isCall
        ? { CallSid: request.sid ?? '', Direction: 'outbound-api' }
        : { MessageSid: request.sid ?? '', SmsSid: request.sid ?? '' };
      return {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: String(request.fields.From),
        To: String(request.fields.To),
        ...ids,
        ...extra,
      };
    },
    async sendStatusCallback(url, params) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'TwilioProxy/1.1',
          // HMAC-SHA1 over the full URL followed by each param name and value, sorted by name.
          'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      return { status: response.status, body: await response.text() };
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
