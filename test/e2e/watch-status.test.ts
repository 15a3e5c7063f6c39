import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { post, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// `soloops watch status` and `soloops watch` start-up, through the built CLI (npx tsup first).

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
function sandbox(): Sandbox {
  const s = makeSandbox();
  cleanups.push(() => s.cleanup());
  return s;
}
async function daemon(s: Sandbox, config: string, env: Record<string, string> = {}): Promise<InProcessDaemon> {
  const d = await startDaemon(config, { dir: s.dir, env: { ...s.env, ...env } });
  cleanups.push(() => (d.running() ? d.stop({ keep: true }) : undefined));
  return d;
}
const portOf = (d: InProcessDaemon) => Number(new URL(d.url).port);
const stateFile = (s: Sandbox) => path.join(s.home, 'watch.json');

interface StatusJson {
  daemon: {
    running: boolean;
    answered: boolean;
    port: number;
    foundBy: string;
    pid?: number;
    stale?: boolean;
    status?: string;
  };
  groups: Array<{ id: number; lastSeen: string; wakeOutcome: string | null; wake: { steps: unknown[] } | null }>;
  timeZone: string;
}

const CRITICAL = 'triage: {rules: [{name: payments, match: {service: payments}, severity: critical}]}\n';

describe('soloops watch status', () => {
  it('finds the daemon on any port (state file), says the wake reached nobody, in the person’s zone', async () => {
    const s = sandbox();
    const token = 'tok-s3cret-4242';
    const config = `timezone: Asia/Seoul\n${CRITICAL}watch:\n  auth:\n    default: {token: {env: HOOK_TOKEN}}\n`;
    const d = await daemon(s, config, { HOOK_TOKEN: token });
    const sent = await post(
      `${d.url}/v1/alerts`,
      { title: 'checkout fails', service: 'payments' },
      { authorization: `Bearer ${token}` },
    );
    expect(sent.status).toBe(202);
    await d.tick();

    // The state file: where and who, never a secret.
    const text = fs.readFileSync(stateFile(s), 'utf8');
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['host', 'pid', 'port', 'startedAt']);
    expect(JSON.parse(text)).toMatchObject({ pid: process.pid, port: portOf(d), host: '127.0.0.1' });
    expect(text).not.toContain(token);

    const json = await runCli(['--json', 'watch', 'status'], { sandbox: s });
    expect(json.exitCode, json.stderr).toBe(0);
    const status = JSON.parse(json.stdout) as StatusJson;
    expect(status.daemon).toMatchObject({ running: true, port: portOf(d), foundBy: 'state file', pid: process.pid });
    expect(status.timeZone).toBe('Asia/Seoul');
    const [group] = status.groups;
    // No channel was configured when it woke: the ladder was stored with no step.
    expect(group).toMatchObject({ wakeOutcome: 'no-channel', wake: { steps: [] } });
    // --json keeps ISO UTC.
    expect(group!.lastSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const human = await runCli(['watch', 'status'], { sandbox: s });
    expect(human.stdout).toContain(`daemon: running on 127.0.0.1:${portOf(d)} (pid ${process.pid}, since `);
    expect(human.stdout).toContain('times: Asia/Seoul');
    expect(human.stdout).toMatch(
      /#\d+ critical +payments +checkout fails .*would have woken you \(no channel configured\)/,
    );
    expect(human.stdout).not.toMatch(/\bwoke you\b/);
    // The last-seen time on the person's clock (Seoul is UTC+9, no daylight saving), not UTC.
    const seoul = new Date(new Date(group!.lastSeen).getTime() + 9 * 3_600_000).toISOString().slice(0, 19);
    expect(human.stdout).toContain(`last ${seoul.replace('T', ' ')})`);
    expect(human.stdout).not.toContain(group!.lastSeen);

    // A clean stop removes the file; status then looks at watch.port, where nothing answers.
    await d.stop({ keep: true });
    expect(fs.existsSync(stateFile(s))).toBe(false);
  });

  it('--port overrides; a state file left by a process that is gone is reported stale, not probed', async () => {
    const s = sandbox();
    const d = await daemon(s, '');
    fs.rmSync(stateFile(s));
    const byFlag = await runCli(['--json', 'watch', 'status', '--port', String(portOf(d))], { sandbox: s });
    expect(JSON.parse(byFlag.stdout).daemon).toMatchObject({ running: true, foundBy: '--port', port: portOf(d) });

    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const startedAt = '2026-12-04T03:00:00.000Z';
    fs.writeFileSync(stateFile(s), JSON.stringify({ pid: gone, host: '127.0.0.1', port: portOf(d), startedAt }));
    const stale = await runCli(['--json', 'watch', 'status'], { sandbox: s });
    expect(JSON.parse(stale.stdout).daemon).toMatchObject({ running: false, stale: true, pid: gone });
    const human = await runCli(['watch', 'status'], { sandbox: s });
    expect(human.stdout).toMatch(
      new RegExp(
        `daemon: not running \\(it was started on 127\\.0\\.0\\.1:${portOf(d)}, ` +
          `since 2026-12-04 03:00:00 as pid ${gone}`,
      ),
    );
    const bad = await runCli(['watch', 'status', '--port', 'x'], { sandbox: s });
    expect(bad.exitCode).toBe(2);
  });

  it('a daemon that answers /healthz with a 503 is said to be running but degraded, not "not answering"', async () => {
    const s = sandbox();
    const health = http.createServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'degraded', reason: 'the pipeline is not draining' }));
    });
    await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => health.close(() => resolve())));
    const port = (health.address() as net.AddressInfo).port;
    const startedAt = new Date().toISOString();
    fs.mkdirSync(s.home, { recursive: true });
    fs.writeFileSync(stateFile(s), JSON.stringify({ pid: process.pid, host: '127.0.0.1', port, startedAt }));
    const json = JSON.parse((await runCli(['--json', 'watch', 'status'], { sandbox: s })).stdout) as StatusJson;
    expect(json.daemon).toMatchObject({ running: false, answered: true, status: 'degraded', port });
    const human = await runCli(['watch', 'status'], { sandbox: s });
    expect(human.stdout).toMatch(
      new RegExp(`daemon: answering on 127\\.0\\.0\\.1:${port} \\(pid \\d+, since .*\\) but degraded`),
    );
  });
});

describe('soloops watch start-up', () => {
  it('a port in use is exit 2 with a hint; with no wake channel it says nobody would be woken, and how', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => busy.close(() => resolve())));
    const port = String((busy.address() as net.AddressInfo).port);
    const s = sandbox();
    const result = await runCli(['watch', '--port', port], { sandbox: s });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`port ${port} is in use — is another soloops watch running? Use --port or stop it`);
    expect(result.stderr).not.toMatch(/bug in soloops/);
    expect(result.stderr).toMatch(/no wake channel is configured: a critical alert will wake nobody/);
    expect(result.stderr).toMatch(/"hint":"add wake\.twilio[^"]*wake\.fallbacks[^"]*soloops init/);

    fs.writeFileSync(
      path.join(s.dir, 'soloops.yaml'),
      'wake: {ntfy: {url: "http://127.0.0.1:1/topic"}, fallbacks: [ntfy]}\n',
    );
    const configured = await runCli(['watch', '--port', port], { sandbox: s });
    expect(configured.exitCode).toBe(2);
    expect(configured.stderr).not.toMatch(/no wake channel/);
  });
});
