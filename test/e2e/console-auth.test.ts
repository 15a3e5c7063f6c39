import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { hashPassword } from '../../src/watch/console/credentials.js';
import { makeSandbox, runCli } from '../helpers/cli.js';
import { killWatchDaemons, startWatchDaemon } from '../helpers/watch-daemon.js';
import { type InProcessDaemon, startDaemon } from '../helpers/watch-inprocess.js';

// Sign-in, roles and the console page over HTTP, against the daemon (real SQLite, real Fastify):
// users made with the store API, then the permission matrix walked for each kind of principal.

const TOKEN = 'admin-token-for-console-tests';
const PASSWORD = 'correct horse battery staple';
const CONFIG = `services:
  - { id: api, name: Public API }
watch:
  auth:
    default: {token: {env: HOOK_TOKEN}}
`;

let d: InProcessDaemon;
let store: Store;
let clock = new Date('2026-12-01T08:00:00Z');
const later = (ms: number) => (clock = new Date(clock.getTime() + ms));

beforeAll(async () => {
  d = await startDaemon(CONFIG, { env: { HOOK_TOKEN: TOKEN }, now: () => clock });
  store = await openStore({ home: d.home });
  const passwordHash = await hashPassword(PASSWORD);
  for (const [name, role] of [
    ['vera', 'viewer'],
    ['rita', 'reporter'],
    ['ada', 'admin'],
    ['lou', 'reporter'],
    ['idle', 'viewer'],
  ] as const)
    await store.accounts.addUser({ name, role, passwordHash }, clock);
  const gone = await store.accounts.addUser({ name: 'gone', role: 'admin', passwordHash }, clock);
  await store.accounts.updateUser(gone.id, { disabled: true }, clock);
}, 60_000);
afterAll(async () => {
  await store?.close();
  await d?.stop();
});

/** A browser: keeps the cookies the daemon sets, sends them back, and the CSRF header on writes. */
class Browser {
  cookies = new Map<string, string>();
  async send(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
    const all: Record<string, string> = { ...headers };
    if (this.cookies.size) all.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) all['content-type'] = 'application/json';
    const response = await fetch(d.url + route, {
      method,
      headers: all,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (value === '' || /Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
  /** A write as the page makes it: with X-CSRF-Token from the soloops_csrf cookie. */
  write(method: string, route: string, body?: unknown) {
    return this.send(method, route, body, { 'x-csrf-token': this.cookies.get('soloops_csrf') ?? '' });
  }
  async login(name: string, password = PASSWORD) {
    return this.send('POST', '/api/auth/login', { name, password });
  }
}

async function signedIn(name: string): Promise<Browser> {
  const browser = new Browser();
  const response = await browser.login(name);
  expect(response.status, await response.clone().text()).toBe(200);
  return browser;
}

const bearer = (token: string, method = 'GET', body?: unknown): RequestInit => ({
  method,
  headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
  ...(body !== undefined && { body: JSON.stringify(body) }),
});
const call = (route: string, init: RequestInit = {}) => fetch(d.url + route, init);
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

describe('console sign-in and roles', () => {
  it('login sets the three cookies (httpOnly session and refresh, readable CSRF, Strict) and answers me', async () => {
    const browser = new Browser();
    const response = await browser.login('vera');
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    const cookie = (name: string) => cookies.find((line) => line.startsWith(`${name}=`)) ?? '';
    expect(cookie('soloops_session')).toMatch(/HttpOnly/i);
    expect(cookie('soloops_session')).toMatch(/SameSite=Strict/i);
    expect(cookie('soloops_refresh')).toMatch(/Path=\/api\/auth/);
    expect(cookie('soloops_csrf')).not.toMatch(/HttpOnly/i);
    expect(cookie('soloops_session')).not.toMatch(/Secure/); // plain http on loopback
    const me = await (await browser.send('GET', '/api/auth/me')).json();
    expect(me).toMatchObject({ user: { name: 'vera', role: 'viewer' }, permissions: ['read'] });
  });

  it('the same 401 for an unknown name, a wrong password and a disabled user', async () => {
    const b = new Browser();
    const unknown = await b.login('nobody-here', PASSWORD);
    const wrong = await b.login('vera', 'not the password at all');
    const disabled = await b.login('gone', PASSWORD);
    expect([unknown.status, wrong.status, disabled.status]).toEqual([401, 401, 401]);
    const messages = [await errorOf(unknown), await errorOf(wrong), await errorOf(disabled)];
    expect(new Set(messages).size).toBe(1);
  });

  it('walks the permission matrix: anonymous, viewer, reporter, admin, API key, admin token', async () => {
    // Anonymous: public reads only.
    expect((await call('/api/incidents')).status).toBe(200);
    expect((await call('/api/auth/me')).status).toBe(401);
    expect((await call('/api/users')).status).toBe(401);
    expect((await call('/api/incidents', { method: 'POST', body: '{"title":"x"}' })).status).toBe(401);

    const vera = await signedIn('vera');
    const refused = await vera.write('POST', '/api/incidents', { title: 'viewer tries', services: ['api'] });
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatch(/viewer.*incident\.create/);
    expect((await vera.send('GET', '/api/users')).status).toBe(403);
    expect((await vera.send('GET', '/api/audit')).status).toBe(403);

    const rita = await signedIn('rita');
    const created = await rita.write('POST', '/api/incidents', { title: 'API returns 502', services: ['api'] });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = ((await created.json()) as { incident: { id: string } }).incident;
    expect((await rita.write('DELETE', `/api/incidents/${id}`)).status).toBe(403);
    expect((await rita.send('GET', '/api/users')).status).toBe(403);
    expect((await rita.write('POST', '/api/keys', { name: 'ci', role: 'admin' })).status).toBe(403);

    const ada = await signedIn('ada');
    const users = (await (await ada.send('GET', '/api/users')).json()) as { users: Array<Record<string, unknown>> };
    expect(users.users.map((u) => u.name)).toEqual(expect.arrayContaining(['vera', 'rita', 'ada']));
    expect(JSON.stringify(users)).not.toMatch(/argon2|passwordHash/);
    const added = await ada.write('POST', '/api/users', { name: 'newbie', role: 'viewer' });
    expect(added.status).toBe(201);
    const { user, password } = (await added.json()) as { user: { id: number }; password: string };
    expect(password).toMatch(/^.{20}$/);
    expect((await new Browser().login('newbie', password)).status).toBe(200);
    const promoted = await ada.write('PATCH', `/api/users/${user.id}`, { role: 'reporter' });
    expect(((await promoted.json()) as { user: { role: string } }).user.role).toBe('reporter');

    // An API key (reporter) as a bearer: no CSRF needed; revoked, it is refused.
    const key = await ada.write('POST', '/api/keys', { name: 'ci', role: 'reporter' });
    expect(key.status).toBe(201);
    const { secret, key: made } = (await key.json()) as { secret: string; key: { id: number } };
    expect(secret).toMatch(/^sok_/);
    const byKey = await call('/api/incidents', bearer(secret, 'POST', { title: 'from CI', services: ['api'] }));
    expect(byKey.status, await byKey.clone().text()).toBe(201);
    const keyIncident = ((await byKey.json()) as { incident: { id: string } }).incident.id;
    expect((await call(`/api/incidents/${keyIncident}`, bearer(secret, 'DELETE'))).status).toBe(403);
    expect((await call('/api/users', bearer(secret))).status).toBe(403);
    expect((await ada.write('DELETE', `/api/keys/${made.id}`)).status).toBe(200);
    expect((await call('/api/incidents', bearer(secret, 'POST', { title: 'again', services: ['api'] }))).status).toBe(
      401,
    );

    // Only an admin deletes; the admin token is an admin.
    expect((await ada.write('DELETE', `/api/incidents/${id}`)).status).toBeLessThan(300);
    expect((await call(`/api/incidents/${keyIncident}`, bearer(TOKEN, 'DELETE'))).status).toBeLessThan(300);
    expect((await call('/api/users', bearer(TOKEN))).status).toBe(200);
    expect((await call('/api/users', bearer('wrong-token'))).status).toBe(401);

    const audit = (await (await ada.send('GET', '/api/audit?limit=200')).json()) as {
      entries: Array<{ actor: string; action: string; target: string | null; address: string | null }>;
    };
    const actions = audit.entries.map((e) => `${e.action} ${e.actor} ${e.target ?? ''}`);
    expect(actions).toEqual(
      expect.arrayContaining(['login ada ada', 'user.create ada newbie', 'user.role ada newbie']),
    );
    expect(actions.some((a) => a.startsWith('key.create ada sok_'))).toBe(true);
    expect(actions.some((a) => a.startsWith('key.revoke ada sok_'))).toBe(true);
    expect(audit.entries.find((e) => e.action === 'login')?.address).toBe('127.0.0.1');
  });

  it('a cookie-authenticated write needs the CSRF header; a bearer does not', async () => {
    const rita = await signedIn('rita');
    const body = { title: 'csrf check', services: ['api'] };
    const missing = await rita.send('POST', '/api/incidents', body);
    expect(missing.status).toBe(403);
    expect(await errorOf(missing)).toMatch(/X-CSRF-Token/);
    expect((await rita.send('POST', '/api/incidents', body, { 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await rita.write('POST', '/api/incidents', body)).status).toBe(201);
    const tokens = (await (
      await call('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ name: 'rita', password: PASSWORD, tokens: true }),
      })
    ).json()) as { accessToken: string };
    expect(tokens.accessToken).toMatch(/^soa_/);
    expect((await call('/api/incidents', bearer(tokens.accessToken, 'POST', body))).status).toBe(201);
  });

  it('locks a name out after 5 failed logins (429 + Retry-After, even with the right password), audited', async () => {
    const b = new Browser();
    for (let i = 0; i < 5; i++) expect((await b.login('lou', `wrong guess ${i}`)).status).toBe(401);
    const locked = await b.login('lou');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const entries = await store.audit.list({ limit: 50 });
    const failed = entries.filter((e) => e.action === 'login.failed' && e.actor === 'lou');
    // Five failures; the fifth says it locked the name. Refusals while locked are not written one by one.
    expect(failed).toHaveLength(5);
    expect(failed[0]?.address).toBe('127.0.0.1');
    expect(failed[0]?.detail).toMatchObject({ reason: 'wrong password', lockedForMs: 15 * 60_000 });
    expect(failed[1]?.detail).not.toHaveProperty('lockedForMs');
    later(16 * 60_000); // the lockout (15 min) is over
    expect((await b.login('lou')).status).toBe(200);
  });

  it('logout revokes the session: its cookie and its access token are refused afterwards', async () => {
    const b = new Browser();
    const tokens = (await (
      await b.send('POST', '/api/auth/login', { name: 'vera', password: PASSWORD, tokens: true })
    ).json()) as {
      accessToken: string;
    };
    const saved = new Map(b.cookies);
    expect((await b.send('POST', '/api/auth/logout', {})).status).toBe(403); // no CSRF header
    expect((await b.write('POST', '/api/auth/logout', {})).status).toBe(204);
    expect(b.cookies.has('soloops_session')).toBe(false);
    const old = new Browser();
    old.cookies = saved;
    expect((await old.send('GET', '/api/auth/me')).status).toBe(401);
    expect((await call('/api/auth/me', bearer(tokens.accessToken))).status).toBe(401);
    const audit = await store.audit.list({ limit: 20 });
    expect(audit.some((e) => e.action === 'logout' && e.actor === 'vera')).toBe(true);
  });

  it('refresh rotates both tokens: the old refresh and access tokens are refused, the new ones work', async () => {
    const login = await call('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ name: 'rita', password: PASSWORD, tokens: true }),
    });
    const first = (await login.json()) as { accessToken: string; refreshToken: string };
    later(60 * 60_000);
    const refresh = (refreshToken: string) =>
      call('/api/auth/refresh', { method: 'POST', body: JSON.stringify({ refreshToken, tokens: true }) });
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as { accessToken: string; refreshToken: string; expiresAt: string };
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(Date.parse(second.expiresAt)).toBe(clock.getTime() + 24 * 3_600_000);
    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect((await call('/api/auth/me', bearer(first.accessToken))).status).toBe(401);
    expect((await call('/api/auth/me', bearer(second.accessToken))).status).toBe(200);

    // The browser's way: the refresh cookie plus the CSRF header.
    const b = await signedIn('rita');
    const before = b.cookies.get('soloops_session');
    expect((await b.send('POST', '/api/auth/refresh', {})).status).toBe(403);
    expect((await b.write('POST', '/api/auth/refresh', {})).status).toBe(200);
    expect(b.cookies.get('soloops_session')).not.toBe(before);
    expect((await b.send('GET', '/api/auth/me')).status).toBe(200);
  });

  it('a session unused for more than 2 h is refused, saying so, and cannot be refreshed', async () => {
    const b = await signedIn('idle');
    later(2 * 3_600_000 + 60_000);
    const me = await b.send('GET', '/api/auth/me');
    expect(me.status).toBe(401);
    expect(await errorOf(me)).toMatch(/session ended after 2 h idle/);
    expect((await b.write('POST', '/api/auth/refresh', {})).status).toBe(401);
  });

  it('serves the console page with the CSP, as an SPA fallback, with long-cached hashed assets', async () => {
    const page = await call('/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const deep = await call('/console/incidents/inc-2026-001');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    const script = /src="(\/console\/[^"]+\.js)"/.exec(html)?.[1];
    const asset = await call(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-security-policy')).toBeTruthy();
    expect((await call('/console/../package.json')).status).not.toBe(500);
  });
});

describe('the built daemon', () => {
  afterAll(killWatchDaemons);

  it('a user added with soloops user add signs in; /console is the built page with its CSP', async () => {
    const sandbox = makeSandbox();
    try {
      fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), CONFIG);
      const env = { HOOK_TOKEN: TOKEN };
      await runCli(['store', 'stats'], { sandbox, env }); // creates the database
      const added = await runCli(['user', 'add', 'ana', '--role', 'admin', '--password-stdin'], {
        sandbox,
        env,
        input: PASSWORD,
      });
      expect(added.exitCode, added.stderr).toBe(0);
      const daemon = await startWatchDaemon({ ...sandbox, env: { ...sandbox.env, ...env } });
      // The start-up line says where the console is.
      expect(daemon.stderr()).toContain(`; the console at ${daemon.url}/console`);
      const login = await fetch(`${daemon.url}/api/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ name: 'ana', password: PASSWORD, tokens: true }),
      });
      expect(login.status, await login.clone().text()).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const users = await fetch(`${daemon.url}/api/users`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(users.status).toBe(200);
      const page = await fetch(`${daemon.url}/console/incidents`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      await killWatchDaemons();
      sandbox.cleanup();
    }
  });
});
