// Durable webhook ingest: `soloops watch` answers POST /v1/alerts with 202 only once the alert is
// committed to SQLite. Measured with autocannon on loopback, side by side in the same run with a
// bare Node `http` server (its own process, like the daemon) that answers 202 without any work:
// (a) max throughput (budget ≥ 2,000 alerts/s), (b) p99 latency at a fixed 500 req/s (≤ 50 ms).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Sqlite from 'better-sqlite3';
import { median, report } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_RUNS ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-ingest-'));
const home = path.join(dir, 'home');
// `port: 0` plus a limit nobody reaches: the bench measures storing, not the default rate limit
// (6,000 alerts a minute).
fs.writeFileSync(path.join(dir, 'soloops.yaml'), 'watch:\n  port: 0\n  rate_limit: { max: 100000000, window: 1m }\n');

/** A real-looking generic webhook; a few services and titles so the pipeline forms several groups. */
const bodies = Array.from({ length: 8 }, (_, i) =>
  JSON.stringify({
    title: ['checkout API returns 503', 'disk 91% full on /var', 'p95 latency above 2 s', 'backup job failed'][i % 4],
    message: `bench alert ${i}: error rate 12% over the last 5 minutes on ${i % 2 ? 'web-1' : 'web-2'}`,
    service: ['payments', 'api'][i % 2],
  }),
);

/** Starts a server process and resolves with its port once the line `pattern` matches on stderr. */
async function startProcess(args, options, pattern) {
  const child = spawn('node', args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  let tail = '';
  const port = await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      tail = (tail + chunk).slice(-4000);
      const match = pattern.exec(tail);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code} before listening:\n${tail}`)));
  });
  const exited = once(child, 'exit');
  return {
    child,
    port,
    /**
     * SIGTERM, then the exit code. A graceful stop is 0, or 130 with the daemon's "stopped" line:
     * main.ts exits 130 after any signal (the systemd unit lists it in SuccessExitStatus); 130
     * without that line is its 5 s forced exit, a failure here.
     */
    async stop() {
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      const graceful = code === 0 || (code === 130 && /"msg":"stopped"/.test(tail));
      if (!graceful) throw new Error(`${args[0]} exited ${code ?? signal} on SIGTERM:\n${tail}`);
      return code;
    },
  };
}

const bareSource = `require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end('{"accepted":1,"ids":["x"]}');
  });
}).listen(0, '127.0.0.1', function () { console.error('bare listening on ' + this.address().port); });
process.on('SIGTERM', () => process.exit(0));`;

const daemon = await startProcess(
  [bin, 'watch', '--port', '0'],
  { cwd: dir, env: { ...process.env, SOLOOPS_HOME: home, CI: '1' } },
  /listening on http:\/\/127\.0\.0\.1:(\d+)/,
);
const bare = await startProcess(['-e', bareSource], {}, /bare listening on (\d+)/);
const targets = [
  ['soloops', daemon.port],
  ['bare', bare.port],
];

function cannon(port, options) {
  let n = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}/v1/alerts`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // Cycles through the bodies; each request carries exactly one alert.
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }) }],
    connections,
    ...options,
  });
}

function checked(name, result) {
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}

/** Waits for the daemon's pipeline to empty the inbox, so one phase's backlog does not slow the next. */
async function drained(deadlineMs = 60_000) {
  const db = new Sqlite(path.join(home, 'soloops.db'), { readonly: true, fileMustExist: true });
  try {
    const started = Date.now();
    while (db.prepare('SELECT count(*) AS n FROM inbox').get().n > 0) {
      if (Date.now() - started > deadlineMs) throw new Error('the inbox did not drain within a minute');
      await new Promise((r) => setTimeout(r, 200));
    }
    return Date.now() - started;
  } finally {
    db.close();
  }
}

let acked = 0;
const rate = (r) => r['2xx'] / (r.duration || seconds);
const countAcked = (name, r) => {
  if (name === 'soloops') acked += r['2xx'];
  return r;
};

try {
  // Warm-up: JIT, SQLite page cache, the first WAL growth.
  for (const [name, port] of targets) countAcked(name, checked(name, await cannon(port, { duration: 2 })));
  await drained();

  // (a) Max throughput, interleaved rounds, median of each side.
  const throughput = { soloops: [], bare: [] };
  const drainMs = [];
  for (let i = 0; i < rounds; i++) {
    for (const [name, port] of targets)
      throughput[name].push(rate(countAcked(name, checked(name, await cannon(port, { duration: seconds })))));
    drainMs.push(await drained());
  }
  const ours = median(throughput.soloops);
  const theirs = median(throughput.bare);
  const fmt = (v) => Math.round(v).toLocaleString('en');
  // report() prints milliseconds; a rate gets the same line shape by hand.
  console.log(
    `webhook ingest max throughput (${connections} connections, median of ${rounds}×${seconds} s) ` +
      `vs bare node http 202: soloops ${fmt(ours)} alerts/s · bare ${fmt(theirs)} req/s · ` +
      `ratio ${(ours / theirs).toFixed(2)}× · inbox drained ${fmt(median(drainMs))} ms after each round ` +
      '(budget ≥ 2,000 alerts/s)',
  );

  // (b) Latency at a fixed 500 req/s (autocannon spreads overallRate over the connections).
  const latency = {};
  for (const [name, port] of targets) {
    const r = countAcked(name, checked(name, await cannon(port, { duration: 10, connections: 10, overallRate: 500 })));
    latency[name] = { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, rate: rate(r) };
    await drained();
  }
  report(
    'webhook ingest at 500 req/s for 10 s, latency p99 vs bare node http 202',
    {
      soloops: latency.soloops.p99,
      bare: latency.bare.p99,
      ratio: latency.soloops.p99 / Math.max(latency.bare.p99, 1),
      note:
        ` · p50 ${latency.soloops.p50} vs ${latency.bare.p50} ms` +
        ` · max ${latency.soloops.max} vs ${latency.bare.max} ms` +
        ` · achieved ${fmt(latency.soloops.rate)} vs ${fmt(latency.bare.rate)} req/s`,
    },
    '≤ 50 ms',
  );
} finally {
  await bare.stop().catch((error) => console.error(String(error)));
  const code = await daemon.stop().catch((error) => {
    console.error(String(error));
    process.exitCode = 1;
    return null;
  });
  // Every 202 must be in the store: the figure above counts only acknowledged, committed alerts.
  const db = new Sqlite(path.join(home, 'soloops.db'), { readonly: true });
  const stored = db.prepare('SELECT (SELECT count(*) FROM alerts) + (SELECT count(*) FROM inbox) AS n').get().n;
  db.close();
  // Stored may exceed acknowledged: autocannon does not count answers that arrive after its
  // duration ends (up to one per connection per run). Fewer stored would be lost data.
  console.log(
    `  daemon stopped with SIGTERM (${code === null ? 'NOT a graceful stop' : `exit ${code}, graceful`}); ` +
      `${acked.toLocaleString('en')} alerts acknowledged, ${stored.toLocaleString('en')} in the store` +
      (stored >= acked ? '' : ' — ACKNOWLEDGED ALERTS MISSING'),
  );
  if (stored < acked) process.exitCode = 1;
  fs.rmSync(dir, { recursive: true, force: true });
}
