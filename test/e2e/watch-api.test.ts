import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { apiDeps } from '../../src/app/watch/api.js';
import { createAppContext } from '../../src/app/context.js';
import type { Store } from '../../src/store/types.js';
import type { OwnEndpointAccess } from '../../src/watch/auth/own-endpoints.js';
import { buildServer } from '../../src/watch/http/server.js';
import { noWebhooks } from '../helpers/api-server.js';
import { useStoreBackends } from '../helpers/store-backends.js';

// The SLA-monitor API on watch's server: a real Fastify server on 127.0.0.1:0, real stores, fetch.

const { backends, tempDir, open } = await useStoreBackends('watch-api');
const TOKEN = 'admin-token-for-tests';
const servers: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const CONFIG = `services:
  - { id: api, name: Public API, checks: [api-health] }
  - { id: web, name: Website }
checks:
  - { name: api-health, url: "http://127.0.0.1:9/health", service: api }
`;

/** watch's server with the API over `store`; `own` is what auth.ts would resolve (a token, or open on loopback). */
async function serve(
  store: Store,
  options: { config?: string; own?: OwnEndpointAccess; now?: () => Date; pollMs?: number } = {},
): Promise<{ url: string; api: (route: string, init?: RequestInit & { token?: string | null }) => Promise<Response> }> {
  const dir = tempDir();
  const configFile = path.join(dir, 'soloops.yaml');
  fs.writeFileSync(configFile, options.config ?? CONFIG);
  const app = createAppContext({ config: configFile, env: { SOLOOPS_HOME: path.join(dir, 'home') }, cwd: dir });
  const own = options.own ?? { kind: 'token', token: TOKEN };
  const server = buildServer({
    ...noWebhooks(),
    // No model cache: a test reads right after writing to the store behind the API's back.
    api: apiDeps(
      () => app,
      store,
      () => own,
      options.now,
      { pollMs: options.pollMs, noCache: true },
    ),
  });
  servers.push(server);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    api: (route, init = {}) => {
      const { token = TOKEN, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      if (rest.body) headers.set('content-type', 'application/json');
      return fetch(url + route, { ...rest, headers });
    },
  };
}

const send = (method: string, body: unknown) => ({ method, body: JSON.stringify(body) });

describe.each(backends)('the incidents API ($name)', ({ skip, fresh }) => {
  it.skipIf(skip)('opens, moves through the flow with notes, edits, lists, shows and deletes', async () => {
    const store = await open(await fresh());
    const { api } = await serve(store);

    const created = await api('/api/incidents', send('POST', { title: 'API returns 502', services: ['api'] }));
    expect(created.status).toBe(201);
    const { incident } = (await created.json()) as { incident: Record<string, unknown> };
    expect(incident).toMatchObject({
      status: 'investigating',
      severity: 'medium',
      priority: 'P3',
      priorityAuto: true,
      reporter: 'soloops api',
      services: ['api'],
      resolvedAt: null,
      updates: [{ status: 'investigating', author: 'soloops api' }],
    });
    const id = incident.id as string;

    const moved = await api(
      `/api/incidents/${id}/updates`,
      send('POST', { status: 'identified', note: 'bad deploy', author: 'ana' }),
    );
    expect(moved.status).toBe(201);
    expect(await moved.json()).toMatchObject({
      incident: { status: 'identified' },
      update: { status: 'identified', note: 'bad deploy', author: 'ana' },
    });

    const back = await api(`/api/incidents/${id}/updates`, send('POST', { status: 'investigating', note: 'hmm' }));
    expect(back.status).toBe(409);
    expect(await back.json()).toMatchObject({
      error: 'an incident that is identified cannot become investigating',
      hint: 'from identified it can become: monitoring, resolved',
    });

    const edited = await api(
      `/api/incidents/${id}`,
      send('PUT', { severity: 'critical', status: 'resolved', note: 'rolled back' }),
    );
    expect(edited.status).toBe(200);
    const after = ((await edited.json()) as { incident: Record<string, unknown> }).incident;
    expect(after).toMatchObject({ severity: 'critical', priority: 'P1', priorityAuto: true, status: 'resolved' });
    expect(after.resolutionMs).toBeGreaterThanOrEqual(0);
    expect((after.updates as unknown[]).length).toBe(3);

    // By unique prefix, as the CLI takes ids.
    const shown = await api(`/api/incidents/${id.slice(0, -1)}`);
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as { incident: { id: string } }).incident.id).toBe(id);

    await api('/api/incidents', send('POST', { title: 'Website slow', services: ['web'], severity: 'high' }));
    const listed = async (query: string) =>
      ((await (await api(`/api/incidents${query}`)).json()) as { incidents: { title: string }[] }).incidents.map(
        (i) => i.title,
      );
    expect(await listed('')).toEqual(['Website slow', 'API returns 502']);
    expect(await listed('?status=active')).toEqual(['Website slow']);
    expect(await listed('?status=resolved')).toEqual(['API returns 502']);
    expect(await listed('?service=api')).toEqual(['API returns 502']);

    const deleted = await api(`/api/incidents/${id}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ deleted: { id, title: 'API returns 502' } });
    expect((await api(`/api/incidents/${id}`)).status).toBe(404);
  });

  it.skipIf(skip)('answers a bad body with 400 naming the field, an unknown id with 404', async () => {
    const store = await open(await fresh());
    const { api } = await serve(store);
    const error = async (response: Promise<Response>, status: number) => {
      const answered = await response;
      expect(answered.status).toBe(status);
      return ((await answered.json()) as { error: string }).error;
    };
    expect(await error(api('/api/incidents', { method: 'POST', body: '{"title": ' }), 400)).toMatch(
      /^the body is not JSON/,
    );
    expect(await error(api('/api/incidents', { method: 'POST' }), 400)).toBe('empty body: send a JSON object');
    expect(await error(api('/api/incidents', send('POST', { title: '' })), 400)).toBe(
      'title: an incident needs a title',
    );
    expect(await error(api('/api/incidents', send('POST', { title: 'x', severity: 'huge' })), 400)).toMatch(
      /^severity: .*"low"\|"medium"\|"high"\|"critical"/,
    );
    expect(await error(api('/api/incidents', send('POST', { title: 'x', services: 'api' })), 400)).toMatch(
      /^services: /,
    );
    expect(await error(api('/api/incidents', send('POST', { title: 'x', colour: 'red' })), 400)).toMatch(/colour/);
    expect(await error(api('/api/incidents', send('POST', ['x'])), 400)).toMatch(/^body: /);

    const { incident } = (await (await api('/api/incidents', send('POST', { title: 'x' }))).json()) as {
      incident: { id: string };
    };
    const updates = `/api/incidents/${incident.id}/updates`;
    expect(await error(api(updates, send('POST', { status: 'resolved' })), 400)).toMatch(/^note: /);
    expect(await error(api(updates, send('POST', { status: 'done', note: 'x' })), 400)).toMatch(/^status: /);
    expect(await error(api(`/api/incidents/${incident.id}`, send('PUT', { status: 'resolved' })), 400)).toBe(
      'note: required with status: every status change carries a note',
    );
    expect(await error(api(`/api/incidents/${incident.id}`, send('PUT', {})), 400)).toMatch(/^body: nothing to change/);
    expect(await error(api('/api/incidents?status=gone', {}), 400)).toMatch(/^status: expected one of active/);
    expect(await error(api('/api/incidents/past?days=0', {}), 400)).toMatch(/^days: expected a whole number/);

    expect(await error(api('/api/incidents/inc-1999-001'), 404)).toBe('no incident has the id inc-1999-001');
    expect(await error(api('/api/incidents/inc-1999-001', send('PUT', { title: 'y' })), 404)).toMatch(/no incident/);
    expect(
      await error(api('/api/incidents/inc-1999-001/updates', send('POST', { status: 'resolved', note: 'n' })), 404),
    ).toMatch(/no incident/);
    expect(await error(api('/api/incidents/inc-1999-001', { method: 'DELETE' }), 404)).toMatch(/no incident/);
  });
});

describe.each(backends)('POST /v1/requests ($name)', ({ skip, fresh }) => {
  it.skipIf(skip)('records usage rows, one or many, once per id; a bad row stores nothing', async () => {
    const store = await open(await fresh());
    const { api } = await serve(store);
    const post = (body: unknown) => api('/v1/requests', send('POST', body));
    const one = { time: '2026-11-03T10:00:00Z', status: 200, durationMs: 31, service: 'api', id: 'r1' };
    expect(await (await post(one)).json()).toEqual({ received: 1, added: 1, duplicates: 0 });
    const many = [
      one,
      { time: Date.parse('2026-11-03T11:00:00Z'), status: 503, durationMs: 900, service: 'api' },
      { time: '2026-11-04T00:00:00Z', status: 302, service: 'web' },
    ];
    expect(await (await post(many)).json()).toEqual({ received: 3, added: 2, duplicates: 1 });

    const refused = async (body: unknown) => {
      const answered = await post(body);
      expect(answered.status).toBe(400);
      return ((await answered.json()) as { error: string }).error;
    };
    expect(await refused([one, { ...one, id: 'r9', status: 'ok' }])).toMatch(/^\[1\]\.status: /);
    expect(await refused({ ...one, time: 'yesterday' })).toBe('time: expected an ISO-8601 time');
    expect(
      await refused([
        { ...one, id: 'r8' },
        { ...one, service: 'nope' },
      ]),
    ).toBe('[1].service: no service has the id "nope"');
    expect(await refused([])).toBe('body: send at least one request');
    expect((await api('/v1/requests', { ...send('POST', one), token: null })).status).toBe(401);

    const month = [new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')] as const;
    expect(await store.sla.usageDays('api', ...month)).toEqual([{ day: '2026-11-03', total: 2, ok: 1, errors: 1 }]);
    expect(await store.sla.usageDays('web', ...month)).toEqual([{ day: '2026-11-04', total: 1, ok: 1, errors: 0 }]);
  });
});

/** The fields of the SLA answers the test reads (each route answers some of them). */
interface SlaAnswer {
  error?: string;
  availability: { totalChecks: number };
  responseTimes: unknown;
  usage: unknown;
  incidents: { total: number; list: { title: string }[] };
}

describe.each(backends)('the SLA routes ($name)', ({ skip, fresh }) => {
  it.skipIf(skip)("answer each section of a month's report, and the incident counts", async () => {
    const store = await open(await fresh());
    const { api } = await serve(store, {
      config: `timezone: UTC\n${CONFIG}`,
      now: () => new Date('2026-11-20T12:00:00Z'),
    });
    for (const [minute, ok, ms] of [
      [0, true, 100],
      [1, true, 200],
      [2, false, 7000],
      [3, true, 300],
    ] as const)
      await store.watch.recordCheckResult({
        check: 'api-health',
        at: new Date(Date.UTC(2026, 10, 3, 10, minute)),
        ok,
        status: ok ? 200 : null,
        ms,
        errorType: ok ? null : 'timeout',
        error: ok ? null : 'timed out',
      });
    await api(
      '/v1/requests',
      send('POST', [
        { time: '2026-11-03T10:00:00Z', status: 200, durationMs: 30, service: 'api' },
        { time: '2026-11-03T10:01:00Z', status: 500, durationMs: 31, service: 'api' },
      ]),
    );
    await api('/api/incidents', send('POST', { title: 'API timeouts', services: ['api'], severity: 'critical' }));
    await api('/api/incidents', send('POST', { title: 'Website typo', services: ['web'], severity: 'low' }));
    const get = async (route: string) => {
      const answered = await api(route, { token: null });
      return { status: answered.status, body: (await answered.json()) as SlaAnswer };
    };
    const month = '?period=monthly&year=2026&month=11';

    const availability = await get(`/api/sla/availability/api${month}`);
    expect(availability.body).toMatchObject({
      serviceId: 'api',
      name: 'Public API',
      period: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', label: '2026-11', timeZone: 'UTC' },
      availability: { totalChecks: 4, successful: 3, failed: 1, uptimePct: 75, errorTypes: { timeout: 1 } },
    });
    const times = await get(`/api/sla/response-times/api${month}`);
    expect(times.body.responseTimes).toMatchObject({ samples: 3, p50Ms: 200 });
    const usage = await get(`/api/sla/usage/api${month}`);
    expect(usage.body.usage).toMatchObject({ total: 2, successful: 1, errors: 1, errorRatePct: 50 });
    const none = await get(`/api/sla/usage/web${month}`);
    expect(none.body).toMatchObject({ usage: null, message: expect.stringMatching(/^No usage data for this period/) });

    const stats = await get(`/api/sla/incidents/stats${month}`);
    expect(stats.body.incidents).toMatchObject({ total: 2, byPriority: { P1: 1, P2: 0, P3: 1 } });
    const apiOnly = await get(`/api/sla/incidents/stats${month}&service=api`);
    expect(apiOnly.body.incidents.list.map((i) => i.title)).toEqual(['API timeouts']);
    const october = await get('/api/sla/incidents/stats?year=2026&month=10');
    expect(october.body.incidents.total).toBe(0);

    expect((await get('/api/sla/availability/nope')).status).toBe(404);
    expect((await get('/api/sla/availability/api?year=2026&month=13')).body.error).toBe(
      'month: expected 1 to 12, got "13"',
    );
    expect((await get('/api/sla/availability/api?year=2026')).body.error).toMatch(/^month: /);
    expect((await get('/api/sla/availability/api?period=weekly')).body.error).toMatch(/^period: /);
    const custom = await get('/api/sla/availability/api?period=custom&from=2026-11-03&to=2026-11-03');
    expect(custom.body.availability.totalChecks).toBe(4);
  });
});

/** Reads a Server-Sent Events stream until `pattern` matches what arrived; returns the text so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, seen: { text: string }, pattern: RegExp) {
  const decoder = new TextDecoder();
  while (!pattern.test(seen.text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${pattern}: ${seen.text}`);
    seen.text += decoder.decode(value, { stream: true });
  }
  return seen.text;
}

describe.each(backends)('status and uptime ($name)', ({ skip, fresh }) => {
  const now = new Date('2026-12-04T12:00:00Z');
  const at = (iso: string) => new Date(iso);

  it.skipIf(skip)('answer the banner, each service and its daily uptime from stored checks', async () => {
    const store = await open(await fresh());
    const { api } = await serve(store, { now: () => now });
    const empty = (await (await api('/api/system-status', { token: null })).json()) as Record<string, unknown>;
    expect(empty).toMatchObject({ status: 'operational', message: 'All Systems Operational', hasData: false });

    const result = (when: string, ok: boolean) =>
      store.watch.recordCheckResult({
        check: 'api-health',
        at: at(when),
        ok,
        status: ok ? 200 : 503,
        ms: 40,
        errorType: ok ? null : 'http',
        error: ok ? null : 'HTTP 503',
      });
    for (const hour of ['01', '02', '03', '04']) await result(`2026-12-03T${hour}:00:00Z`, true);
    await result('2026-12-04T09:00:00Z', true);
    await result('2026-12-04T10:00:00Z', false);
    await result('2026-12-04T11:00:00Z', true);

    const system = (await (await api('/api/system-status', { token: null })).json()) as Record<string, unknown>;
    expect(system).toMatchObject({
      hasData: true,
      updatedAt: now.toISOString(),
      services: { total: 2, operational: 2, degraded: 0, outage: 0 },
      activeIncidents: 0,
    });
    const services = (await (await api('/api/services', { token: null })).json()) as { services: unknown[] };
    expect(services.services).toEqual([
      expect.objectContaining({ id: 'api', name: 'Public API', state: 'operational', stateText: 'Operational' }),
      expect.objectContaining({ id: 'web', uptime90: null, activeIncidents: [] }),
    ]);
    expect((services.services[0] as { uptime90: number }).uptime90).toBe(85.714);

    const uptime = (await (await api('/api/uptime/api?months=1', { token: null })).json()) as {
      days: { date: string; uptime: number | null; level: string }[];
    };
    expect(uptime).toMatchObject({ serviceId: 'api', months: 1, from: '2026-11-05', to: '2026-12-04', uptime: 85.714 });
    expect(uptime.days).toHaveLength(30);
    expect(uptime.days.slice(-3)).toEqual([
      { date: '2026-12-02', uptime: null, level: 'none', incidents: [] },
      { date: '2026-12-03', uptime: 100, level: 'operational', incidents: [] },
      { date: '2026-12-04', uptime: 66.666, level: 'outage', incidents: [] },
    ]);
    const year = (await (await api('/api/uptime/api?months=12')).json()) as { days: unknown[]; from: string };
    expect([year.days.length, year.from]).toEqual([360, '2025-12-10']);
    expect((await api('/api/uptime/api?months=13')).status).toBe(400);
    expect((await api('/api/uptime/nope')).status).toBe(404);
  });

  it.skipIf(skip)('lists past incidents by day, paged, with the quiet days said so', async () => {
    const store = await open(await fresh());
    const { api } = await serve(store, { now: () => now });
    await api('/api/incidents', send('POST', { title: 'API returns 502', services: ['api'] }));
    const page = async (query: string) =>
      (await (await api(`/api/incidents/past${query}`, { token: null })).json()) as {
        days: { date: string; incidents: { title: string }[]; noIncidentMessage?: string }[];
      };
    const first = await page('?days=3&limit=2');
    expect(first).toMatchObject({ page: 1, limit: 2, totalDays: 3, totalPages: 2 });
    expect(first.days.map((d) => [d.date, d.incidents.map((i) => i.title), d.noIncidentMessage])).toEqual([
      ['2026-12-04', ['API returns 502'], undefined],
      ['2026-12-03', [], 'No incidents reported.'],
    ]);
    expect((await page('?days=3&limit=2&page=2')).days.map((d) => d.date)).toEqual(['2026-12-02']);
  });
});

describe('the live status page', () => {
  it('serves the page, pushes an update to open pages when something changes, and closing ends them', async () => {
    const store = await open({ home: path.join(tempDir(), 'home') });
    const { url, api } = await serve(store, { pollMs: 20 });
    const page = await api('/status', { token: null });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('Public API');
    expect(html).toContain('status/events');

    const events = await fetch(`${url}/status/events`);
    expect(events.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = events.body!.getReader();
    const seen = { text: '' };
    await readUntil(reader, seen, /: connected\n\n/);
    // Wait for the poller's baseline, then change something: the page hears of it.
    const baseline = seen.text.length;
    await api('/api/incidents', send('POST', { title: 'Website down', services: ['web'], severity: 'critical' }));
    const text = await readUntil(reader, seen, /event: update\ndata: .*\n\n/);
    const data = JSON.parse(/event: update\ndata: (.*)\n\n/.exec(text.slice(baseline))![1]!) as {
      active: { title: string }[];
      generatedAt?: string;
    };
    expect(data.active.map((x) => x.title)).toEqual(['Website down']);

    // The daemon's shutdown is not held by a page left open.
    await servers.pop()!.close();
    expect(await reader.read().then((r) => r.done)).toBe(true);
  });
});

describe('who may use the API', () => {
  const home = () => ({ home: path.join(tempDir(), 'home') });
  const opening = send('POST', { title: 'API returns 502' });

  it('reads are public by default; writes need the admin token: 401 without it or with a wrong one', async () => {
    const { api } = await serve(await open(home()));
    for (const route of ['/api/system-status', '/api/services', '/api/incidents', '/api/incidents/past', '/status'])
      expect([route, (await api(route, { token: null })).status]).toEqual([route, 200]);
    const missing = await api('/api/incidents', { ...opening, token: null });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: 'missing token: send Authorization: Bearer <token> or ?token=<token>',
    });
    expect((await api('/api/incidents', { ...opening, token: 'wrong' })).status).toBe(401);
    expect((await api('/api/incidents/inc-2026-001', { method: 'DELETE', token: null })).status).toBe(401);
    expect((await api('/api/incidents', opening)).status).toBe(201);
  });

  it('with status.public false, reads need the token too', async () => {
    const { api } = await serve(await open(home()), { config: `${CONFIG}status: { public: false }\n` });
    for (const route of ['/api/system-status', '/api/uptime/api', '/api/incidents', '/status', '/status/events'])
      expect([route, (await api(route, { token: null })).status]).toEqual([route, 401]);
    expect((await api('/api/system-status')).status).toBe(200);
  });

  it('without a token configured, writes are refused (403 saying to set one), on loopback too', async () => {
    const { api } = await serve(await open(home()), { own: { kind: 'open' } });
    const refused = await api('/api/incidents', { ...opening, token: null });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^set watch\.auth\.default\.token/);
    expect((await api('/api/services', { token: null })).status).toBe(200);
  });
});
