import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli } from '../helpers/cli.js';
import { startSmtp, type FakeSmtp } from '../helpers/fake-smtp.js';
import { eventually, post, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// The morning digest of the 47-alert night: the daemon in-process (clock driven by the test)
// fills the store; the built CLI reads it, renders it and sends it to a real SMTP server.

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const NIGHT = { from: '2026-11-22T14:00:00Z', to: '2026-11-22T23:00:00Z' }; // 23:00–08:00 in Seoul
const DAY_MS = 86_400_000;

async function night(): Promise<{ d: InProcessDaemon; smtp: FakeSmtp }> {
  const smtp = await startSmtp();
  cleanups.push(() => smtp.close());
  const clock = { now: new Date(NIGHT.from) };
  const config = `
timezone: Asia/Seoul
triage:
  rules:
    - {name: payments, match: {service: payments}, severity: critical}
    - {name: rest, match: {title: "*"}, severity: warning}
wake:
  quiet_hours: {start: "23:00", end: "08:00"}
  email: {smtp_url: {env: SMTP_URL}, from: soloops@example.com, to: me@example.com}
  fallbacks: [email]
digest: {send: [email]}
`;
  const d = await startDaemon(config, { env: { SMTP_URL: smtp.url }, now: () => clock.now });
  cleanups.push(() => d.stop());
  const send = async (at: Date, body: object) => {
    clock.now = at;
    expect((await post(`${d.url}/v1/alerts/generic`, body)).status).toBe(202);
  };
  const cron = { title: 'nightly backup cron failed', message: 'pg_dump exited 1', service: 'cron' };
  // The backup job failed at 03:00 on each of the six nights before too.
  for (let back = 6; back >= 1; back--) await send(new Date(Date.parse('2026-11-22T18:00:00Z') - back * DAY_MS), cron);
  const start = Date.parse(NIGHT.from);
  for (let i = 0; i < 45; i++) {
    await send(new Date(start + (i + 1) * 10 * 60_000), {
      title: `queue lag ${i % 3 === 0 ? 'high' : 'rising'} on worker`,
      message: `lag ${400 + i * 10} ms`,
      service: ['worker', 'search', 'api'][i % 3],
    });
    if (i === 30)
      await send(new Date(start + 5 * 3600_000 + 10 * 60_000), {
        title: 'card payments failing',
        message: 'Stripe declines 97% of charges',
        service: 'payments',
      });
  }
  await send(new Date('2026-11-22T18:00:00Z'), cron);
  await eventually(() => d.query<{ n: number }>('SELECT count(*) AS n FROM alerts')[0]!.n === 53);
  // The payment failure woke the person: its ladder went to email (the only channel here).
  await eventually(() => smtp.messages.length === 1);
  const groupId = d.query<{ id: number }>("SELECT id FROM alert_groups WHERE service = 'payments'")[0]!.id;
  clock.now = new Date(start + 5 * 3600_000 + 14 * 60_000);
  expect((await post(`${d.url}/v1/ack/${groupId}`, '')).status).toBe(200);
  return { d, smtp };
}

describe('soloops digest', () => {
  it('the 47-alert night: what woke you first, the rest by service and type, cron marked, emailed once', async () => {
    const { d, smtp } = await night();
    const sandbox = makeSandbox();
    cleanups.push(async () => sandbox.cleanup());
    const env = { SOLOOPS_HOME: d.home, SOLOOPS_CONFIG: d.configFile, SMTP_URL: smtp.url };
    const window = ['--from', NIGHT.from, '--to', NIGHT.to];

    const json = await runCli(['--json', 'digest', ...window], { sandbox, env });
    expect(json.exitCode, json.stderr).toBe(0);
    const digest = JSON.parse(json.stdout);
    expect(digest.totals).toEqual({
      alerts: 47,
      groups: expect.any(Number),
      woke: 1,
      wouldHaveWoken: 0,
      wakeFailed: 0,
      waited: 46,
    });
    expect(digest.window.label).toBe('Sun 22 Nov, 23:00–08:00 (Mon 23 Nov) Asia/Seoul');
    expect(digest.services[0].service).toBe('payments');
    expect(digest.services[0].groups[0]).toMatchObject({
      title: 'card payments failing',
      severity: 'critical',
      woke: { ackedVia: 'http' },
    });
    expect(digest.services.map((s: { service: string }) => s.service).sort()).toEqual([
      'api',
      'cron',
      'payments',
      'search',
      'worker',
    ]);
    const cron = digest.services.find((s: { service: string }) => s.service === 'cron').groups[0];
    expect(cron.pattern).toMatchObject({ nights: 7, outOf: 7, reason: 'fired on 7 of the last 7 nights' });
    expect(cron.pattern.suggestion).toMatch(/^soloops triage feedback [0-9a-f]{8} wrong --severity info$/);

    const text = await runCli(['digest', ...window], { sandbox, env });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout.indexOf('card payments failing')).toBeLessThan(text.stdout.indexOf('queue lag'));
    expect(text.stdout).toContain(cron.pattern.suggestion);

    const sent = await runCli(['digest', '--send', 'email', ...window], { sandbox, env });
    expect(sent.exitCode, sent.stderr).toBe(0);
    await eventually(() => smtp.messages.length === 2);
    const mail = smtp.messages[1]!.raw;
    expect(mail).toMatch(
      new RegExp(
        /Subject: \[soloops\] Sun 22 Nov, 23:00–08:00 \(Mon 23 Nov\) Asia\/Seoul: /.source +
          /47 alerts, 1 woke\s+you|Subject: =\?UTF-8\?/.source,
      ),
    );
    expect(mail).toMatch(/multipart\/alternative/);
    expect(mail).toMatch(/Content-Type: text\/plain/);
    expect(mail).toMatch(/Content-Type: text\/html/);

    const again = await runCli(['digest', '--send', 'email', ...window], { sandbox, env });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/already sent/);
    expect(smtp.messages).toHaveLength(2);

    const show = await runCli(['digest', 'show', String(digest.services[0].groups[0].groupId)], { sandbox, env });
    expect(show.exitCode, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/Stripe declines 97% of charges/);
  });

  it('an empty night is still a digest', async () => {
    const sandbox = makeSandbox();
    cleanups.push(async () => sandbox.cleanup());
    const result = await runCli(['digest', '--since', '9h'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Quiet night: nothing fired/);
  });
});

describe('the daemon sends the digest at digest.at', () => {
  it('once past 08:00 on the person’s clock, once per window, across a restart', async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.close());
    const clock = { now: new Date('2026-11-22T23:00:30Z') }; // 08:00:30 in Seoul
    const config = `
timezone: Asia/Seoul
wake: {email: {smtp_url: {env: SMTP_URL}, from: soloops@example.com, to: me@example.com}}
digest: {at: "08:00", window: "23:00-08:00", send: [email]}
`;
    const first = await startDaemon(config, { env: { SMTP_URL: smtp.url }, now: () => clock.now });
    await eventually(() => smtp.messages.length === 1);
    expect(smtp.messages[0]!.raw).toMatch(/Quiet night: nothing fired/);
    // The SMTP server has the message a moment before the daemon records it as sent.
    const sent = () => first.query<{ status: string; window_from: string }>('SELECT status, window_from FROM digests');
    await eventually(() => sent()[0]?.status === 'sent');
    expect(sent()).toEqual([{ status: 'sent', window_from: '2026-11-22T14:00:00.000Z' }]);
    // A restart the same morning (the same data folder) sends nothing more.
    const dir = first.dir;
    await first.stop({ keep: true });
    const second = await startDaemon(config, { env: { SMTP_URL: smtp.url }, now: () => clock.now, dir });
    cleanups.push(() => second.stop());
    await eventually(() => second.logs().some((l) => l.includes('morning digest already stored for this window')));
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('the digest page on the daemon', () => {
  it('GET /v1/digests/:id serves the sent HTML to its signed link, and to nobody else', async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.close());
    const config = `
watch: {auth: {default: {token: {env: SOLOOPS_WEBHOOK_TOKEN}}}}
wake:
  public_url: "https://ops.example.com:9117"
  email: {smtp_url: {env: SMTP_URL}, from: soloops@example.com, to: me@example.com}
`;
    const env = { SMTP_URL: smtp.url, SOLOOPS_WEBHOOK_TOKEN: 'hunter2-webhook-token' };
    const d = await startDaemon(config, { env });
    cleanups.push(() => d.stop());
    const sandbox = makeSandbox();
    cleanups.push(async () => sandbox.cleanup());
    const sent = await runCli(['--json', 'digest', '--send', 'email', '--since', '1h'], {
      sandbox,
      env: { ...env, SOLOOPS_HOME: d.home, SOLOOPS_CONFIG: d.configFile },
    });
    expect(sent.exitCode, sent.stderr).toBe(0);
    const { link } = JSON.parse(sent.stdout) as { link: string };
    const url = new URL(link);
    expect(url.origin).toBe('https://ops.example.com:9117');
    expect(link).not.toContain('hunter2');
    const local = (search: string) => fetch(`${d.url}${url.pathname}${search}`);
    const page = await local(url.search);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/Quiet night: nothing fired/);
    expect((await local('')).status).toBe(401);
    expect((await local(`?sig=${'0'.repeat(64)}`)).status).toBe(401);
    expect(
      (await fetch(`${d.url}${url.pathname}`, { headers: { authorization: 'Bearer hunter2-webhook-token' } })).status,
    ).toBe(200);
    expect((await fetch(`${d.url}/v1/digests/999?token=hunter2-webhook-token`)).status).toBe(404);
  });
});
