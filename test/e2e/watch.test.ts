import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { payloadPath } from '../helpers/payloads.js';
import { eventually, post, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// The watch daemon in-process, against real HTTP requests on loopback and a real SQLite store.

const daemons: InProcessDaemon[] = [];
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop()));
});
async function daemon(config = '', options: Parameters<typeof startDaemon>[1] = {}): Promise<InProcessDaemon> {
  const d = await startDaemon(config, options);
  daemons.push(d);
  return d;
}
const stored = (d: InProcessDaemon) =>
  d.query<{ n: number }>('SELECT (SELECT count(*) FROM alerts) + (SELECT count(*) FROM inbox) AS n')[0]!.n;

/** Real payloads of every source (test/fixtures/payloads where public ones exist, our own otherwise). */
const PUBLIC = [
  'alertmanager/prometheus-msteams/prom_post_request.json',
  'cloudwatch/aws-lambda-go/cloudwatch-alarm-sns-payload-single-metric.json',
  'datadog/relay-integrations/service_check-triggered-test.json',
  'cloudwatch/lita-aws-cloudwatch/sns-http-notification.json',
  'sentry/sentry-docs/issue-alert-event_alert.json',
  'sentry/sentry-docs/metric-alert-resolved.json',
  'sentry/sentry-docs/error-created.json',
  'cloudwatch/terraform-aws-notify-slack/events__guardduty_finding_high.json',
  'cloudwatch/terraform-aws-notify-slack/events__aws_health_event.json',
  'cloudwatch/terraform-aws-notify-slack/events__cloudwatch_alarm.json',
];
const OWN: Record<string, unknown> = {
  'uptime-kuma': {
    heartbeat: { status: 0, msg: 'timeout of 48000ms exceeded', time: '2026-11-22 03:00:00' },
    monitor: { id: 3, name: 'Checkout API', url: 'https://shop.example/api', type: 'http' },
    msg: '[Checkout API] [🔴 Down] timeout',
  },
  grafana: {
    receiver: 'soloops',
    status: 'firing',
    orgId: 1,
    version: '1',
    title: '[FIRING:1] HighLatency',
    state: 'alerting',
    message: 'p99 above 2s',
    groupLabels: { alertname: 'HighLatency' },
    commonLabels: { alertname: 'HighLatency' },
    commonAnnotations: {},
    externalURL: 'http://grafana:3000/',
    groupKey: '{}:{alertname="HighLatency"}',
    truncatedAlerts: 0,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'HighLatency', service: 'api' },
        annotations: { summary: 'p99 latency above 2s' },
        startsAt: '2026-11-22T03:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://grafana/x',
        fingerprint: 'a1b2c3d4e5f60718',
        silenceURL: '',
        dashboardURL: '',
        panelURL: '',
        values: { B: 2.3 },
      },
    ],
  },
  generic: { title: 'payments API down', message: 'all requests fail', service: 'payments' },
};

describe('soloops watch: webhooks in', () => {
  it('accepts and stores every source: 202 with ids only once committed, then triaged and grouped', async () => {
    const d = await daemon('watch: {group_wait: 1h}');
    const ids: string[] = [];
    for (const file of PUBLIC) {
      const { status, json } = await post(`${d.url}/v1/alerts`, fs.readFileSync(payloadPath(file)));
      expect(status, file).toBe(202);
      expect(json.ids.length, file).toBeGreaterThan(0);
      ids.push(...json.ids);
    }
    for (const [source, body] of Object.entries(OWN)) {
      const { status, json } = await post(`${d.url}/v1/alerts/${source}`, body);
      expect(status, source).toBe(202);
      ids.push(...json.ids);
    }
    const lines = await post(
      `${d.url}/v1/alerts/text`,
      'Nov 22 03:04:05 web-1 nginx[811]: connect() failed (111: Connection refused) while connecting to upstream\n',
      { 'content-type': 'text/plain' },
    );
    expect(lines.status).toBe(202);
    ids.push(...lines.json.ids);
    // Every acknowledged id is in the store at once (inbox or alerts), and the pipeline groups them all.
    expect(stored(d)).toBe(ids.length);
    await eventually(() => d.query('SELECT id FROM alerts WHERE group_id IS NOT NULL').length === ids.length);
    const sources = new Set(d.query<{ source: string }>('SELECT DISTINCT source FROM alerts').map((r) => r.source));
    expect([...sources].sort()).toEqual([
      'alertmanager',
      'cloudwatch',
      'datadog',
      'generic',
      'grafana',
      'sentry',
      'text',
      'uptime-kuma',
    ]);
  });

  it('refuses what it cannot trust or read, stores none of it, and keeps serving', async () => {
    const d = await daemon(
      'watch:\n  auth:\n    default: {token: {env: HOOK_TOKEN}}\n    sentry: {sentry_secret: {env: SENTRY_SECRET}}\n',
      { env: { HOOK_TOKEN: 's3cret-token', SENTRY_SECRET: 'sentry-client-secret' } },
    );
    const alert = OWN.generic;
    expect((await post(`${d.url}/v1/alerts`, alert)).status).toBe(401);
    expect((await post(`${d.url}/v1/alerts`, alert, { authorization: 'Bearer wrong' })).status).toBe(401);
    const sentryBody = JSON.stringify({
      action: 'triggered',
      data: { event: { title: 'TypeError: x is undefined', level: 'error', culprit: 'app.js' } },
    });
    expect(
      (await post(`${d.url}/v1/alerts/sentry`, sentryBody, { 'sentry-hook-signature': 'ab'.repeat(32) })).status,
    ).toBe(401);
    const garbage = await post(`${d.url}/v1/alerts?token=s3cret-token`, '{"title": "unterminated');
    expect(garbage).toMatchObject({ status: 400, json: { error: expect.stringContaining('invalid JSON') } });
    const huge = await post(
      `${d.url}/v1/alerts?token=s3cret-token`,
      JSON.stringify({ title: 'big', message: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect(huge.status).toBe(413);
    expect((await post(`${d.url}/v1/alerts/nonsense?token=s3cret-token`, alert)).status).toBe(404);
    expect(stored(d)).toBe(0);
    // The logs never carry the secrets.
    expect(d.logs().join('\n')).not.toMatch(/s3cret-token|sentry-client-secret/);

    expect((await post(`${d.url}/v1/alerts`, alert, { authorization: 'Bearer s3cret-token' })).status).toBe(202);
    expect((await post(`${d.url}/v1/alerts?token=s3cret-token`, alert)).status).toBe(202);
    const signature = createHmac('sha256', 'sentry-client-secret').update(sentryBody).digest('hex');
    expect((await post(`${d.url}/v1/alerts/sentry`, sentryBody, { 'sentry-hook-signature': signature })).status).toBe(
      202,
    );
    expect(stored(d)).toBe(3);
  });

  it('rate-limits each source on its own (429 with Retry-After)', async () => {
    const d = await daemon('watch: {rate_limit: {max: 2, window: 1h}}');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(`${d.url}/v1/alerts`, OWN.generic)).status);
    expect(statuses).toEqual([202, 202, 429]);
    expect((await post(`${d.url}/v1/alerts/uptime-kuma`, OWN['uptime-kuma'])).status).toBe(202);
    expect(stored(d)).toBe(3);
  });

  it('an alert storm is one group that wakes once; /metrics and /healthz report it', async () => {
    const d = await daemon('watch: {group_wait: 1s, rate_limit: {max: 100000, window: 1m}}');
    const burst = Array.from({ length: 500 }, () => OWN.generic);
    for (let i = 0; i < burst.length; i += 50) {
      const results = await Promise.all(burst.slice(i, i + 50).map((body) => post(`${d.url}/v1/alerts`, body)));
      expect(results.every((r) => r.status === 202)).toBe(true);
    }
    await eventually(
      () => d.query<{ n: number }>("SELECT count(*) AS n FROM routes WHERE target = 'wake'")[0]!.n === 1,
    );
    await eventually(() => d.query<{ n: number }>('SELECT alert_count AS n FROM alert_groups')[0]?.n === 500);
    expect(d.query('SELECT id FROM alert_groups')).toHaveLength(1);
    const metrics = await (await fetch(`${d.url}/metrics`)).text();
    expect(metrics).toMatch(/soloops_alerts_received_total\{source="generic"\} 500/);
    expect(metrics).toMatch(/soloops_triage_duration_seconds_count 500/);
    expect(await (await fetch(`${d.url}/healthz`)).json()).toMatchObject({ status: 'ok', openGroups: 1 });
    expect(d.logs().filter((l) => l.includes('WAKE'))).toHaveLength(1);
  });

  it('silences and maintenance windows keep a critical group out of waking; it goes to the digest', async () => {
    const now = Date.now();
    const d = await daemon(
      'watch:\n  group_wait: 1s\n  maintenance:\n' +
        `    - {name: db-upgrade, match: {service: db}, start: "${new Date(now - 60_000).toISOString()}", ` +
        `end: "${new Date(now + 3_600_000).toISOString()}"}\n`,
    );
    const { createAppContext } = await import('../../src/app/context.js');
    const store = await createAppContext({
      config: d.configFile,
      env: { SOLOOPS_HOME: d.home },
      cwd: d.dir,
    }).openStore();
    await store.silences.add(
      {
        matchers: { service: 'api' },
        startsAt: new Date(now - 1000),
        endsAt: new Date(now + 3_600_000),
        comment: 'deploy',
      },
      new Date(),
    );
    await store.close();
    for (const service of ['api', 'db', 'payments']) {
      expect(
        (
          await post(`${d.url}/v1/alerts`, {
            title: `${service} is down`,
            message: 'all requests fail',
            service,
            severity: 'critical',
          })
        ).status,
      ).toBe(202);
    }
    await eventually(() => d.query('SELECT id FROM routes').length === 3);
    const routes = d.query<{ service: string; target: string; reason: string }>(
      'SELECT g.service, r.target, r.reason FROM routes r JOIN alert_groups g ON g.id = r.group_id ORDER BY g.service',
    );
    expect(routes.map((r) => [r.service, r.target])).toEqual([
      ['api', 'digest'],
      ['db', 'digest'],
      ['payments', 'wake'],
    ]);
    expect(routes[0]!.reason).toContain('silenced by #1 (deploy)');
    expect(routes[1]!.reason).toContain('maintenance window db-upgrade');
  });
});

describe('soloops watch: stdin and health checks', () => {
  it('reads piped lines and NDJSON; a bad line is skipped; stdin ending does not stop the daemon', async () => {
    const d = await daemon('', { stdin: true });
    d.stdin!.write(
      'Nov 22 03:04:05 db-1 postgres[42]: FATAL: the database system is shutting down\n{"title": "broken\n',
    );
    d.stdin!.end(`${JSON.stringify(OWN.generic)}\n`);
    await eventually(() => d.logs().some((l) => l.includes('stdin ended')));
    expect(d.logs().some((l) => l.includes('stdin line skipped') && l.includes('"line":2'))).toBe(true);
    await eventually(() => d.query('SELECT id FROM alerts').length === 2);
    expect((await post(`${d.url}/v1/alerts`, OWN.generic)).status).toBe(202);
  });

  it('a target down for 3 checks then back yields one down and one resolved alert with the downtime', async () => {
    // Answers by request count, not by time: 2 up, 3 down, then up for good.
    let requests = 0;
    const target = http.createServer((_req, res) => {
      requests++;
      res.writeHead(requests >= 3 && requests <= 5 ? 503 : 200).end('ok');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const port = (target.address() as { port: number }).port;
    try {
      const d = await daemon(
        'watch: {group_wait: 1s}\nchecks:\n' +
          `  - {name: shop, url: "http://127.0.0.1:${port}/health", interval: 100ms, timeout: 2s, ` +
          'service: shop, severity: critical}\n',
      );
      await eventually(() => requests >= 10);
      await eventually(() => d.query("SELECT id FROM alerts WHERE source = 'check'").length >= 2);
      const alerts = d.query<{ title: string; status: string; labels: string; severity: string }>(
        "SELECT title, status, labels, severity FROM alerts WHERE source = 'check' ORDER BY received_at",
      );
      expect(alerts.map((a) => [a.title, a.status, a.severity])).toEqual([
        ['shop is down', 'firing', 'critical'],
        ['shop is up', 'resolved', 'info'],
      ]);
      expect(Number(JSON.parse(alerts[1]!.labels).downtime_ms)).toBeGreaterThan(0);
      expect(d.query<{ state: string }>('SELECT state FROM alert_groups')).toEqual([{ state: 'resolved' }]);
      const results = d.query<{ ok: number; error_type: string | null }>(
        "SELECT ok, error_type FROM check_results WHERE check_name = 'shop' ORDER BY id LIMIT 6",
      );
      expect(results.map((r) => r.ok)).toEqual([1, 1, 0, 0, 0, 1]);
      expect(results[2]!.error_type).toBe('http');
    } finally {
      target.close();
    }
  });

  it('SIGHUP reloads the config: a check added to the file starts running', async () => {
    let hits = 0;
    const target = http.createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    try {
      const d = await daemon('');
      const port = (target.address() as { port: number }).port;
      fs.writeFileSync(
        d.configFile,
        `checks:\n  - {name: added, url: "http://127.0.0.1:${port}/", interval: 100ms, service: web}\n`,
      );
      d.reload();
      await eventually(() => hits >= 2);
      expect(d.logs().some((l) => l.includes('configuration reloaded'))).toBe(true);
    } finally {
      target.close();
    }
  });
});
