import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Role } from '../../src/core/console.js';
import { makeSandbox, repoRoot, type Sandbox } from './cli.js';
import { startWatchDaemon, type WatchDaemon } from './watch-daemon.js';

/** A console user the test made, with the password it set. */
export interface ConsoleUser {
  name: string;
  role: Role;
  password: string;
}

/** The built daemon serving /console in a sandbox, and what the tests need to drive it. */
export interface ConsoleEnv {
  sandbox: Sandbox;
  daemon: WatchDaemon;
  url: string;
  /** watch.auth.default.token: the admin principal for set-up requests (Bearer). */
  token: string;
  /** `fetch` on the daemon with the admin token; `body` objects are sent as JSON. */
  api(route: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  /** Adds a user with `soloops user add` and returns its password. */
  addUser(name: string, role: Role): Promise<ConsoleUser>;
  stop(): Promise<void>;
}

/** Two services (one with a health check that fails: port 9 refuses), the console on, the admin token from env. */
export const CONSOLE_CONFIG = `watch:
  auth:
    default: {token: {env: SOLOOPS_WEBHOOK_TOKEN}}
console:
  enabled: true
services:
  - { id: api, name: Public API, checks: [api-health] }
  - { id: web, name: Website }
checks:
  - { name: api-health, url: "http://127.0.0.1:9/health", interval: 60s, service: api }
`;

/**
 * Starts the BUILT daemon (`npm run build` first; a private copy of it, see copyBuild) in a fresh
 * sandbox with {@link CONSOLE_CONFIG} (or `config`). The first start creates the database.
 */
export async function startConsole(config = CONSOLE_CONFIG): Promise<ConsoleEnv> {
  const sandbox = makeSandbox();
  const token = `test-admin-${randomBytes(12).toString('hex')}`;
  sandbox.env.SOLOOPS_WEBHOOK_TOKEN = token;
  fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), config);
  const bin = await copyBuild(sandbox);
  const daemon = await startWatchDaemon(sandbox, [], bin);
  const api: ConsoleEnv['api'] = (route, init = {}) =>
    fetch(`${daemon.url}${route}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
  return {
    sandbox,
    daemon,
    url: daemon.url,
    token,
    api,
    addUser: (name, role) => addUser(sandbox, bin, name, role),
    async stop() {
      if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill('SIGKILL');
      await daemon.exited;
      sandbox.cleanup();
    },
  };
}

/**
 * A private copy of the built package (bin, dist, templates, package.json; node_modules linked)
 * in the sandbox: other work may run `npm run build` meanwhile, which empties dist/console for a
 * moment and would fail a long browser test for no fault of the console. Returns its bin.
 */
async function copyBuild(sandbox: Sandbox): Promise<string> {
  const pkg = path.join(sandbox.dir, 'pkg');
  for (let attempt = 1; ; attempt += 1) {
    fs.rmSync(pkg, { recursive: true, force: true });
    fs.mkdirSync(pkg);
    for (const part of ['bin', 'dist', 'templates'])
      fs.cpSync(path.join(repoRoot, part), path.join(pkg, part), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(pkg, 'package.json'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(pkg, 'node_modules'));
    if (complete(pkg)) return path.join(pkg, 'bin', 'soloops.js');
    if (attempt === 10) throw new Error('dist/ is incomplete: run npm run build (dist/console included)');
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // a build in progress: copy again
  }
}

/** The CLI's entry and the console's page with every file its index.html names. */
function complete(pkg: string): boolean {
  const index = path.join(pkg, 'dist', 'console', 'index.html');
  if (!fs.existsSync(path.join(pkg, 'dist', 'cli', 'main.js')) || !fs.existsSync(index)) return false;
  const assets = [...fs.readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/console\/([^"]+)"/g)];
  return assets.length > 0 && assets.every((m) => fs.existsSync(path.join(pkg, 'dist', 'console', m[1]!)));
}

/**
 * `soloops user add NAME --role ROLE --password-stdin` against the sandbox's home (the daemon
 * runs meanwhile: SQLite in WAL mode takes the second writer). Throws with the CLI's stderr.
 */
export async function addUser(sandbox: Sandbox, bin: string, name: string, role: Role): Promise<ConsoleUser> {
  const password = `pw-${name}-${randomBytes(9).toString('base64url')}`;
  const result = await execa('node', [bin, 'user', 'add', name, '--role', role, '--password-stdin'], {
    cwd: sandbox.dir,
    env: sandbox.env,
    input: `${password}\n`,
    reject: false,
  });
  if (result.exitCode !== 0)
    throw new Error(`soloops user add ${name} exited ${result.exitCode}:\n${result.stderr}${result.stdout}`);
  return { name, role, password };
}

/** Console messages and page errors, to assert that nothing was refused by the CSP or thrown. */
export interface PageProblems {
  /** "Refused to …" / Content Security Policy messages. */
  csp: string[];
  /** Uncaught exceptions in the page, and console errors. */
  errors: string[];
}

/** Listens on `page` for CSP refusals and errors. */
export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { csp: [], errors: [] };
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (load|execute|apply|connect|evaluate|frame)/i.test(text))
      problems.csp.push(text);
    else if (message.type() === 'error') problems.errors.push(text);
  });
  page.on('pageerror', (error) => problems.errors.push(String(error)));
  return problems;
}

/** A browser context (its own cookies) and page for one person, with its problems watched. */
export interface Person {
  user: ConsoleUser;
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

/** Fills the login form at /console/login and waits for the console's navigation. */
export async function login(page: Page, baseUrl: string, name: string, password: string): Promise<void> {
  const response = await page.goto(`${baseUrl}/console/login`);
  const form = page.getByLabel('Name');
  await form.waitFor({ timeout: 15_000 }).catch(async (error: Error) => {
    const body = (
      (await page
        .locator('body')
        .textContent()
        .catch(() => '')) ?? ''
    ).slice(0, 500);
    throw new Error(`no login form at ${page.url()} (HTTP ${response?.status()}): ${body}\n${error.message}`);
  });
  await form.fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect
    .poll(() => page.getByRole('navigation', { name: 'Console' }).isVisible(), { timeout: 15_000 })
    .toBe(true);
}

/** A new context for `user`, logged in through the form. */
export async function personFor(
  browser: Browser,
  env: ConsoleEnv,
  user: ConsoleUser,
  options: { width?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<Person> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await login(page, env.url, user.name, user.password).catch((error: Error) => {
    throw new Error(`${error.message}\nsoloops watch said:\n${env.daemon.stderr().slice(-2000)}`);
  });
  return { user, context, page, problems };
}

/**
 * A request with the page's own cookies (page.request shares the context's), adding the CSRF
 * header from the `soloops_csrf` cookie unless `csrf: false`: what the page itself would send.
 */
export async function pageApi(
  person: Pick<Person, 'context' | 'page'>,
  baseUrl: string,
  route: string,
  init: { method?: string; body?: unknown; csrf?: boolean } = {},
): Promise<{ status: number; json: unknown }> {
  const cookies = await person.context.cookies(baseUrl);
  const csrf = cookies.find((c) => c.name === 'soloops_csrf')?.value;
  const response = await person.page.request.fetch(`${baseUrl}${route}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.csrf !== false && csrf !== undefined && { 'x-csrf-token': csrf }),
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(init.body !== undefined && { data: JSON.stringify(init.body) }),
    failOnStatusCode: false,
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a CSV or HTML download): the text is the answer.
  }
  return { status: response.status(), json };
}
