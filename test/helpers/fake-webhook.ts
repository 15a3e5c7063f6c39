import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers next; `hang` holds the request open until the client gives up. */
export type WebhookAnswer = { status: number; type?: string; body?: string } | { hang: true };

/** A local stand-in for a webhook API (Slack, Discord, ntfy): records each request, answers as told. */
export interface FakeWebhook {
  /** http://127.0.0.1:port (append the path the channel would use). */
  base: string;
  received: ReceivedRequest[];
  /** Set before each request; default 200 "ok". */
  answer: WebhookAnswer;
  /** Resolves when the next request has arrived. */
  nextRequest(): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

const OK: WebhookAnswer = { status: 200, type: 'text/plain', body: 'ok' };

/** Starts a receiver on 127.0.0.1; close it when done. */
export async function startFakeWebhook(): Promise<FakeWebhook> {
  const fake = unstartedFake();
  await fake.start();
  return fake;
}

/**
 * One receiver for a whole test file: started before its tests, emptied (and answering 200 "ok"
 * again) before each, closed after. The object is the same throughout; `base` is set once started.
 */
export function useFakeWebhook(): FakeWebhook {
  const fake = unstartedFake();
  beforeAll(() => fake.start());
  beforeEach(() => {
    fake.received.length = 0;
    fake.answer = OK;
  });
  afterAll(() => fake.close());
  return fake;
}

function unstartedFake(): FakeWebhook & { start(): Promise<void> } {
  const waiting: Array<(request: ReceivedRequest) => void> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      fake.received.push(request);
      waiting.shift()?.(request);
      const { answer } = fake;
      if ('hang' in answer) return;
      res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
      res.end(answer.body ?? '');
    });
  });
  const fake = {
    base: '',
    received: [] as ReceivedRequest[],
    answer: OK,
    nextRequest: () => new Promise<ReceivedRequest>((resolve) => waiting.push(resolve)),
    start: async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
