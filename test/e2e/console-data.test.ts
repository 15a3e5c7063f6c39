import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { consoleAuthDeps } from '../../src/app/console/auth.js';
import { consoleData } from '../../src/app/console/data.js';
import { consoleLive, consoleShared } from '../../src/app/console/live.js';
import { createAppContext } from '../../src/app/context.js';
import { apiDeps } from '../../src/app/watch/api.js';
import { NO_CACHE } from '../../src/app/watch/api-status.js';
import type { NormalizedAlert } from '../../src/core/alert.js';
import type { ServerFrame } from '../../src/core/console.js';
import type { Store } from '../../src/store/types.js';
import { hashPassword } from '../../src/watch/console/credentials.js';
import { buildServer } from '../../src/watch/http/server.js';
import { noWebhooks } from '../helpers/api-server.js';
import { useStoreBackends } from '../helpers/store-backends.js';

// The console's data API and live events on watch's server: a real Fastify server on
// 127.0.0.1:0, real stores on both backends, fetch and a real WebSocket client.

const { backends, tempDir, open } = await useStoreBackends('console-data');
const TOKEN = 'admin-token-for-console-tests';
const servers: FastifyInstance[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) if (socket.readyState !== WebSocket.CONNECTING) socket.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const CONFIG = `services:
  - { id: api, name: Public API, checks: [api-health] }
checks:
  - { name: api-health, url: "http://127.0.0.1:9/health", service: api }
wake:
  quiet_hours: { start: "23:00", end: "07:00", timezone: Europe/Paris }
`;

type Api = (route: string, init?: RequestInit & { token?: string | null }) => Promise<Response>;

/** watch's server with the API and the console's data and live routes over `store`; the admin token is TOKEN. */
async function serve(
  store: Store,
  live: { heartbeatMs?: number } = {},
): Promise<{ url: string; api: Api; server: FastifyInstance }> {
  const dir = tempDir();
  const configFile = path.join(dir, 'soloops.yaml');
  fs.writeFileSync(configFile, CONFIG);
  const app = createAppContext({ config: configFile, env: { SOLOOPS_HOME: path.join(dir, 'home') }, cwd: dir });
  const now = () => new Date();
  const shared = consoleShared(() => app, store, now, NO_CACHE);
  const server = buildServer({
    ...noWebhooks(),
    api: apiDeps(
      () => app,
      store,
      () => ({ kind: 'token', token: TOKEN }),
      now,
      { noCache: true, publish: (event) => shared.hub.publish(event) },
    ),
    console: {
      auth: consoleAuthDeps(() => app, store, now),
      data: consoleData(() => app, store, now, shared),
      live: consoleLive(store, now, shared, { pollMs: 100, ...live }),
      pagesDir: path.join(dir, 'no-pages'),
    },
  });
  servers.push(server);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const api: Api = (route, init = {}) => {
    const { token = TOKEN, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return fetch(url + route, { ...rest, headers });
  };
  return { url, api, server };
}

const send = (method: string, body: unknown) => ({ method, body: JSON.stringify(body) });

/** A WebSocket on /api/events whose frames are collected; `next(match)` waits up to 3 s for one. */
async function listen(url: string, query = '', options: { autoPong?: boolean } = {}) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/api/events${query}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
    ...options,
  });
  sockets.push(socket);
  const frames: ServerFrame[] = [];
  const waiting = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as ServerFrame);
    for (const wake of waiting) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = (match: (frame: ServerFrame) => boolean): Promise<ServerFrame> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = frames.find(match);
        if (!found) return;
        waiting.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiting.delete(check);
        reject(new Error(`no matching frame within 3 s; got ${JSON.stringify(frames)}`));
      }, 3_000);
      waiting.add(check);
      check();
    });
  return { socket, frames, next };
}

function stored(title: string, receivedAt: Date): NormalizedAlert {
  return {
    id: randomUUID(),
    source: 'generic',
    service: 'api',
    title,
    body: '',
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: `fp-${title}`,
    receivedAt: receivedAt.toISOString(),
    raw: {},
  };
}

describe.each(backends)('the console data API and live events ($name)', ({ skip, fresh }) => {
  it.skipIf(skip)('pushes incident.updated after a PUT, refuses a stale version with 409 and audits', async () => {
    const store = await open(await fresh());
    const { url, api } = await serve(store);
    const created = await api('/api/incidents', send('POST', { title: 'API returns 502', services: ['api'] }));
    const { incident } = (await created.json()) as { incident: { id: string; version: number } };
    expect(incident.version).toBe(1);

    const live = await listen(url);
    expect(await live.next((f) => f.type === 'hello')).toMatchObject({ type: 'hello' });
    const saved = await api(`/api/incidents/${incident.id}`, send('PUT', { severity: 'critical', version: 1 }));
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { incident: { version: number } }).incident.version).toBe(2);
    expect(await live.next((f) => f.type === 'incident.updated')).toMatchObject({
      type: 'incident.updated',
      incidentId: incident.id,
      version: 2,
      by: 'soloops api',
    });

    // Presence: the socket says it edits the title; everyone hears who is on the incident.
    live.socket.send(JSON.stringify({ type: 'editing', incidentId: incident.id, field: 'title' }));
    expect(await live.next((f) => f.type === 'presence')).toMatchObject({
      incidentId: incident.id,
      people: [{ userId: null, name: 'admin token', editing: 'title' }],
    });

    // Someone still at version 1: nothing is written, and the answer carries the incident as it is.
    const stale = await api(`/api/incidents/${incident.id}`, send('PUT', { title: 'mine', version: 1 }));
    expect(stale.status).toBe(409);
    const conflict = (await stale.json()) as { error: string; current: Record<string, unknown> };
    expect(conflict.error).toContain('changed meanwhile');
    expect(conflict.current).toMatchObject({
      id: incident.id,
      title: 'API returns 502',
      severity: 'critical',
      version: 2,
    });
    const staleUpdate = await api(
      `/api/incidents/${incident.id}/updates`,
      send('POST', { status: 'identified', note: 'bad deploy', version: 1 }),
    );
    expect(staleUpdate.status).toBe(409);
    const moved = await api(
      `/api/incidents/${incident.id}/updates`,
      send('POST', { status: 'identified', note: 'bad deploy', version: 2 }),
    );
    expect(moved.status).toBe(201);
    expect((await store.incidents.get(incident.id))?.version).toBe(3);

    // A client that reconnects with what it saw gets the rest, in order.
    const hello = live.frames.find((f) => f.type === 'hello') as { seq: number };
    const again = await listen(url, `?since=${hello.seq}`);
    const replayed = await again.next((f) => f.type === 'incident.updated' && f.version === 3);
    expect(replayed).toMatchObject({ incidentId: incident.id, status: 'identified' });
    await (await listen(url, '?since=999999')).next((f) => f.type === 'resync');

    const entries = await store.audit.list({});
    expect(entries.map((e) => [e.action, e.actor, e.target])).toEqual([
      ['incident.update', 'admin token', incident.id],
      ['incident.update', 'admin token', incident.id],
      ['incident.create', 'admin token', incident.id],
    ]);
    expect(entries[0]?.address).toBe('127.0.0.1');
  });

  it.skipIf(skip)('keeps drafts per signed-in user and refuses them to the admin token', async () => {
    const store = await open(await fresh());
    const { api } = await serve(store);
    await store.accounts.addUser(
      { name: 'ana', role: 'reporter', passwordHash: await hashPassword('a long enough password') },
      new Date(),
    );
    const login = await api('/api/auth/login', {
      ...send('POST', { name: 'ana', password: 'a long enough password', tokens: true }),
      token: null,
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };

    expect((await api('/api/drafts/new', { token: accessToken })).status).toBe(200);
    expect(await (await api('/api/drafts/new', { token: accessToken })).json()).toEqual({ draft: null });
    const fields = { title: 'DB full', services: ['api'] };
    const put = await api('/api/drafts/new', { ...send('PUT', { fields, baseVersion: null }), token: accessToken });
    expect(put.status).toBe(200);
    const read = (await (await api('/api/drafts/new', { token: accessToken })).json()) as { draft: unknown };
    expect(read.draft).toMatchObject({ key: 'new', fields, baseVersion: null });
    expect((await api('/api/drafts/new', { method: 'DELETE', token: accessToken })).status).toBe(204);
    expect(await (await api('/api/drafts/new', { token: accessToken })).json()).toEqual({ draft: null });

    const admin = await api('/api/drafts/new');
    expect(admin.status).toBe(400);
    expect(((await admin.json()) as { error: string }).error).toContain('admin token has no drafts');
    expect((await api('/api/drafts/new', { token: null })).status).toBe(401);
  });

  it.skipIf(skip)('answers the overview, hosts, alerts with feedback and the SLA report download', async () => {
    const store = await open(await fresh());
    const { url, api } = await serve(store);
    const now = Date.now();
    for (const [i, cpu] of [10, 20, 30].entries())
      await store.recordSnapshot({
        takenAt: new Date(now - (3 - i) * 60_000),
        host: 'vm1',
        cpuPct: cpu,
        memUsedPct: 50,
        diskMaxPct: 60,
        load1: 0.5,
        containers: 3,
        path: null,
        uploadedUrl: null,
      });
    const older = stored('disk filling', new Date(now - 120_000));
    const newer = stored('api is down', new Date(now - 60_000));
    await store.insertTriageResults(
      [older, newer].map((alert) => ({
        alert,
        severity: 'warning',
        confidence: 0.9,
        classifier: 'model',
        reason: 'm',
      })),
    );
    await api('/api/incidents', send('POST', { title: 'API returns 502', services: ['api'] }));

    const overview = (await (await api('/api/overview')).json()) as Record<string, unknown>;
    expect(overview).toMatchObject({
      services: [{ id: 'api', name: 'Public API' }],
      activeIncidents: [{ title: 'API returns 502', status: 'investigating' }],
      wake: { quietHours: { from: '23:00', to: '07:00', timeZone: 'Europe/Paris' }, ladders: [] },
      spend: { monthUsd: 0, calls: 0, sms: 0, capUsd: null },
    });
    expect(await (await api('/api/hosts')).json()).toMatchObject({ hosts: [{ host: 'vm1', cpuPct: 30 }] });

    const history = (await (await api('/api/hosts/vm1/history?range=1h')).json()) as { points: { cpuPct: number }[] };
    expect(history.points.map((p) => p.cpuPct)).toEqual([10, 20, 30]);
    expect((await api('/api/hosts/vm1/history?range=2y')).status).toBe(400);
    // A busy host's day is thinned to at most 300 points, oldest first, ending at the latest.
    for (let i = 0; i < 400; i++)
      await store.recordSnapshot({
        takenAt: new Date(now - (400 - i) * 60_000),
        host: 'vm2',
        cpuPct: i,
        memUsedPct: null,
        diskMaxPct: null,
        load1: null,
        containers: null,
        path: null,
        uploadedUrl: null,
      });
    const busy = (await (await api('/api/hosts/vm2/history?range=24h')).json()) as { points: { cpuPct: number }[] };
    expect(busy.points.length).toBeLessThanOrEqual(300);
    expect(busy.points.length).toBeGreaterThan(150);
    expect(busy.points.at(-1)?.cpuPct).toBe(399);
    expect(busy.points.map((p) => p.cpuPct)).toEqual([...busy.points.map((p) => p.cpuPct)].sort((a, b) => a - b));

    const alerts = (await (await api('/api/alerts?limit=10')).json()) as { alerts: { id: string }[] };
    expect(alerts.alerts.map((a) => a.id)).toEqual([newer.id, older.id]);
    const live = await listen(url);
    await live.next((f) => f.type === 'hello');
    const wrong = await api(`/api/alerts/${newer.id}/feedback`, send('POST', { verdict: 'wrong' }));
    expect(wrong.status).toBe(400);
    const marked = await api(
      `/api/alerts/${newer.id}/feedback`,
      send('POST', { verdict: 'wrong', severity: 'critical' }),
    );
    expect(marked.status).toBe(200);
    expect(await marked.json()).toMatchObject({
      alert: { id: newer.id, feedback: { verdict: 'wrong', severity: 'critical' } },
    });
    expect((await store.listFeedback()).map((f) => [f.alert.alert.id, f.severity])).toEqual([[newer.id, 'critical']]);
    expect((await store.audit.list({}))[0]).toMatchObject({ action: 'alert.feedback', target: newer.id });
    expect((await api(`/api/alerts/${randomUUID()}/feedback`, send('POST', { verdict: 'correct' }))).status).toBe(404);

    // A new snapshot and a new alert reach the open socket through the poller.
    await store.recordSnapshot({
      takenAt: new Date(),
      host: 'vm1',
      cpuPct: 99,
      memUsedPct: 50,
      diskMaxPct: 60,
      load1: 0.5,
      containers: 3,
      path: null,
      uploadedUrl: null,
    });
    const fresher = stored('queue stuck', new Date());
    await store.insertTriageResults([
      { alert: fresher, severity: 'critical', confidence: 0.8, classifier: 'model', reason: 'm' },
    ]);
    expect(await live.next((f) => f.type === 'host')).toMatchObject({ host: { host: 'vm1', cpuPct: 99 } });
    expect(await live.next((f) => f.type === 'alert')).toMatchObject({
      alert: { id: fresher.id, title: 'queue stuck' },
    });
    // A check result moves the service's uptime: the uptime and the month's SLA figures are pushed.
    await store.watch.recordCheckResult({
      check: 'api-health',
      at: new Date(),
      ok: true,
      status: 200,
      ms: 12,
      errorType: null,
      error: null,
    });
    expect(await live.next((f) => f.type === 'uptime')).toMatchObject({ services: [{ id: 'api' }] });
    expect(await live.next((f) => f.type === 'sla')).toMatchObject({ month: new Date().toISOString().slice(0, 7) });

    const report = await api('/api/reports/sla?month=2026-11&format=csv');
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/csv');
    expect(report.headers.get('content-disposition')).toBe('attachment; filename="sla-2026-11.csv"');
    expect(await report.text()).toContain('api');
    expect((await api('/api/reports/sla?format=pdf')).status).toBe(400);
    expect((await api('/api/overview', { token: null })).status).toBe(401);
  });

  it.skipIf(skip)(
    'refuses the socket without a principal, or to a page of another origin, before upgrading',
    async () => {
      const store = await open(await fresh());
      const { url } = await serve(store);
      const upgrade = (options: WebSocket.ClientOptions = {}) => {
        const socket = new WebSocket(`${url.replace('http', 'ws')}/api/events`, options);
        sockets.push(socket);
        return new Promise<number>((resolve) => {
          socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
          socket.once('open', () => resolve(101));
        });
      };
      expect(await upgrade()).toBe(401);
      const admin = { headers: { authorization: `Bearer ${TOKEN}` } };
      expect(await upgrade({ ...admin, origin: 'https://status.example.com' })).toBe(403);
      expect(await upgrade({ ...admin, origin: url })).toBe(101);
    },
  );

  it.skipIf(skip)('drops a socket that stops answering pings and closes the rest when the server closes', async () => {
    const store = await open(await fresh());
    const { url, server } = await serve(store, { heartbeatMs: 50 });
    const silent = await listen(url, '', { autoPong: false });
    const answering = await listen(url);
    const closed = (socket: WebSocket) =>
      new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    // Terminated without a close frame: the client sees 1006 (abnormal closure).
    expect(await closed(silent.socket)).toBe(1006);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    const ending = closed(answering.socket);
    await server.close();
    expect(await ending).toBe(1001);
  });
});
