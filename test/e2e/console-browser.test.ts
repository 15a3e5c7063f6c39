import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { axeViolations, chromiumMissing, launchChromium, SCREENSHOT_DIR, screenshot } from '../helpers/browser.js';
import {
  type ConsoleEnv,
  type ConsoleUser,
  type Person,
  pageApi,
  personFor,
  startConsole,
} from '../helpers/console.js';

// The web console (issue 18) in real Chromium against the BUILT daemon (npm run build first):
// sign-in per role, the permission matrix in the page and over the API with the page's own
// cookies, presence and live changes between two people, the stale-save merge dialog, drafts,
// keyboard shortcuts, axe-core on every page in light and dark, the live Hosts chart, the CSP.
// Screenshots (console-<page>-<width>.png) go to SCREENSHOT_DIR.

const missing = chromiumMissing();
if (missing) {
  if (process.env.SOLOOPS_REQUIRE_CHROMIUM === '1') throw new Error(`SOLOOPS_REQUIRE_CHROMIUM=1 but ${missing}`);
  console.warn(`[console-browser] skipped: ${missing}`);
}

/** Waits for the live parts (WebSocket pushes): generous bounds, never a timing assertion. */
const LIVE = { timeout: 15_000 };

let env: ConsoleEnv;
let browser: Browser;
let viewer: ConsoleUser;
let reporter: ConsoleUser;
let admin: ConsoleUser;
const people: Person[] = [];

beforeAll(async () => {
  if (missing) return;
  env = await startConsole();
  viewer = await env.addUser('vera', 'viewer');
  reporter = await env.addUser('rita', 'reporter');
  admin = await env.addUser('ada', 'admin');
  await seed(env);
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  // Nothing any page did was refused by the CSP; contexts close after each test.
  for (const person of people.splice(0)) {
    await person.context.close();
    expect(person.problems.csp, `CSP refusals for ${person.user.name}`).toEqual([]);
    // No uncaught exception or logged error; a refused request (the 401 before sign-in, a 409) logs
    // "Failed to load resource", which is the API answering, not the page failing.
    const errors = person.problems.errors.filter((e) => !e.startsWith('Failed to load resource'));
    expect(errors, `page errors for ${person.user.name}`).toEqual([]);
  }
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

/** Two alerts, a host with a snapshot, two incidents: every page has something to show. */
async function seed(env: ConsoleEnv): Promise<void> {
  for (const title of ['checkout API returns 503', 'disk 91% full on /var']) {
    const sent = await fetch(`${env.url}/v1/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, message: `${title} for 5 minutes`, service: 'api' }),
    });
    expect(sent.status).toBe(202);
  }
  await snapshot('web-1', 12, new Date(Date.now() - 120_000));
  await openIncident('Checkout errors', 'critical');
}

/** Records a host snapshot in the daemon's store, as `soloops snap` would from another process. */
async function snapshot(host: string, cpuPct: number, takenAt = new Date()): Promise<void> {
  const store = await openStore({ home: env.sandbox.home });
  try {
    await store.recordSnapshot({
      takenAt,
      host,
      cpuPct,
      memUsedPct: 40,
      diskMaxPct: 55,
      load1: 0.5,
      containers: 3,
      path: null,
      uploadedUrl: null,
    });
  } finally {
    await store.close();
  }
}

interface Incident {
  id: string;
  title: string;
  version: number;
}

/** Opens an incident with the admin token; returns it as the API answers. */
async function openIncident(title: string, severity = 'high'): Promise<Incident> {
  const response = await env.api('/api/incidents', { method: 'POST', body: { title, severity, services: ['api'] } });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { incident: Incident }).incident;
}

async function incident(id: string): Promise<Incident> {
  const response = await env.api(`/api/incidents/${id}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { incident: Incident }).incident;
}

async function as(user: ConsoleUser, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}) {
  const person = await personFor(browser, env, user, options);
  people.push(person);
  return person;
}

/** Goes to `route` (under /console) and waits for the page's one <h1>. */
async function visit(page: Page, route: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${env.url}/console${route}`);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), LIVE).toMatch(heading);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Console' });
const presence = (page: Page) => page.getByRole('region', { name: 'People on this incident' });

describe.skipIf(missing !== undefined)('the web console in Chromium (built daemon)', () => {
  it('serves /console with the strict CSP and the other security headers', async () => {
    const response = await fetch(`${env.url}/console`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refuses a wrong password with an alert, and signs in each role', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.url}/console/login`);
    await page.getByLabel('Name').fill(viewer.name);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), LIVE).toMatch(/\S/);
    expect(await nav(page).isVisible()).toBe(false);
    await context.close();
    for (const user of [viewer, reporter, admin]) {
      const { page } = await as(user);
      const me = await pageApi(people.at(-1)!, env.url, '/api/auth/me');
      expect(me).toMatchObject({ status: 200, json: { user: { name: user.name, role: user.role } } });
      // Only admins see Users and Audit in the navigation.
      const links = await nav(page).getByRole('link').allTextContents();
      for (const name of ['Overview', 'Hosts', 'Alerts', 'Incidents', 'Reports']) expect(links).toContain(name);
      expect(links.includes('Users')).toBe(user.role === 'admin');
      expect(links.includes('Audit')).toBe(user.role === 'admin');
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    }
  });

  it('walks the permission matrix in the page and over the API with the page’s cookies', async () => {
    const target = await openIncident('Matrix target');
    const [v, r, a] = [await as(viewer), await as(reporter), await as(admin)];

    // Viewer: reads, may not create, give feedback, delete or manage users.
    expect((await pageApi(v, env.url, '/api/incidents')).status).toBe(200);
    expect((await pageApi(v, env.url, '/api/incidents', { method: 'POST', body: { title: 'nope' } })).status).toBe(403);
    expect((await pageApi(v, env.url, `/api/incidents/${target.id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await pageApi(v, env.url, '/api/users')).status).toBe(403);
    expect((await pageApi(v, env.url, '/api/audit')).status).toBe(403);
    await visit(v.page, '/alerts', 'Alerts');
    await expect.poll(() => v.page.getByText('checkout API returns 503').count(), LIVE).toBeGreaterThan(0);
    expect(await v.page.getByRole('button', { name: 'Mark correct' }).count()).toBe(0);
    await visit(v.page, `/incidents/${target.id}`, 'Matrix target');
    expect(await v.page.getByRole('button', { name: 'Delete incident' }).count()).toBe(0);

    // Without the CSRF header a cookie-authenticated write is refused even for an admin.
    const noCsrf = await pageApi(a, env.url, '/api/incidents', { method: 'POST', body: { title: 'x' }, csrf: false });
    expect(noCsrf.status).toBe(403);

    // Reporter: creates through the form, gives alert feedback, may not delete or manage users.
    await visit(r.page, '/incidents/new', 'New incident');
    await r.page.getByLabel('Title').fill('Reporter opened this');
    await r.page.getByRole('button', { name: 'Create incident' }).click();
    await expect.poll(() => r.page.getByRole('heading', { level: 1 }).textContent(), LIVE).toBe('Reporter opened this');
    const created = /\/console\/incidents\/([^/?#]+)$/.exec(r.page.url())?.[1];
    expect(created).toBeTruthy();
    expect(await r.page.getByRole('button', { name: 'Delete incident' }).count()).toBe(0);
    expect((await pageApi(r, env.url, `/api/incidents/${created}`, { method: 'DELETE' })).status).toBe(403);
    expect((await pageApi(r, env.url, '/api/users')).status).toBe(403);
    await visit(r.page, '/alerts', 'Alerts');
    await expect.poll(() => r.page.getByRole('button', { name: 'Mark correct' }).count(), LIVE).toBeGreaterThan(0);

    // Admin: sees Delete and Users; deleting works over the API with the page's cookies.
    await visit(a.page, `/incidents/${created}`, 'Reporter opened this');
    expect(await a.page.getByRole('button', { name: 'Delete incident' }).isVisible()).toBe(true);
    expect((await pageApi(a, env.url, '/api/users')).status).toBe(200);
    expect((await pageApi(a, env.url, `/api/incidents/${target.id}`, { method: 'DELETE' })).status).toBe(200);
    // …and through the page: "Delete incident", then the confirmation.
    await a.page.getByRole('button', { name: 'Delete incident' }).click();
    const confirm = a.page.getByRole('dialog');
    await expect.poll(() => confirm.isVisible(), LIVE).toBe(true);
    await confirm
      .getByRole('button', { name: /delete/i })
      .last()
      .click();
    await expect.poll(async () => (await env.api(`/api/incidents/${created}`)).status, LIVE).toBe(404);
    await visit(a.page, '/users', 'Users');
    for (const name of [viewer.name, reporter.name, admin.name])
      await expect.poll(() => a.page.getByRole('row').filter({ hasText: name }).count(), LIVE).toBe(1);
    // The audit log names the reporter's creation.
    const audit = (await pageApi(a, env.url, '/api/audit?limit=50')).json as {
      entries: Array<Record<string, unknown>>;
    };
    expect(audit.entries).toContainEqual(expect.objectContaining({ actor: reporter.name, action: 'incident.create' }));
  });

  it('shows two people on one incident each other’s presence and changes, live', async () => {
    const shared = await openIncident('Shared incident');
    const [r, a] = [await as(reporter), await as(admin)];
    await visit(r.page, `/incidents/${shared.id}`, 'Shared incident');
    await visit(a.page, `/incidents/${shared.id}`, 'Shared incident');
    await expect.poll(() => presence(a.page).textContent(), LIVE).toContain(`${reporter.name} viewing`);
    await expect.poll(() => presence(r.page).textContent(), LIVE).toContain(`${admin.name} viewing`);

    await r.page.getByLabel('Title').focus();
    await expect.poll(() => presence(a.page).textContent(), LIVE).toMatch(new RegExp(`${reporter.name} editing title`));
    await r.page.getByLabel('Title').blur();

    // The admin saves a new title in the page; the reporter's page shows it without a reload.
    await r.page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
    await a.page.getByLabel('Title').fill('Shared incident, renamed');
    await a.page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => r.page.getByRole('heading', { level: 1 }).textContent(), LIVE)
      .toBe('Shared incident, renamed');
    expect(await r.page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
    expect((await incident(shared.id)).title).toBe('Shared incident, renamed');
  });

  it('offers the merge dialog on a stale save, and saves the merged fields', async () => {
    const stale = await openIncident('Stale base');
    const r = await as(reporter);
    await visit(r.page, `/incidents/${stale.id}`, 'Stale base');
    await r.page.getByLabel('Title').fill('Mine');
    // Someone else changes the title meanwhile (a bumped version).
    const other = await env.api(`/api/incidents/${stale.id}`, {
      method: 'PUT',
      body: { title: 'Theirs', version: stale.version },
    });
    expect(other.status).toBe(200);
    await r.page.getByRole('button', { name: 'Save' }).click();
    const dialog = r.page.getByRole('dialog', { name: 'Someone else changed this incident' });
    await expect.poll(() => dialog.isVisible(), LIVE).toBe(true);
    const text = await dialog.textContent();
    expect(text).toContain('Mine');
    expect(text).toContain('Theirs');
    await screenshot(r.page, 'console-merge-dialog-1280');
    await dialog.getByRole('button', { name: 'Keep mine' }).first().click();
    await dialog.getByRole('button', { name: 'Save merged' }).click();
    await expect.poll(async () => (await incident(stale.id)).title, LIVE).toBe('Mine');
    expect((await incident(stale.id)).version).toBeGreaterThan(stale.version + 1);
  });

  it('autosaves the new-incident form as a draft and restores it after a reload', async () => {
    const r = await as(reporter);
    await r.page.clock.install();
    await visit(r.page, '/incidents/new', 'New incident');
    await r.page.getByLabel('Title').fill('Half-written incident');
    await r.page.getByLabel('Description').fill('Started typing before the phone rang');
    await r.page.getByLabel('Description').blur();
    // The page saves every 30 s (and maybe on blur): move its clock past one interval.
    await r.page.clock.runFor(31_000);
    await expect.poll(() => r.page.getByRole('status').filter({ hasText: 'Draft saved' }).count(), LIVE).toBe(1);
    const draft = await pageApi(r, env.url, '/api/drafts/new');
    expect(JSON.stringify(draft.json)).toContain('Half-written incident');
    await r.page.reload();
    await expect.poll(() => r.page.getByLabel('Title').inputValue(), LIVE).toBe('Half-written incident');
    expect(await r.page.getByLabel('Description').inputValue()).toBe('Started typing before the phone rang');
  });

  it('saves with Ctrl+S and cancels with Esc', async () => {
    const r = await as(reporter);
    await visit(r.page, '/incidents/new', 'New incident');
    await r.page.getByLabel('Title').fill('Saved from the keyboard');
    await r.page.keyboard.press('Control+s');
    await expect
      .poll(() => r.page.getByRole('heading', { level: 1 }).textContent(), LIVE)
      .toBe('Saved from the keyboard');
    const id = /\/console\/incidents\/([^/?#]+)$/.exec(r.page.url())?.[1] ?? '';
    expect((await incident(id)).title).toBe('Saved from the keyboard');

    // On the incident: Ctrl+S saves an edit; Esc throws an unsaved one away.
    await r.page.getByLabel('Title').fill('Edited from the keyboard');
    await r.page.keyboard.press('Control+s');
    await expect.poll(async () => (await incident(id)).title, LIVE).toBe('Edited from the keyboard');
    await r.page.getByLabel('Title').fill('Never saved');
    await r.page.keyboard.press('Escape');
    await expect.poll(() => r.page.getByLabel('Title').inputValue(), LIVE).toBe('Edited from the keyboard');
    expect((await incident(id)).title).toBe('Edited from the keyboard');

    // Esc on the new-incident form leaves it. The heading can paint before React's effects attach the
    // key listener (a loaded machine shows it), so wait for the form, and press again until it has left.
    await visit(r.page, '/incidents/new', 'New incident');
    await expect.poll(() => r.page.getByLabel('Title').isVisible(), LIVE).toBe(true);
    await expect
      .poll(async () => {
        if (new URL(r.page.url()).pathname === '/console/incidents/new') await r.page.keyboard.press('Escape');
        return new URL(r.page.url()).pathname;
      }, LIVE)
      .not.toBe('/console/incidents/new');
  });

  it('moves the Hosts chart as snapshots arrive, without a reload', async () => {
    const a = await as(admin);
    await visit(a.page, '/hosts', 'Hosts');
    const chart = a.page.getByRole('figure', { name: 'CPU history for web-1' });
    await expect.poll(() => chart.isVisible(), LIVE).toBe(true);
    await a.page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
    /** The chart's point count as its text says ("… 2 of 2 points"), else its whole markup. */
    const points = async () => {
      const html = await chart.innerHTML();
      return Number(/(\d+) points/.exec((await chart.textContent()) ?? '')?.[1] ?? Number.NaN) || html;
    };
    const before = await points();
    await snapshot('web-1', 42);
    await expect.poll(() => a.page.getByText('CPU 42 %').count(), LIVE).toBeGreaterThan(0);
    await snapshot('web-1', 77);
    await expect.poll(() => a.page.getByText('CPU 77 %').count(), LIVE).toBeGreaterThan(0);
    if (typeof before === 'number') await expect.poll(points, LIVE).toBe(before + 2);
    else await expect.poll(points, LIVE).not.toBe(before);
    expect(await a.page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
    for (const range of ['24 h', '7 d', '1 h']) await a.page.getByRole('button', { name: range }).first().click();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`passes axe-core on every page in ${colorScheme} mode; screenshots at 1280 and 390`, async () => {
      const detail = await openIncident('Database failover', 'critical');
      const pages: Array<[string, string, string | RegExp]> = [
        ['overview', '', 'Overview'],
        ['hosts', '/hosts', 'Hosts'],
        ['alerts', '/alerts', 'Alerts'],
        ['incidents', '/incidents', 'Incidents'],
        ['new-incident', '/incidents/new', 'New incident'],
        ['incident', `/incidents/${detail.id}`, 'Database failover'],
        ['reports', '/reports', 'Reports'],
        ['users', '/users', 'Users'],
        ['audit', '/audit', 'Audit log'],
      ];
      const failures: Record<string, unknown> = {};
      for (const width of [1280, 390]) {
        const a = await as(admin, { width, colorScheme });
        for (const [name, route, heading] of pages) {
          await visit(a.page, route, heading);
          await a.page.waitForLoadState('networkidle').catch(() => {});
          const violations = await axeViolations(a.page);
          if (violations.length) failures[`${name}@${width}`] = violations;
          await screenshot(a.page, `console-${name}-${width}${colorScheme === 'dark' ? '-dark' : ''}`);
        }
        // The login page, signed out.
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        await page.goto(`${env.url}/console/login`);
        await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible(), LIVE).toBe(true);
        const violations = await axeViolations(page);
        if (violations.length) failures[`login@${width}`] = violations;
        await screenshot(page, `console-login-${width}${colorScheme === 'dark' ? '-dark' : ''}`);
        await context.close();
      }
      expect(failures).toEqual({});
      console.info(`[console-browser] screenshots in ${SCREENSHOT_DIR}`);
    }, 180_000);
  }
});
