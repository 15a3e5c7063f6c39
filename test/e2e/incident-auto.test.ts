import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio.js';
import { killWatchDaemons, startWatchDaemon } from '../helpers/watch-daemon.js';
import { eventually, post, startDaemon } from '../helpers/watch-inprocess.js';
import type { SlaReport } from '../../src/incident/report/types.js';
import type { StatusModel } from '../../src/incident/status/model.js';

// Automatic incidents through the built daemon (npm run build first): a local HTTP server a check
// probes stops answering → incident opened, the call and the text name it → `soloops ack` →
// identified → the server answers again → monitoring → resolved after incident.resolve_after (1 s
// here) → the SLA report and the status page show the down spell and the incident. Real time (a
// child process has no test clock): every step is waited for by polling the store or the CLI
// with a generous deadline, never by a fixed sleep. Then, in-process: a wake's own incident, a
// failed incident write that must not stop the call, and incident.auto false.

let sandbox: Sandbox | undefined;
let twilio: FakeTwilio | undefined;
let target: http.Server | undefined;
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await killWatchDaemons();
  await twilio?.close();
  if (target?.listening) await new Promise((resolve) => target!.close(resolve));
  sandbox?.cleanup();
});

/** The service the check watches: answers 200 on /health; closed, it refuses connections. */
async function listen(server: http.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
const healthServer = () =>
  http.createServer((_request, response) => {
    response.setHeader('connection', 'close');
    response.end('ok');
  });

interface Row {
  id: string;
  status: string;
  reporter: string;
  detection: string;
  services: string;
}

describe('automatic incidents', () => {
  it('check down → incident, call names it → ack → identified → back → monitoring → resolved', async () => {
    sandbox = makeSandbox();
    twilio = await startFakeTwilio();
    target = healthServer();
    const port = await listen(target);
    Object.assign(sandbox.env, {
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      SOLOOPS_TWILIO_API_URL: twilio.url,
    });
    fs.writeFileSync(
      path.join(sandbox.dir, 'soloops.yaml'),
      [
        'watch: {port: 0, group_wait: 1ms}',
        'checks:',
        `  - {name: api-health, url: "http://127.0.0.1:${port}/health", service: api, severity: critical,`,
        '     interval: 500ms, retryInterval: 100ms, timeout: 1s, failureThreshold: 3, successThreshold: 2}',
        'services: [{id: api, name: API, checks: [api-health]}]',
        'incident: {resolve_after: 1s}',
        'wake: {calls: 1, call_interval: 1s, sms: true, ' +
          'twilio: {account_sid: {env: TWILIO_ACCOUNT_SID}, auth_token: {env: TWILIO_AUTH_TOKEN}, ' +
          'from: "+15005550006", to: "+821012345678"}}',
      ].join('\n'),
    );
    const daemon = await startWatchDaemon(sandbox);
    const db = () => new Database(path.join(sandbox!.home, 'soloops.db'), { readonly: true });
    const incidents = (): Row[] => {
      const handle = db();
      try {
        return handle.prepare('SELECT * FROM incidents ORDER BY id').all() as Row[];
      } finally {
        handle.close();
      }
    };
    const statusIs = (status: string) => eventually(() => incidents()[0]?.status === status, 60_000);
    const okProbes = () => {
      const handle = db();
      try {
        return (handle.prepare('SELECT count(*) AS n FROM check_results WHERE ok = 1').get() as { n: number }).n;
      } finally {
        handle.close();
      }
    };
    // Up first (two successes), so the outage is a transition.
    await eventually(() => okProbes() >= 2, 30_000);

    const closedAt = Date.now();
    await new Promise((resolve) => target!.close(resolve));
    const call = await twilio.nextCall();
    const [opened] = incidents();
    expect(opened).toMatchObject({
      id: expect.stringMatching(/^inc-\d{4}-001$/),
      status: 'investigating',
      reporter: 'soloops watch',
      detection: '3 checks in a row failed (connection refused)',
      services: '["api"]',
    });
    const id = opened!.id;
    expect(String(call.fields.Twiml)).toContain(`api: api-health is down (${id})`);
    const sms = await twilio.nextMessage();
    expect(String(sms.fields.Body)).toContain(`CRITICAL api: api-health is down (${id}) (1 alert since`);

    const acked = await runCli(['ack', '1'], { sandbox });
    expect(acked.exitCode, acked.stderr).toBe(0);
    await statusIs('identified');
    // The daemon's own API and live page show it while it is open (public reads).
    const live = await eventually(async () => {
      const body = (await (await fetch(`${daemon.url}/api/system-status`)).json()) as { status: string };
      return body.status === 'major_outage' ? body : null;
    }, 30_000);
    expect(live).toMatchObject({ activeIncidents: 1 });
    const listed = (await (await fetch(`${daemon.url}/api/incidents`)).json()) as { incidents: Array<{ id: string }> };
    expect(listed.incidents.map((i) => i.id)).toEqual([id]);
    const page = await fetch(`${daemon.url}/status`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('Major Outage');

    await listen(target, port);
    const reopenedAt = Date.now();
    await statusIs('resolved');
    const resolvedSeenAt = Date.now();
    expect(incidents()).toHaveLength(1);

    const shown = await runCli(['--json', 'incident', 'show', id], { sandbox });
    expect(shown.exitCode, shown.stderr).toBe(0);
    const incident = JSON.parse(shown.stdout) as { timeline: Array<{ status: string; author: string; note: string }> };
    // Opened by the check, joined by the wake for its alert group, then the flow.
    expect(incident.timeline.map((u) => u.status)).toEqual([
      'investigating',
      'investigating',
      'identified',
      'monitoring',
      'resolved',
    ]);
    expect(incident.timeline.every((u) => u.author === 'soloops watch')).toBe(true);
    expect(incident.timeline[1]?.note).toBe('Woke the person for alert group #1 (api: api-health is down).');
    expect(incident.timeline[2]?.note).toBe('Acknowledged with soloops ack: alert group #1 (api: api-health is down).');
    expect(incident.timeline[4]?.note).toBe('Healthy for 1s: resolved by soloops watch.');
    expect(twilio.calls).toHaveLength(1);

    // The SLA report: one down spell, from a failing probe after the server closed to the first
    // good probe after it came back; the downtime is that spell, to the minute; the incident is listed.
    const hour = 3_600_000;
    const reported = await runCli(
      [
        '--json',
        'incident',
        'report',
        '--from',
        new Date(closedAt - hour).toISOString(),
        '--to',
        new Date(resolvedSeenAt + hour).toISOString(),
      ],
      { sandbox },
    );
    expect(reported.exitCode, reported.stderr).toBe(0);
    const api = (JSON.parse(reported.stdout) as SlaReport).services.find((s) => s.id === 'api')!;
    const [spell] = api.availability.downSpells;
    expect(api.availability.downSpells).toHaveLength(1);
    expect(Date.parse(spell!.from)).toBeGreaterThanOrEqual(closedAt - 1_000);
    expect(Date.parse(spell!.from)).toBeLessThan(reopenedAt);
    expect(Date.parse(spell!.to)).toBeGreaterThanOrEqual(reopenedAt - 1_000);
    expect(Date.parse(spell!.to)).toBeLessThanOrEqual(resolvedSeenAt);
    const spellMs = Date.parse(spell!.to) - Date.parse(spell!.from);
    expect(api.availability.downtimeMs).toBe(spellMs);
    expect(api.availability.downtimeMinutes).toBe(Math.round(spellMs / 60_000));
    expect(api.availability.errorTypes).toMatchObject({ connection: expect.any(Number) });
    expect(api.incidents).toMatchObject({ total: 1, byPriority: { P1: 1 } });
    expect(api.incidents.list[0]).toMatchObject({ id, reporter: 'soloops watch', status: 'resolved' });

    // The status page: today's bar counts the failed probes and names the incident; it is in the past list.
    const out = path.join(sandbox.dir, 'site');
    const built = await runCli(['status', 'build', '--out', out], { sandbox });
    expect(built.exitCode, built.stderr).toBe(0);
    const model = JSON.parse(fs.readFileSync(path.join(out, 'status.json'), 'utf8')) as StatusModel;
    const service = model.services.find((s) => s.id === 'api')!;
    expect(service.state).toBe('operational');
    const today = service.days.at(-1)!;
    expect(today.uptime).toBeLessThan(100);
    expect(today.incidents.map((i) => i.id)).toContain(id);
    expect(model.active).toEqual([]);
    expect(model.past.flatMap((d) => d.incidents).map((i) => [i.id, i.status, i.updates.length])).toContainEqual([
      id,
      'resolved',
      5,
    ]);
  }, 120_000);

  // In-process: the daemon on this test's store, Twilio faked.
  async function inProcess(extra: string) {
    twilio = await startFakeTwilio();
    const config = [
      'triage: {rules: [{name: pay, match: {service: payments}, severity: critical}]}',
      'wake: {calls: 1, sms: false, twilio: {account_sid: {env: TWILIO_ACCOUNT_SID}, ' +
        'auth_token: {env: TWILIO_AUTH_TOKEN}, from: "+15005550006", to: "+821012345678"}}',
      extra,
    ].join('\n');
    const env = {
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      SOLOOPS_TWILIO_API_URL: twilio.url,
    };
    const d = await startDaemon(config, { env });
    stops.push(() => d.stop());
    expect((await post(`${d.url}/v1/alerts/generic`, { title: 'checkout fails', service: 'payments' })).status).toBe(
      202,
    );
    return d;
  }

  it('a wake opens its incident and names it; a failed incident write is logged, the call goes out', async () => {
    const d = await inProcess('');
    const call = await twilio!.nextCall();
    expect(d.query('SELECT id, title, detection, services FROM incidents')).toEqual([
      {
        id: expect.stringMatching(/^inc-\d{4}-001$/),
        title: 'payments: checkout fails',
        detection: 'checkout fails',
        services: '["payments"]',
      },
    ]);
    const id = d.query<{ id: string }>('SELECT id FROM incidents')[0]?.id;
    expect(String(call.fields.Twiml)).toContain(`payments: checkout fails (${id})`);

    // The store refuses incident rows from now on: the next wake still calls, without an incident.
    const db = new Database(path.join(d.home, 'soloops.db'));
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON incident_links BEGIN SELECT RAISE(FAIL, 'disk says no'); END");
    db.close();
    await d.tick();
    expect((await post(`${d.url}/v1/alerts/generic`, { title: 'refunds fail', service: 'payments' })).status).toBe(202);
    const second = await twilio!.nextCall();
    expect(String(second.fields.Twiml)).toContain('payments: refunds fail');
    expect(String(second.fields.Twiml)).not.toContain('inc-');
    expect(d.logs().join('\n')).toMatch(/automatic incident: could not write; waking goes on/);
  });

  it('incident.auto false: the call goes out and no incident is opened', async () => {
    const d = await inProcess('incident: {auto: false}');
    const call = await twilio!.nextCall();
    expect(String(call.fields.Twiml)).toContain('payments: checkout fails');
    expect(String(call.fields.Twiml)).not.toContain('inc-');
    await d.tick();
    expect(d.query('SELECT id FROM incidents')).toEqual([]);
  });
});
