import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { apiDeps } from '../../src/app/watch/api.js';
import { createAppContext } from '../../src/app/context.js';
import type { Store } from '../../src/store/types.js';
import type { OwnEndpointAccess } from '../../src/watch/auth/own-endpoints.js';
import { createWatchMetrics } from '../../src/watch/http/metrics.js';
import { RateLimiter } from '../../src/watch/http/rate-limit.js';
import { buildServer } from '../../src/watch/http/server.js';
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
  options: { config?: string; own?: OwnEndpointAccess; now?: () => Date } = {},
): Promise<{ url: string; api: (route: string, init?: RequestInit & { token?: string | null }) => Promise<Response> }> {
  const dir = tempDir();
  const configFile = path.join(dir, 'soloops.yaml');
  fs.writeFileSync(configFile, options.config ?? CONFIG);
  const app = createAppContext({ config: configFile, env: { SOLOOPS_HOME: path.join(dir, 'home') }, cwd: dir });
  const own = options.own ?? { kind: 'token', token: TOKEN };
  const server = buildServer({
    sourceNames: [],
    detect: () => null,
    authFor: () => undefined,
    snsVerifier: {} as never,
    confirmSubscription: async () => ({ ok: true }) as never,
    prepare: async () => ({ alerts: [], rejected: [] }),
    commit: async () => [],
    maxAlertsPerRequest: 1,
    limiter: new RateLimiter(1, 1000),
    metrics: createWatchMetrics(),
    log: pino({ level: 'silent' }),
    health: async () => ({ status: 'ok' }),
    api: apiDeps(
      () => app,
      store,
      () => own,
      options.now,
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
      hint: 'From identified it can become: monitoring, resolved.',
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
