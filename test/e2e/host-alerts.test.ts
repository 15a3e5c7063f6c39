import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { eventually, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// Host thresholds (snap.alerts) raised by the daemon's own sampler (watch.snap.interval) and by
// `soloops snap --interval`, into the same inbox webhooks use, on a real SQLite store.

const daemons: InProcessDaemon[] = [];
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop()));
  for (const sandbox of sandboxes.splice(0)) sandbox.cleanup();
});

const noDocker = path.join(os.tmpdir(), 'soloops-no-docker.sock');
/** Rules certain to fire on any machine: memory in use is above 0 %, CPU use above -1 %. */
const config = (memoryAbove: number) => `watch:
  snap: {interval: 1s}
snap:
  docker_socket: ${noDocker}
  alerts:
    - {name: memory-used, metric: memory, above: ${memoryAbove}, severity: warning}
    - {metric: cpu, above: -1, severity: critical}
`;

interface AlertRow {
  id: string;
  source: string;
  service: string;
  title: string;
  status: string;
  severity: string;
  classifier: string;
  labels: string;
  group_id: number | null;
}

describe('snap.alerts in the watch daemon (watch.snap.interval)', () => {
  it('records snapshots, raises each rule once at its severity, resolves when it no longer holds', async () => {
    const d = await startDaemon(config(0));
    daemons.push(d);
    const alerts = () => d.query<AlertRow>("SELECT * FROM alerts WHERE source = 'check' ORDER BY received_at");

    // Snapshots of this host appear in the store, one per interval.
    await eventually(() => d.query('SELECT id FROM snapshots').length >= 3);
    const rows = d.query<{ host: string; cpu_pct: number | null; mem_used_pct: number }>('SELECT * FROM snapshots');
    expect(rows[0]!.host).toBeTruthy();
    expect(rows[0]!.mem_used_pct).toBeGreaterThan(0);
    const host = rows[0]!.host;

    // Each rule fired once (not once per snapshot), was triaged at its configured severity, and grouped.
    await eventually(() => alerts().filter((a) => a.group_id !== null).length === 2);
    const fired = alerts();
    const byName = new Map(fired.map((a) => [JSON.parse(a.labels).alertname as string, a]));
    expect(byName.get('memory-used')).toMatchObject({
      service: host,
      status: 'firing',
      severity: 'warning',
      classifier: 'source',
      title: `memory above 0 % on ${host}`,
    });
    expect(JSON.parse(byName.get('memory-used')!.labels)).toEqual({ alertname: 'memory-used', host, metric: 'memory' });
    expect(byName.get('cpu>-1')).toMatchObject({ status: 'firing', severity: 'critical', classifier: 'source' });
    const seen = d.query('SELECT id FROM snapshots').length;
    await eventually(() => d.query('SELECT id FROM snapshots').length >= seen + 2);
    expect(
      d.query("SELECT id FROM alerts WHERE source = 'check'").length + d.query('SELECT id FROM inbox').length,
    ).toBe(2);

    // A reload that puts the threshold out of reach: the next sample resolves the memory alert,
    // in the group the firing one opened, and the group closes.
    fs.writeFileSync(d.configFile, config(1000));
    d.reload();
    const isResolved = (a: AlertRow) => a.status === 'resolved' && a.group_id !== null;
    await eventually(() => alerts().some(isResolved));
    const resolved = alerts().find(isResolved)!;
    expect(resolved).toMatchObject({ service: host, severity: 'info' });
    expect(resolved.group_id).toBe(byName.get('memory-used')!.group_id);
    await eventually(
      () =>
        d.query<{ state: string }>('SELECT state FROM alert_groups WHERE id = ?', resolved.group_id)[0]?.state ===
        'resolved',
    );
    expect(alerts().filter((a) => a.status === 'resolved')).toHaveLength(1); // the cpu rule still holds
  });
});

describe('snap.alerts in `soloops snap --interval`', () => {
  it('records every snapshot and puts the firing alert in the inbox the daemon drains', async () => {
    const sandbox = makeSandbox();
    sandboxes.push(sandbox);
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), config(0).replace('watch:\n  snap: {interval: 1s}\n', ''));
    const child = runCli(['--json', 'snap', '--interval', '1s'], { sandbox, cwd: sandbox.dir });
    const inbox = () => {
      const file = path.join(sandbox.home, 'soloops.db');
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const rows = db.prepare('SELECT alert FROM inbox').all() as Array<{ alert: string }>;
        const alerts = rows.map((row) => JSON.parse(row.alert) as { title: string; severityText: string });
        return { alerts, snapshots: db.prepare('SELECT id FROM snapshots').all().length };
      } finally {
        db.close();
      }
    };
    await eventually(() => inbox().alerts.length === 2 && inbox().snapshots >= 2);
    const { alerts } = inbox();
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(alerts.map((a) => a.severityText).sort()).toEqual(['critical', 'warning']);
    expect(result.stderr).toMatch(/firing: memory above 0 % on /);
  });
});
