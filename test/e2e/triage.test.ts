import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

const alertmanagerGroup = {
  version: '4',
  groupKey: '{}:{alertname="PostgresDown"}',
  status: 'firing',
  receiver: 'soloops',
  groupLabels: { alertname: 'PostgresDown' },
  commonLabels: { alertname: 'PostgresDown', severity: 'critical', job: 'postgres' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'PostgresDown', severity: 'critical', instance: 'db-1:9187', job: 'postgres' },
      annotations: { summary: 'PostgreSQL is down on db-1' },
      startsAt: '2026-11-22T03:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prom/graph',
      fingerprint: 'a1b2c3d4e5f60718',
    },
    {
      status: 'resolved',
      labels: { alertname: 'PostgresDown', severity: 'critical', instance: 'db-2:9187', job: 'postgres' },
      annotations: { summary: 'PostgreSQL is down on db-2' },
      startsAt: '2026-11-22T02:00:00Z',
      endsAt: '2026-11-22T02:30:00Z',
      generatorURL: 'http://prom/graph',
      fingerprint: 'b1b2c3d4e5f60718',
    },
  ],
};

describe('soloops triage', () => {
  it('classifies mixed JSON, NDJSON and text lines, one JSON object per alert in input order', async () => {
    const input = [
      JSON.stringify({
        title: 'Checkout API returns 503 for all users',
        message: 'payments service down',
        service: 'payments',
      }),
      'Nov 22 03:04:05 web1 CRON[2211]: (root) CMD (run-parts /etc/cron.hourly)',
      JSON.stringify(alertmanagerGroup),
    ].join('\n');
    const result = await runCli(['--json', 'triage', '--no-store'], { sandbox, input });
    expect(result.exitCode, result.stderr).toBe(0);
    const out = lines(result.stdout);
    expect(out.map((r) => r.source)).toEqual(['generic', 'text', 'alertmanager', 'alertmanager']);
    for (const r of out) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          'id',
          'source',
          'service',
          'title',
          'status',
          'severity',
          'confidence',
          'classifier',
          'reason',
          'fingerprint',
        ]),
      );
      expect(['critical', 'warning', 'info']).toContain(r.severity);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
    expect(out[0].severity).toBe('critical');
    expect(out[2]).toMatchObject({ severity: 'critical', status: 'firing' });
    expect(out[3]).toMatchObject({ severity: 'info', status: 'resolved', classifier: 'status' });
    expect(fs.existsSync(path.join(sandbox.home, 'soloops.db'))).toBe(false);
  });

  it('reports a malformed line with its number, goes on, and exits 1', async () => {
    const input = [
      '{"title":"disk almost full","message":"92% used on /"}',
      '{"title": "broken',
      '{"title":"backup finished","status":"resolved"}',
    ].join('\n');
    const result = await runCli(['--json', 'triage', '--no-store'], { sandbox, input });
    expect(result.exitCode).toBe(1);
    expect(lines(result.stdout)).toHaveLength(2);
    expect(result.stderr).toMatch(/stdin:2: skipped: invalid JSON/);
  });

  it('--fail-on critical exits 3 only when a critical alert was seen', async () => {
    const critical = await runCli(['triage', '--no-store', '--fail-on', 'critical'], {
      sandbox,
      input: JSON.stringify(alertmanagerGroup),
    });
    expect(critical.exitCode).toBe(3);
    const calm = await runCli(['triage', '--no-store', '--fail-on', 'critical'], {
      sandbox,
      input: '{"title":"nightly backup succeeded","status":"resolved"}',
    });
    expect(calm.exitCode).toBe(0);
  });

  it('applies the person’s rules from the config before the model', async () => {
    fs.writeFileSync(
      path.join(sandbox.dir, 'soloops.yaml'),
      'triage:\n  rules:\n' +
        '    - name: cron-is-noise\n      match: { service: "CRON*" }\n      severity: info\n' +
        '    - name: payments-critical\n' +
        '      match: { service: payments, title: "/slow|down/i" }\n      severity: critical\n',
    );
    const input = ['{"title":"slow query","service":"payments"}', 'Nov 22 03:04:05 web1 cron[1]: job failed'].join(
      '\n',
    );
    const result = await runCli(['--json', 'triage', '--no-store'], { sandbox, input });
    const [payments, cron] = lines(result.stdout);
    expect(payments).toMatchObject({ severity: 'critical', classifier: 'rule', reason: 'rule payments-critical' });
    expect(cron).toMatchObject({ severity: 'info', classifier: 'rule' });
  });

  it("reads senders' words through triage.severity_map, and refuses an entry that is no severity", async () => {
    const config = path.join(sandbox.dir, 'soloops.yaml');
    fs.writeFileSync(config, 'triage:\n  severity_map:\n    "Sev2": info\n    "generic:purple": critical\n');
    const input = ['{"title":"queue lag","severity":"sev2"}', '{"title":"queue lag","severity":"purple"}'].join('\n');
    const mapped = await runCli(['--json', 'triage', '--no-store'], { sandbox, input });
    expect(mapped.exitCode, mapped.stderr).toBe(0);
    expect(lines(mapped.stdout)).toMatchObject([
      { severity: 'info', classifier: 'source', reason: 'source: severity=sev2' },
      { severity: 'critical', classifier: 'source', reason: expect.stringMatching(/^source: severity=purple/) },
    ]);

    fs.writeFileSync(config, 'triage:\n  severity_map:\n    sev2: urgent\n');
    const refused = await runCli(['--json', 'triage', '--no-store'], { sandbox, input });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/triage\.severity_map\.sev2: expected critical, warning or info/);
    expect(refused.stdout).toBe('');
  });

  it('streams: a result is written before the input ends', async () => {
    const child = runCli(['--json', 'triage', '--no-store'], { sandbox, stdinPipe: true });
    child.stdin!.write('{"title":"API down","message":"all requests fail"}\n');
    const first = await new Promise<string>((resolve) =>
      child.stdout!.once('data', (c: Buffer) => resolve(c.toString())),
    );
    expect(JSON.parse(first.trim()).title).toBe('API down');
    child.stdin!.end();
    expect((await child).exitCode).toBe(0);
  });

  it('prints one plain line per alert without --json and with --explain the deciding features', async () => {
    const result = await runCli(['triage', '--no-store', '--explain'], {
      sandbox,
      input: '{"title":"Database connection refused","service":"api"}',
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^(CRITICAL|WARNING|INFO)\s+generic\s+api · Database connection refused/);
    expect(result.stdout.split('\n').length).toBeGreaterThan(2);
    expect(result.stdout).not.toMatch(/\x1b\[/);
  });

  it('stores results, takes feedback, and the correction sticks in later runs', async () => {
    const alert = '{"title":"Queue consumer lag high","message":"lag 1200 messages","service":"worker"}';
    const first = await runCli(['--json', 'triage'], { sandbox, input: alert });
    expect(first.exitCode, first.stderr).toBe(0);
    const [verdict] = lines(first.stdout);
    const wanted = verdict.severity === 'critical' ? 'info' : 'critical';
    const feedback = await runCli(['triage', 'feedback', verdict.id.slice(0, 8), 'wrong', '--severity', wanted], {
      sandbox,
    });
    expect(feedback.exitCode, feedback.stderr).toBe(0);
    const again = await runCli(['--json', 'triage', '--no-store'], { sandbox, input: alert.replace('1200', '1350') });
    expect(lines(again.stdout)[0].severity).toBe(wanted);
  });

  it('stores a big run (via the insert worker) and finds any of its alerts by an 8-character id prefix', async () => {
    const input = Array.from({ length: 1_200 }, (_, i) =>
      JSON.stringify({ title: `disk ${i % 100}% full`, service: `host-${i}` }),
    ).join('\n');
    const run = await runCli(['--json', 'triage'], { sandbox, input });
    expect(run.exitCode, run.stderr).toBe(0);
    const ids = lines(run.stdout).map((r) => r.id as string);
    expect(ids).toHaveLength(1_200);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(1_200);
    for (const i of [0, 777, 1_199]) {
      const feedback = await runCli(['--json', 'triage', 'feedback', ids[i]!.slice(0, 8), 'correct'], { sandbox });
      expect(feedback.exitCode, feedback.stderr).toBe(0);
      expect(JSON.parse(feedback.stdout)).toMatchObject({ alertId: ids[i] });
    }
  });

  it('refuses feedback without a known id or a severity for "wrong"', async () => {
    expect((await runCli(['triage', 'feedback', 'deadbeef00', 'wrong'], { sandbox })).exitCode).toBe(2);
    const unknown = await runCli(['triage', 'feedback', 'deadbeef00', 'correct'], { sandbox });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/deadbeef00/);
  });

  it('scores labelled NDJSON with eval --json', async () => {
    const file = path.join(sandbox.dir, 'labelled.ndjson');
    fs.writeFileSync(
      file,
      [
        {
          expected: 'critical',
          alert: alertmanagerGroup.alerts[0] && { ...alertmanagerGroup, alerts: [alertmanagerGroup.alerts[0]] },
        },
        { expected: 'info', alert: { title: 'nightly backup succeeded', status: 'resolved' } },
        { expected: 'info', alert: 'Nov 22 03:04:05 web1 systemd[1]: Started Daily apt upgrade.' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const result = await runCli(['--json', 'triage', 'eval', file], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ n: 3, criticalRecall: 1 });
    expect(report.confusion.critical.critical).toBe(1);
    expect(report).toHaveProperty('nonCriticalKeptFromWaking');
    expect(report).toHaveProperty('accuracy');
    // The same figures for the alerts each layer decided.
    expect(report.byClassifier).toMatchObject({
      status: { n: 1 },
      source: { n: 1, criticalRecall: 1 },
      model: { n: 1, nonCriticalKeptFromWaking: 1 },
    });
    const text = await runCli(['triage', 'eval', file], { sandbox });
    expect(text.stdout).toMatch(/by the layer that decided:\n {2}status +1 /);
  });
});
