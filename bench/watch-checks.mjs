// `soloops watch` with 1,000 HTTP health checks a minute (1,000 checks, interval 60 s) against a
// local target, beside an idle `soloops watch` with no checks, both running at the same time:
// RSS (budget ≤ 100 MB) and CPU (budget ≤ 5 % of one core), measured over a window that starts
// after one full interval, when every check has run once and loaded its state from the store.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/soloops.js', import.meta.url));
const checkCount = Number(process.env.BENCH_CHECKS ?? 1000);
const intervalS = Number(process.env.BENCH_INTERVAL ?? 60);
const warmupS = Number(process.env.BENCH_WARMUP ?? intervalS + 5);
const windowS = Number(process.env.BENCH_WINDOW ?? 75);
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-bench-checks-'));

/** The probed target: answers 200 "ok" and counts the probes, so the bench shows the real rate. */
let probes = 0;
const target = http.createServer((req, res) => {
  probes++;
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
});
target.listen(0, '127.0.0.1');
await once(target, 'listening');
const targetPort = target.address().port;

const checks = Array.from({ length: checkCount }, (_, i) => ({
  name: `svc-${String(i).padStart(4, '0')}`,
  url: `http://127.0.0.1:${targetPort}/health/${i}`,
  interval: `${intervalS}s`,
  timeout: '7s',
  service: `svc-${i % 50}`,
}));

/** Starts `soloops watch` in its own folder (YAML is a superset of JSON) and waits for it to listen. */
async function startDaemon(name, config) {
  const cwd = path.join(dir, name);
  fs.mkdirSync(cwd);
  fs.writeFileSync(path.join(cwd, 'soloops.yaml'), JSON.stringify(config, null, 1));
  const child = spawn('node', [bin, 'watch', '--port', '0'], {
    cwd,
    env: { ...process.env, SOLOOPS_HOME: path.join(cwd, 'home'), CI: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  let warnings = 0;
  await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      warnings += chunk.match(/"level":(40|50|60)/g)?.length ?? 0;
      tail = (tail + chunk).slice(-4000);
      if (/listening on http/.test(tail)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${name} exited ${code} before listening:\n${tail}`)));
  });
  const exited = once(child, 'exit');
  return {
    name,
    pid: child.pid,
    warnings: () => warnings,
    /** SIGTERM; a graceful stop is 0, or main's 130 after the daemon's "stopped" line. */
    async stop() {
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      if (!(code === 0 || (code === 130 && /"msg":"stopped"/.test(tail))))
        throw new Error(`${name} exited ${code ?? signal} on SIGTERM:\n${tail}`);
      return code;
    },
  };
}

/** utime + stime of a process, in seconds (fields 14 and 15 of /proc/PID/stat, after the command name). */
function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

function rssMb(pid) {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(kb[1]) / 1024;
}

const line = (name, text, budget) => console.log(`${name}: ${text} (budget ${budget})`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Both at once, so the total stays under ~2.5 min and both see the same machine.
const [busy, idle] = await Promise.all([
  startDaemon('checks', { watch: { port: 0 }, checks }),
  startDaemon('idle', { watch: { port: 0 } }),
]);
const daemons = [busy, idle];
try {
  await sleep(warmupS * 1000);
  const cpuStart = daemons.map((d) => cpuSeconds(d.pid));
  const probesStart = probes;
  const started = performance.now();
  const rss = daemons.map(() => []);
  for (let s = 0; s < windowS; s++) {
    await sleep(1000);
    for (const [i, d] of daemons.entries()) rss[i].push(rssMb(d.pid));
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = daemons.map((d, i) => (100 * (cpuSeconds(d.pid) - cpuStart[i])) / elapsed);
  const perMinute = ((probes - probesStart) * 60) / elapsed;
  const peak = rss.map((values) => Math.max(...values));
  const label =
    `soloops watch, ${checkCount.toLocaleString('en')} HTTP checks every ${intervalS} s ` +
    `(${Math.round(perMinute).toLocaleString('en')} probes/min measured) vs idle soloops watch, no checks; ` +
    `${Math.round(elapsed)} s after ${warmupS} s warm-up`;
  line(
    `${label} — RSS`,
    `peak ${peak[0].toFixed(1)} MB (median ${median(rss[0]).toFixed(1)}) · ` +
      `idle ${peak[1].toFixed(1)} MB (median ${median(rss[1]).toFixed(1)}) · ` +
      `ratio ${(peak[0] / peak[1]).toFixed(2)}×`,
    '≤ 100 MB',
  );
  line(
    `${label} — CPU`,
    `${cpu[0].toFixed(2)} % of one core · idle ${cpu[1].toFixed(2)} % · ` +
      `ratio ${(cpu[0] / Math.max(cpu[1], 0.01)).toFixed(1)}×`,
    '≤ 5 %',
  );
  if (busy.warnings())
    console.log(`  the checks daemon logged ${busy.warnings()} warnings/errors (a failing probe logs one)`);
} finally {
  for (const d of daemons) {
    const code = await d.stop().catch((error) => {
      console.error(String(error));
      process.exitCode = 1;
      return null;
    });
    console.log(
      `  ${d.name} daemon stopped with SIGTERM (${code === null ? 'NOT a graceful stop' : `exit ${code}, graceful`})`,
    );
  }
  target.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
