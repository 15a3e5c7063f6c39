import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { freePort } from '../helpers/postgres.js';
import { eventually } from '../helpers/watch-inprocess.js';

// `soloops watch` through the built CLI, as a person or systemd runs it.

const sandboxes: Sandbox[] = [];
afterEach(() => {
  for (const s of sandboxes.splice(0)) s.cleanup();
});
function sandbox(config?: string): Sandbox {
  const s = makeSandbox();
  sandboxes.push(s);
  if (config !== undefined) fs.writeFileSync(path.join(s.dir, 'soloops.yaml'), config);
  return s;
}

describe('soloops watch (built CLI)', () => {
  it('refuses non-loopback hosts without webhook auth (exit 2, says what to do); --insecure allows it', async () => {
    const s = sandbox('');
    const refused = await runCli(['watch', '--host', '0.0.0.0', '--port', '0'], { sandbox: s });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/refusing to listen on 0\.0\.0\.0/);
    expect(refused.stderr).toMatch(/watch\.auth\.default\.token|--insecure/);

    const port = await freePort();
    const child = runCli(['watch', '--host', '0.0.0.0', '--port', String(port), '--insecure'], { sandbox: s });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually(() => stderr.includes('listening on'));
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    const result = await child;
    // A signal stop is a clean stop: requests finished, store closed, exit 130 (systemd: SuccessExitStatus=130).
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('"msg":"stopped"');
  });

  it('a missing webhook secret stops it at start, naming the key and the variable', async () => {
    const s = sandbox('watch:\n  auth:\n    default: {token: {env: SOLOOPS_WEBHOOK_TOKEN}}\n');
    const result = await runCli(['watch', '--port', '0'], { sandbox: s });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/watch\.auth\.default\.token: environment variable SOLOOPS_WEBHOOK_TOKEN is not set/);
  });

  it('--once probes every check, stores the results, routes a down check at once, and exits', async () => {
    const closed = await freePort();
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const open = (server.address() as net.AddressInfo).port;
    try {
      const s = sandbox(
        'checks:\n' +
          `  - {name: db, url: "tcp://127.0.0.1:${closed}", service: db, severity: critical, failureThreshold: 1}\n` +
          `  - {name: cache, url: "tcp://127.0.0.1:${open}", service: cache}\n`,
      );
      const result = await runCli(['--json', 'watch', '--once'], { sandbox: s });
      expect(result.exitCode).toBe(0);
      const { checks } = JSON.parse(result.stdout) as { checks: Array<{ check: string; ok: boolean; error?: string }> };
      expect(checks.map((c) => [c.check, c.ok])).toEqual([
        ['db', false],
        ['cache', true],
      ]);
      const status = await runCli(['--json', 'watch', 'status'], { sandbox: s });
      const parsed = JSON.parse(status.stdout) as {
        daemon: { running: boolean };
        groups: Array<{ title: string; severity: string }>;
        checks: Array<{ check: string; ok: boolean }>;
      };
      expect(parsed.daemon.running).toBe(false);
      expect(parsed.groups.map((g) => [g.title, g.severity])).toEqual([['db is down', 'critical']]);
      expect(parsed.checks.map((c) => [c.check, c.ok])).toEqual([
        ['cache', true],
        ['db', false],
      ]);
      expect(result.stderr).toContain('WAKE: db: db is down, but no wake channel is configured');
    } finally {
      server.close();
    }
  });

  it('silence add / list / expire', async () => {
    const s = sandbox('');
    const added = await runCli(
      [
        '--json',
        'watch',
        'silence',
        'add',
        '--match',
        'service=api',
        '--match',
        'labels.env=prod',
        '--for',
        '2h',
        '--comment',
        'deploy',
      ],
      { sandbox: s },
    );
    expect(added.exitCode).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 1, matchers: { service: 'api', 'labels.env': 'prod' } });
    const listed = await runCli(['watch', 'silence', 'list'], { sandbox: s });
    expect(listed.stdout).toMatch(/#1 {2}until .* service=api labels\.env=prod {2}— deploy/);
    expect((await runCli(['watch', 'silence', 'expire', '1'], { sandbox: s })).exitCode).toBe(0);
    expect((await runCli(['watch', 'silence', 'list'], { sandbox: s })).stdout).toContain('no active silences');
    const bad = await runCli(['watch', 'silence', 'add', '--match', 'colour=red', '--for', '2h'], { sandbox: s });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/bad --match "colour=red"/);
  });

  it('install-systemd renders a hardened unit, writes a user unit once, and prints the enable line', async () => {
    const s = sandbox('');
    const printed = await runCli(['watch', 'install-systemd', '--print'], { sandbox: s });
    expect(printed.exitCode).toBe(0);
    for (const line of [
      'Restart=on-failure',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'PrivateTmp=yes',
      `ReadWritePaths=${s.home}`,
      'ExecReload=/bin/kill -HUP $MAINPID',
    ]) {
      expect(printed.stdout).toContain(line);
    }
    expect(printed.stdout).toMatch(/^ProtectHome=(yes|read-only)$/m);
    const installed = await runCli(['watch', 'install-systemd', '--user'], { sandbox: s });
    expect(installed.exitCode).toBe(0);
    const unitPath = path.join(s.env.XDG_CONFIG_HOME!, 'systemd/user/soloops-watch.service');
    expect(fs.readFileSync(unitPath, 'utf8')).toContain('WantedBy=default.target');
    expect(installed.stdout).toContain('systemctl --user daemon-reload && systemctl --user enable --now soloops-watch');
    const again = await runCli(['watch', 'install-systemd', '--user'], { sandbox: s });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});
