import { createServer, type RequestListener, type Server } from 'node:http';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type LookupFunction,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, runProbe } from './probe.js';
import type { CheckConfig } from './types.js';

function check(url: string, overrides: Partial<CheckConfig> = {}): CheckConfig {
  return {
    name: 'web',
    url,
    method: 'GET',
    interval: 60_000,
    timeout: 5_000,
    expect: {},
    service: 'web',
    failureThreshold: 3,
    successThreshold: 2,
    ...overrides,
  };
}

const servers: Array<Server | TcpServer> = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen<S extends Server | TcpServer>(server: S): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => sockets.add(socket)); // so close() never waits on a hung test socket
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function http(handler: RequestListener): Promise<string> {
  return `http://127.0.0.1:${await listen(createServer(handler))}`;
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const notFound: LookupFunction = (hostname, _options, callback) =>
  callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
const tryAgain: LookupFunction = (hostname, _options, callback) =>
  callback(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: 'EAI_AGAIN' }), '', 4);
const neverAnswers: LookupFunction = () => {};

describe('runProbe over HTTP', () => {
  it('is ok on a 200 and reports status, start time and duration', async () => {
    const result = await runProbe(check(await http((_req, res) => res.end('hello'))));
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.errorType).toBeUndefined();
    expect(new Date(result.at).toISOString()).toBe(result.at);
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it('counts a redirect as up and does not follow it', async () => {
    let hits = 0;
    const url = await http((_req, res) => {
      hits++;
      res.writeHead(302, { location: '/' }).end(); // to itself: following would loop forever
    });
    expect(await runProbe(check(url))).toMatchObject({ ok: true, status: 302 });
    expect(hits).toBe(1);
  });

  it('reports an unexpected status as http, honouring expect.status', async () => {
    const url = await http((req, res) => res.writeHead(Number(req.url?.slice(1))).end());
    expect(await runProbe(check(`${url}/500`))).toMatchObject({ ok: false, status: 500, errorType: 'http' });
    expect(await runProbe(check(`${url}/204`, { expect: { status: [200, 204] } }))).toMatchObject({
      ok: true,
      status: 204,
    });
    expect(await runProbe(check(`${url}/200`, { expect: { status: 503 } }))).toMatchObject({
      ok: false,
      errorType: 'http',
    });
    expect(await runProbe(check(`${url}/503`, { expect: { status: 503 } }))).toMatchObject({ ok: true, status: 503 });
  });

  it('sends the method and headers', async () => {
    const seen: unknown[] = [];
    const url = await http((req, res) => {
      seen.push([req.method, req.headers['x-probe'], req.headers['user-agent']]);
      res.end();
    });
    await runProbe(check(url, { method: 'HEAD', headers: { 'X-Probe': '1', 'User-Agent': 'mine' } }));
    expect(seen).toEqual([['HEAD', '1', 'mine']]);
  });

  it('finds bodyContains even across chunks, and reports body when it is missing', async () => {
    const url = await http((req, res) => {
      res.write('status: o');
      setImmediate(() => res.end(req.url === '/ok' ? 'k, all good' : 'degraded'));
    });
    expect(await runProbe(check(`${url}/ok`, { expect: { bodyContains: 'ok, all' } }))).toMatchObject({
      ok: true,
      status: 200,
    });
    expect(await runProbe(check(`${url}/bad`, { expect: { bodyContains: 'ok, all' } }))).toMatchObject({
      ok: false,
      status: 200,
      errorType: 'body',
      error: 'body does not contain "ok, all"',
    });
  });

  it('gives up on the body after about 1 MB', async () => {
    let written = 0;
    const url = await http((_req, res) => {
      const block = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        // Past the limit, the needle; then an endless body, as if a server streamed forever.
        while (written < MAX_BODY_BYTES * 1.5 && res.write(block)) written += block.length;
        if (written >= MAX_BODY_BYTES * 1.5) res.write('NEEDLE');
        else res.once('drain', pump);
      };
      pump();
    });
    expect(await runProbe(check(url, { expect: { bodyContains: 'NEEDLE' } }))).toMatchObject({
      ok: false,
      errorType: 'body',
    });
  });

  it('classifies a refused connection', async () => {
    const result = await runProbe(check(`http://127.0.0.1:${await closedPort()}/`));
    expect(result).toMatchObject({ ok: false, errorType: 'connection' });
    expect(result.error).toContain('ECONNREFUSED');
  });

  it('classifies a server that hangs up as connection', async () => {
    const url = await http((req) => req.socket.destroy());
    expect(await runProbe(check(url))).toMatchObject({ ok: false, errorType: 'connection', error: 'socket hang up' });
  });

  it('classifies garbage instead of HTTP as http', async () => {
    const port = await listen(createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n')));
    expect(await runProbe(check(`http://127.0.0.1:${port}/`))).toMatchObject({ ok: false, errorType: 'http' });
  });

  it('times out on a server that never answers', async () => {
    const url = await http(() => {}); // accepts, reads the request, never responds
    expect(await runProbe(check(url, { timeout: 200 }))).toMatchObject({
      ok: false,
      errorType: 'timeout',
      error: 'no answer within 200 ms',
    });
  });

  it('classifies DNS failures through the injected lookup, and a stuck lookup as timeout', async () => {
    const url = 'http://status.example.invalid/';
    expect(await runProbe(check(url), { lookup: notFound })).toMatchObject({
      ok: false,
      errorType: 'dns',
      error: 'getaddrinfo ENOTFOUND status.example.invalid',
    });
    expect(await runProbe(check(url), { lookup: tryAgain })).toMatchObject({ ok: false, errorType: 'dns' });
    expect(await runProbe(check(url, { timeout: 200 }), { lookup: neverAnswers })).toMatchObject({
      ok: false,
      errorType: 'timeout',
    });
  });

  it('resolves as failed, without throwing, when aborted or given a bad URL', async () => {
    const url = await http(() => {});
    const controller = new AbortController();
    const probe = runProbe(check(url), { signal: controller.signal });
    setImmediate(() => controller.abort());
    expect(await probe).toMatchObject({ ok: false, error: 'aborted' });
    expect(await runProbe(check(url), { signal: AbortSignal.abort() })).toMatchObject({ ok: false, error: 'aborted' });
    expect(await runProbe(check('ftp://127.0.0.1/'))).toMatchObject({ ok: false, errorType: 'connection' });
    expect(await runProbe(check('not a url'))).toMatchObject({ ok: false });
  });
});

describe('runProbe over TCP', () => {
  it('is ok when the port accepts a connection', async () => {
    const port = await listen(createTcpServer((socket) => socket.end()));
    expect(await runProbe(check(`tcp://127.0.0.1:${port}`))).toMatchObject({ ok: true });
  });

  it('classifies refused, DNS and stuck lookups', async () => {
    expect(await runProbe(check(`tcp://127.0.0.1:${await closedPort()}`))).toMatchObject({
      ok: false,
      errorType: 'connection',
    });
    expect(await runProbe(check('tcp://db.example.invalid:5432'), { lookup: notFound })).toMatchObject({
      ok: false,
      errorType: 'dns',
    });
    expect(
      await runProbe(check('tcp://db.example.invalid:5432', { timeout: 200 }), { lookup: neverAnswers }),
    ).toMatchObject({ ok: false, errorType: 'timeout' });
    expect(await runProbe(check('tcp://127.0.0.1'))).toMatchObject({
      ok: false,
      error: 'tcp://127.0.0.1 needs a port',
    });
  });
});
