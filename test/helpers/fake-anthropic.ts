import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers to the next POST /v1/messages. */
export interface FakeReply {
  /** HTTP status; 200 (the default) sends a message, anything else an error body. */
  status?: number;
  /** The assistant's text (status 200). */
  text?: string;
  /** Adds a thinking block before the text, as models that think by default do. */
  thinking?: string;
  stopReason?: 'end_turn' | 'max_tokens' | 'refusal' | 'stop_sequence';
  /** The error message (status ≠ 200); the error type follows the status as the real API's does. */
  errorMessage?: string;
  /** Never answer: hold the request open until the client gives up (or the fake closes). */
  hang?: boolean;
}

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body:
    | {
        model?: string;
        max_tokens?: number;
        system?: unknown;
        messages?: Array<{ role: string; content: unknown }>;
        [key: string]: unknown;
      }
    | undefined;
  /** The raw body text, for "does the prompt contain X" assertions. */
  text: string;
}

/** A local stand-in for the Anthropic Messages API on 127.0.0.1, for SDK clients via baseURL. */
export interface FakeAnthropic {
  /** Pass as the SDK's baseURL. */
  url: string;
  requests: RecordedRequest[];
  /** Sets the reply for every following request (a function can vary it per request). */
  reply(next: FakeReply | ((request: RecordedRequest) => FakeReply)): void;
  close(): Promise<void>;
}

/** The `error.type` the real API sends with each status. */
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * Starts the fake on a free loopback port. It speaks the documented wire format: POST
 * /v1/messages with `x-api-key` and `anthropic-version` headers, a `message` object on 200 and
 * `{type: 'error', error: {type, message}}` otherwise, with a `request-id` header on both.
 */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  let next: FakeReply | ((request: RecordedRequest) => FakeReply) = {
    text: '{"severity":"info","reason":"fake default"}',
  };

  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      let body: RecordedRequest['body'];
      try {
        body = JSON.parse(text) as RecordedRequest['body'];
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        text,
      };
      requests.push(recorded);
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'request-id': `req_${randomBytes(12).toString('hex')}`,
        });
        res.end(JSON.stringify(payload));
      };
      const fail = (status: number, message: string) =>
        send(status, { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } });

      if (req.method !== 'POST' || recorded.path.split('?')[0] !== '/v1/messages')
        return fail(404, `Not found: ${recorded.path}`);
      if (!req.headers['x-api-key']) return fail(401, 'x-api-key header is required');
      if (!req.headers['anthropic-version']) return fail(400, 'anthropic-version: header is required');
      if (
        !body ||
        typeof body.model !== 'string' ||
        typeof body.max_tokens !== 'number' ||
        !Array.isArray(body.messages)
      ) {
        return fail(400, 'model, max_tokens and messages are required');
      }
      const reply = typeof next === 'function' ? next(recorded) : next;
      if (reply.hang) return; // the client's timeout or abort closes the socket
      const status = reply.status ?? 200;
      if (status !== 200) return fail(status, reply.errorMessage ?? 'fake failure');
      const content: unknown[] = [];
      if (reply.thinking !== undefined) content.push({ type: 'thinking', thinking: reply.thinking, signature: 'sig' });
      content.push({ type: 'text', text: reply.text ?? '' });
      send(200, {
        id: `msg_${randomBytes(12).toString('hex')}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content,
        stop_reason: reply.stopReason ?? 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: Math.ceil(text.length / 4), output_tokens: Math.ceil((reply.text ?? '').length / 4) },
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply(value) {
      next = value;
    },
    close() {
      // Hanging requests would keep close() waiting forever.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
