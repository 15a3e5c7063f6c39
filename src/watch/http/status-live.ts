import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ApiAccess } from './api-common.js';

/** What the live page needs: its HTML and the JSON whose changes are pushed. */
export interface StatusLiveDeps {
  /** The page as served at `/status` (rendered with its live script), UTF-8. */
  html(): Promise<string | Buffer>;
  /**
   * The model as JSON text without its build time, so equal text means nothing changed. Read
   * every `pollMs` while a page is open; an `update` event goes out when it differs.
   */
  snapshot(): Promise<string>;
  /** Default 2 s: a snapshot is at most 2 s old (src/app/watch/api-status.ts), so a change is pushed within ~4 s. */
  pollMs?: number;
  /** A comment line this often keeps proxies from closing an idle stream; default 15 s. */
  heartbeatMs?: number;
}

/**
 * `GET /status` (the status page, live) and `GET /status/events` (Server-Sent Events: `update`
 * with the model's JSON when it changes, `: heartbeat` comments in between). One poller serves every
 * open page and runs only while one is open; streams end when the client leaves or the server closes.
 */
export function registerStatusLive(app: FastifyInstance, deps: StatusLiveDeps, access: ApiAccess): void {
  const clients = new Set<ServerResponse>();
  const pollMs = deps.pollMs ?? 2_000;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  let last: string | null = null;
  let timers: NodeJS.Timeout[] = [];
  let inFlight: Promise<void> | null = null;

  const broadcast = (chunk: string) => {
    for (const client of clients) client.write(chunk);
  };
  /** One read at a time: a slow store skips beats rather than piling up reads. */
  const poll = (): Promise<void> =>
    (inFlight ??= deps
      .snapshot()
      .then((next) => {
        if (last !== null && next !== last) broadcast(`event: update\ndata: ${next}\n\n`);
        if (clients.size > 0) last = next;
      })
      // The store is away for a moment: the pages keep what they show, and the next poll tries again.
      .catch(() => {})
      .finally(() => {
        inFlight = null;
      }));
  const start = () => {
    timers = [setInterval(() => void poll(), pollMs), setInterval(() => broadcast(': heartbeat\n\n'), heartbeatMs)];
  };
  const stop = () => {
    for (const timer of timers) clearInterval(timer);
    timers = [];
    last = null;
  };

  app.get('/status', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await deps.html());
  });

  app.get('/status/events', async (request, reply) => {
    if (!(await access.authorize(request, reply, 'read', { public: true }))) return reply;
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream and the page would see nothing.
      'x-accel-buffering': 'no',
    });
    clients.add(stream);
    request.raw.once('close', () => {
      clients.delete(stream);
      if (clients.size === 0) stop();
    });
    if (clients.size === 1) start();
    // The first page's baseline is read before it hears "connected": a change after that is pushed.
    if (last === null) await poll();
    stream.write('retry: 3000\n: connected\n\n');
  });

  // Open streams would hold server.close() (and so the daemon's shutdown) for as long as a page stays open.
  app.addHook('preClose', async () => {
    stop();
    for (const client of clients) client.end();
    clients.clear();
  });
}
