// The web console (issue 18), four figures:
// (a) first-load JS: the gzip size of every .js dist/console/index.html loads before the page runs
//     (its module script and the chunks that script imports statically; lazy import() chunks are
//     not counted), budget ≤ 300 KB;
// (b) time to interactive in Chromium: navigation start to the login form's "Sign in" button visible
//     and enabled, median of 5 cold loads (a new browser context each), budget ≤ 1.5 s; side by side
//     with a static HTML page holding the same form, served from a bare Node http server;
// (c) API p99 at 200 req/s (autocannon) on GET /api/overview and GET /api/incidents with a session
//     cookie, side by side with GET /healthz on the same daemon, budget ≤ 50 ms;
// (d) the daemon's RSS with 50 open WebSockets (GET /api/events) receiving events vs none, while the
//     same alerts and incidents are sent, budget +30 MB.
// Chromium comes from the system (SOLOOPS_CHROMIUM, default /usr/bin/chromium); (b) is skipped without it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { median, report, startWatch } from './lib.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(repoRoot, 'bin', 'soloops.js');
const distDir = path.join(repoRoot, 'dist', 'console');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_RUNS ?? 2);
const loads = Number(process.env.BENCH_LOADS ?? 5);
const sockets = Number(process.env.BENCH_SOCKETS ?? 50);
const chromiumPath = process.env.SOLOOPS_CHROMIUM ?? '/usr/bin/chromium';
const rate = 200;
const token = 'bench-console-admin-token';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-console-'));
const home = path.join(dir, 'home');
const env = { ...process.env, SOLOOPS_HOME: home, SOLOOPS_BENCH_TOKEN: token, CI: '1' };
fs.writeFileSync(
  path.join(dir, 'soloops.yaml'),
  [
    'watch:',
    '  port: 0',
    '  auth: { default: { token: { env: SOLOOPS_BENCH_TOKEN } } }',
    '  rate_limit: { max: 100000000, window: 1m }',
    'console: { enabled: true }',
    'services:',
    ...Array.from({ length: 10 }, (_, i) => `  - { id: svc-${i}, name: "Service ${i}" }`),
    '',
  ].join('\n'),
);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

// (a) ----------------------------------------------------------------------------------------------
/** The .js files the page loads at once: the index's scripts and modulepreloads, then static imports. */
function firstLoadJs() {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map(
    (m) => path.basename(m[1]),
  );
  const seen = new Set();
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const source = fs.readFileSync(path.join(distDir, file), 'utf8');
    // Static `import … from"./x.js"`, `import"./x.js"` and `export … from"./x.js"`; not `import("./x.js")`.
    for (const m of source.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g))
      queue.push(m[1]);
  }
  return [...seen];
}

const firstFiles = firstLoadJs();
const gz = firstFiles.reduce(
  (sum, f) => sum + gzipSync(fs.readFileSync(path.join(distDir, f)), { level: 9 }).length,
  0,
);
const raw = firstFiles.reduce((sum, f) => sum + fs.statSync(path.join(distDir, f)).size, 0);
const allJs = fs.readdirSync(distDir).filter((f) => f.endsWith('.js'));
const css = fs.readdirSync(distDir).filter((f) => f.endsWith('.css'));
const cssGz = css.reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(distDir, f)), { level: 9 }).length, 0);
console.log(
  `console first-load JS (gzip -9, ${firstFiles.length} of ${allJs.length} .js files): ${kb(gz)} · ` +
    `raw ${kb(raw)} · CSS ${kb(cssGz)} gzip · ratio ${(gz / (300 * 1024)).toFixed(2)}× of the budget (budget ≤ 300 KB)`,
);

// The daemon ---------------------------------------------------------------------------------------
/** Starts `soloops watch` in the bench's folder; resolves once it listens. */
const startDaemon = () => startWatch(bin, dir, env);

/** Resident set size of `pid` in MB, from /proc. */
function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

function checked(name, result) {
  if (result.non2xx || result.errors || result.timeouts)
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result;
}

// A user for the session cookie, added as a person would (the daemon need not run).
const password = 'bench-console-password-1';
await new Promise((resolve, reject) => {
  const child = spawn('node', [bin, 'user', 'add', 'bench', '--role', 'admin', '--password-stdin'], {
    cwd: dir,
    env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  child.stdin.end(`${password}\n`);
  child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`soloops user add: ${code}\n${err}`))));
});

const admin = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

/** Signs in as the bench user; the Cookie header that session sends. */
async function sessionCookie(base) {
  const loggedIn = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', password }),
  });
  if (loggedIn.status !== 200) throw new Error(`login: ${loggedIn.status} ${await loggedIn.text()}`);
  return loggedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

let daemon = await startDaemon();
let base = `http://127.0.0.1:${daemon.port}`;
let reference;
try {
  const cookie = await sessionCookie(base);
  for (let i = 0; i < 20; i++) {
    const body = JSON.stringify({ title: `Incident ${i}`, services: [`svc-${i % 10}`], severity: 'high' });
    const opened = await fetch(`${base}/api/incidents`, { method: 'POST', headers: admin, body });
    if (opened.status !== 201) throw new Error(`opening an incident: ${opened.status} ${await opened.text()}`);
  }

  // (b) --------------------------------------------------------------------------------------------
  if (fs.existsSync(chromiumPath)) {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><main><h1>Sign in</h1><form><label>Name <input name="name"></label>
<label>Password <input type="password" name="password"></label><button>Sign in</button></form></main></body></html>`;
    reference = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    reference.listen(0, '127.0.0.1');
    await once(reference, 'listening');
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    /** Navigation start to "Sign in" visible and enabled, read in the page (performance.now at that frame). */
    const tti = async (url) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        () => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Sign in');
          return button && !button.disabled && button.getClientRects().length > 0 ? performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      const ms = await handle.jsonValue();
      await context.close();
      return ms;
    };
    const consoleUrl = `${base}/console/login`;
    const referenceUrl = `http://127.0.0.1:${reference.address().port}/`;
    await tti(consoleUrl);
    await tti(referenceUrl);
    const ours = [];
    const theirs = [];
    for (let i = 0; i < loads; i++) {
      ours.push(await tti(consoleUrl));
      theirs.push(await tti(referenceUrl));
    }
    await browser.close();
    report(
      `console time to interactive (login form usable, cold context, median of ${loads}) vs a static form page`,
      { console: median(ours), static: median(theirs), ratio: median(ours) / Math.max(median(theirs), 1) },
      '≤ 1,500 ms',
    );
  } else console.log(`console time to interactive: skipped, no Chromium at ${chromiumPath}`);

  // (c) --------------------------------------------------------------------------------------------
  const cannon = (requests) =>
    autocannon({ url: base, requests, connections: 10, overallRate: rate, duration: seconds, headers: { cookie } });
  const routes = {
    overview: [{ method: 'GET', path: '/api/overview' }],
    incidents: [{ method: 'GET', path: '/api/incidents' }],
    healthz: [{ method: 'GET', path: '/healthz' }],
  };
  checked(
    'warm-up',
    await autocannon({ url: base, requests: routes.overview, connections: 4, amount: 300, headers: { cookie } }),
  );
  const p99 = { overview: [], incidents: [], healthz: [] };
  const p50 = { overview: [], incidents: [], healthz: [] };
  for (let r = 0; r < rounds; r++)
    for (const [name, requests] of Object.entries(routes)) {
      const result = checked(name, await cannon(requests));
      p99[name].push(result.latency.p99);
      p50[name].push(result.latency.p50);
    }
  const h = median(p99.healthz);
  for (const name of ['overview', 'incidents'])
    report(
      `console API GET /api/${name} (session cookie) at ${rate} req/s for ${seconds} s, p99 vs /healthz`,
      {
        [name]: median(p99[name]),
        healthz: h,
        ratio: median(p99[name]) / Math.max(h, 1),
        note: ` · p50 ${median(p50[name])} vs ${median(p50.healthz)} ms`,
      },
      '≤ 50 ms',
    );

  // (d) --------------------------------------------------------------------------------------------
  // A fresh daemon per side (same data), each warmed by the same traffic first, so neither side
  // inherits the other's heap growth.
  /** `iterations` × (an alert, an incident edit, 100 ms); the median RSS of the samples taken. */
  const traffic = async (iterations) => {
    const opened = await fetch(`${base}/api/incidents`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ title: 'Busy incident', services: ['svc-0'] }),
    });
    const { incident } = await opened.json();
    const samples = [];
    for (let i = 0; i < iterations; i++) {
      const alert = JSON.stringify({ title: `disk ${50 + (i % 40)}% on web-${i % 5}`, service: 'svc-1' });
      await fetch(`${base}/v1/alerts`, { method: 'POST', headers: admin, body: alert });
      await fetch(`${base}/api/incidents/${incident.id}`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ description: `step ${i}` }),
      });
      if (i % 10 === 9) samples.push(rssMb(daemon.pid));
      await new Promise((r) => setTimeout(r, 100));
    }
    return median(samples);
  };
  const { default: WebSocket } = await import('ws');
  const rss = {};
  let frames = 0;
  for (const count of [0, sockets]) {
    await daemon.stop();
    daemon = await startDaemon();
    base = `http://127.0.0.1:${daemon.port}`;
    const cookie = await sessionCookie(base);
    await traffic(50);
    const open = [];
    for (let i = 0; i < count; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${daemon.port}/api/events`, { headers: { cookie, origin: base } });
      ws.on('message', () => frames++);
      await once(ws, 'open');
      open.push(ws);
    }
    rss[count] = await traffic(100);
    for (const ws of open) ws.close();
  }
  report(
    `daemon RSS with ${sockets} WebSockets receiving events vs none (10 s of alerts and incident edits each)`,
    {
      ratio: rss[sockets] / rss[0],
      note:
        ` · with ${rss[sockets].toFixed(1)} MB · without ${rss[0].toFixed(1)} MB · ` +
        `+${(rss[sockets] - rss[0]).toFixed(1)} MB · ${frames.toLocaleString('en')} frames received`,
    },
    '+30 MB',
  );
} finally {
  reference?.close();
  await daemon.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
