import twilioSdk from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio.js';
import { startFakeWebhook } from '../helpers/fake-webhook.js';
import { startSmtp, type FakeSmtp } from '../helpers/fake-smtp.js';
import { eventually, post, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// Smart Wake end to end: the daemon in-process, the twilio SDK against a local fake of Twilio's
// REST API, a real SMTP server, a local Slack webhook; time driven by a clock the test moves
// (the daemon's ticker still runs every second, so each step shows up within about a second).
// "Nothing happened" is asserted after the daemon's own pass at the moved clock (tick), never after a wait.

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A local Slack incoming webhook: answers 200 "ok" and keeps the bodies. */
async function fakeSlack() {
  const hook = await startFakeWebhook();
  cleanups.push(() => hook.close());
  return {
    url: `${hook.base}/services/T0/B0/x`,
    get bodies(): unknown[] {
      return hook.received.map((r) => JSON.parse(r.body));
    },
  };
}

interface World {
  d: InProcessDaemon;
  twilio: FakeTwilio;
  smtp: FakeSmtp;
  slack: Awaited<ReturnType<typeof fakeSlack>>;
  clock: { now: Date };
}

/** The person in Seoul, quiet 23:00–08:00; Twilio, email and Slack configured. */
async function world(start: string, extra = ''): Promise<World> {
  const twilio = await startFakeTwilio();
  cleanups.push(() => twilio.close());
  const smtp = await startSmtp();
  cleanups.push(() => smtp.close());
  const slack = await fakeSlack();
  const clock = { now: new Date(start) };
  const config = `
timezone: Asia/Seoul
triage:
  rules:
    - {name: payments, match: {service: payments}, severity: critical}
    - {name: rest, match: {title: "*"}, severity: warning}
watch: {group_wait: 30s}
wake:
  public_url: http://127.0.0.1:1
  quiet_hours: {start: "23:00", end: "08:00"}
  retry_delay: 1ms
  twilio:
    account_sid: {env: TWILIO_ACCOUNT_SID}
    auth_token: {env: TWILIO_AUTH_TOKEN}
    from: "+15005550006"
    to: "+821012345678"
  email: {smtp_url: {env: SMTP_URL}, from: soloops@example.com, to: me@example.com}
  slack: {webhook_url: {env: SLACK_URL}}
  fallbacks: [email]
  warnings_to: slack
${extra}`;
  const env = {
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    SOLOOPS_TWILIO_API_URL: twilio.url,
    SMTP_URL: smtp.url,
    SLACK_URL: slack.url,
  };
  const d = await startDaemon(config, { env, now: () => clock.now });
  cleanups.push(() => d.stop());
  return { d, twilio, smtp, slack, clock };
}

/** X-Twilio-Signature as Twilio computes it (the SDK's own function), over the URL Twilio was given. */
const signTwilio = (authToken: string, url: string, params: Record<string, string>) =>
  twilioSdk.getExpectedTwilioSignature(authToken, url, params);
const minutesAfter = (w: World, start: Date, m: number) => (w.clock.now = new Date(start.getTime() + m * 60_000));
const groups = (d: InProcessDaemon) => d.query<{ n: number }>('SELECT count(*) AS n FROM alert_groups')[0]!.n;
const ladders = (d: InProcessDaemon) =>
  d.query<{ group_id: number; state: string }>('SELECT group_id, state FROM wake_ladders');
/** The daemon's own callback URL for an attempt, where the fake sends Twilio's signed callbacks. */
const callbackUrl = (
  d: InProcessDaemon,
  call: { fields: Record<string, string | string[]> },
  kind: 'gather' | 'status',
) => {
  const twiml = String(call.fields.Twiml ?? '');
  const attempt = /attempt=(\d+)/.exec(kind === 'gather' ? twiml : String(call.fields.StatusCallback))![1];
  return {
    signed: `http://127.0.0.1:1/v1/twilio/${kind}?attempt=${attempt}`,
    local: `${d.url}/v1/twilio/${kind}?attempt=${attempt}`,
  };
};

/** Sends a Twilio callback as Twilio would: signed over the public URL, delivered to the daemon. */
async function twilioCallback(
  w: World,
  call: Parameters<typeof callbackUrl>[1],
  kind: 'gather' | 'status',
  extra: Record<string, string>,
) {
  const { signed, local } = callbackUrl(w.d, call, kind);
  const params = w.twilio.callbackParams(call as never, extra);
  const signature = signTwilio(w.twilio.authToken, signed, params);
  const response = await fetch(local, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.text() };
}

describe('Smart Wake', () => {
  it('(a) the night: 47 alerts in quiet hours, one payment failure → one ladder, answered; nothing else', async () => {
    const start = new Date('2026-11-22T15:00:00Z'); // 00:00 in Seoul
    const w = await world(start.toISOString());
    const noise = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        minutesAfter(w, start, i * 10);
        expect(
          (
            await post(`${w.d.url}/v1/alerts/generic`, {
              title: `queue lag ${i} on worker-${i % 3}`,
              message: 'lag',
              service: `worker-${i % 5}`,
            })
          ).status,
        ).toBe(202);
      }
    };
    await noise(0, 31);
    // Number 32 of the night, at 05:10 in Seoul; the clock stands still until it is answered.
    expect(
      (
        await post(`${w.d.url}/v1/alerts/generic`, {
          title: 'card payments failing',
          message: 'Stripe declines every charge',
          service: 'payments',
        })
      ).status,
    ).toBe(202);
    const call = await w.twilio.nextCall();
    expect(call.fields.To).toBe('+821012345678');
    expect(String(call.fields.Twiml)).toMatch(/card payments failing/);
    const pressed = await twilioCallback(w, call, 'gather', { Digits: '1' });
    expect(pressed.status).toBe(200);
    expect(pressed.body).toMatch(/Acknowledged/);
    await eventually(() => ladders(w.d)[0]?.state === 'acked');
    await noise(31, 46);
    // Past the whole ladder, to 07:50 in Seoul (still quiet): no second call, no SMS, no mail, no Slack.
    minutesAfter(w, start, 7 * 60 + 50);
    await eventually(() => w.d.query<{ n: number }>('SELECT count(*) AS n FROM alerts')[0]!.n === 47);
    await eventually(
      () => w.d.query<{ n: number }>("SELECT count(*) AS n FROM routes WHERE target = 'digest'")[0]!.n >= 1,
    );
    expect(ladders(w.d)).toHaveLength(1);
    expect(w.twilio.calls).toHaveLength(1);
    expect(w.twilio.messages).toHaveLength(0);
    expect(w.smtp.messages).toHaveLength(0);
    expect(w.slack.bodies).toHaveLength(0);
    const waiting = w.d.query<{ n: number }>("SELECT count(*) AS n FROM alerts WHERE severity != 'critical'")[0]!.n;
    expect(waiting).toBe(46);
  });

  it('(b) nobody answers: 4 calls 3 minutes apart, then 1 SMS, then the email, at the right times', async () => {
    const start = new Date('2026-11-22T15:00:00Z');
    const w = await world(start.toISOString());
    await post(`${w.d.url}/v1/alerts/generic`, {
      title: 'checkout returns 500',
      message: 'every order fails',
      service: 'payments',
    });
    const first = await w.twilio.nextCall();
    await twilioCallback(w, first, 'status', { CallStatus: 'no-answer', CallDuration: '0' });
    for (const m of [1, 2]) {
      minutesAfter(w, start, m);
      await w.d.tick();
      expect(w.twilio.calls).toHaveLength(1);
    }
    for (const m of [3, 6, 9]) {
      minutesAfter(w, start, m);
      const call = await w.twilio.nextCall();
      await twilioCallback(
        w,
        call,
        'status',
        m === 6
          ? { CallStatus: 'completed', AnsweredBy: 'machine_end_beep', CallDuration: '25' }
          : { CallStatus: 'busy', CallDuration: '0' },
      );
    }
    expect(w.twilio.messages).toHaveLength(0);
    minutesAfter(w, start, 12);
    const sms = await w.twilio.nextMessage();
    expect(String(sms.fields.Body)).toMatch(/CRITICAL payments: checkout returns 500.*ACK \d+/);
    await eventually(() => w.smtp.messages.length === 1);
    expect(w.smtp.messages[0]!.raw).toMatch(/Subject: \[soloops\] CRITICAL payments/);
    expect(w.twilio.calls).toHaveLength(4);
    const attempts = w.d.query<{ channel: string; outcome: string; cost_usd: number }>(
      'SELECT channel, outcome, cost_usd FROM notifications ORDER BY id',
    );
    expect(attempts.map((a) => `${a.channel}:${a.outcome}`)).toEqual([
      'call:no-answer',
      'call:busy',
      'call:machine',
      'call:busy',
      'sms:sent',
      'email:sent',
    ]);
    expect(attempts.find((a) => a.outcome === 'machine')?.cost_usd).toBe(0.014);
  });

  it('(d) Twilio answers 500 for everything: the email still arrives at once', async () => {
    const start = new Date('2026-11-22T15:00:00Z');
    const w = await world(start.toISOString());
    w.twilio.failWith(500);
    await post(`${w.d.url}/v1/alerts/generic`, {
      title: 'database unreachable',
      message: 'ECONNREFUSED',
      service: 'payments',
    });
    await eventually(() => w.smtp.messages.length === 1);
    // Every call and the SMS tried three times (two retries each), then the ladder moved on.
    expect(w.twilio.calls).toHaveLength(12);
    expect(w.twilio.messages).toHaveLength(3);
  });

  it('(e) 300 alerts of one outage → one ladder, one call; acknowledging by HTTP and soloops ack', async () => {
    const start = new Date('2026-11-22T15:00:00Z');
    const w = await world(start.toISOString());
    const body = Array.from({ length: 300 }, () =>
      JSON.stringify({ title: 'payments API down', message: 'timeout', service: 'payments' }),
    ).join('\n');
    expect((await post(`${w.d.url}/v1/alerts/generic`, body, { 'content-type': 'application/x-ndjson' })).status).toBe(
      202,
    );
    await w.twilio.nextCall();
    await eventually(() => w.d.query<{ n: number }>('SELECT alert_count AS n FROM alert_groups')[0]?.n === 300);
    expect(ladders(w.d)).toHaveLength(1);
    const groupId = ladders(w.d)[0]!.group_id;
    expect((await post(`${w.d.url}/v1/ack/${groupId + 100}`, '')).status).toBe(404);
    const acked = await post(`${w.d.url}/v1/ack/${groupId}`, '');
    expect(acked).toMatchObject({ status: 200, json: { acknowledged: groupId, ladder: 'acked' } });
    minutesAfter(w, start, 30);
    await w.d.tick();
    expect(w.twilio.calls).toHaveLength(1);
  });

  it('refuses a Twilio callback without a valid signature, and an SMS "ACK" from another phone', async () => {
    const w = await world('2026-11-22T15:00:00Z');
    await post(`${w.d.url}/v1/alerts/generic`, { title: 'payments down', message: 'x', service: 'payments' });
    const call = await w.twilio.nextCall();
    const { local } = callbackUrl(w.d, call, 'gather');
    const forged = await fetch(local, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' },
      body: 'Digits=1',
    });
    expect(forged.status).toBe(403);
    const smsUrl = 'http://127.0.0.1:1/v1/twilio/sms';
    const stranger = { From: '+15551234567', To: '+15005550006', Body: 'ACK' };
    const reply = await fetch(`${w.d.url}/v1/twilio/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilio(w.twilio.authToken, smsUrl, stranger),
      },
      body: new URLSearchParams(stranger).toString(),
    });
    expect(reply.status).toBe(200);
    expect(ladders(w.d)[0]!.state).toBe('ringing');
    const person = { ...stranger, From: '+821012345678' };
    const acked = await fetch(`${w.d.url}/v1/twilio/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilio(w.twilio.authToken, smsUrl, person),
      },
      body: new URLSearchParams(person).toString(),
    });
    expect(await acked.text()).toMatch(/<Message>Acknowledged alert group \d+/);
    expect(ladders(w.d)[0]!.state).toBe('acked');
  });

  it('by day a warning is pushed to Slack at once; in quiet hours it makes no sound', async () => {
    const day = new Date('2026-11-22T03:00:00Z'); // 12:00 in Seoul
    const w = await world(day.toISOString(), '');
    await post(`${w.d.url}/v1/alerts/generic`, { title: 'disk 85% full', message: '/var', service: 'web' });
    await eventually(() => groups(w.d) === 1); // grouped at the time it arrived
    minutesAfter(w, day, 1); // past group_wait
    await eventually(() => w.slack.bodies.length === 1);
    expect(JSON.stringify(w.slack.bodies[0])).toMatch(/disk 85% full/);
    minutesAfter(w, day, 12 * 60); // 00:00 in Seoul
    await post(`${w.d.url}/v1/alerts/generic`, { title: 'memory 90% on cache', message: 'x', service: 'cache' });
    await eventually(() => groups(w.d) === 2);
    minutesAfter(w, day, 12 * 60 + 1);
    await eventually(
      () => w.d.query<{ n: number }>("SELECT count(*) AS n FROM routes WHERE target = 'digest'")[0]!.n === 2,
    );
    expect(w.slack.bodies).toHaveLength(1);
    expect(w.twilio.calls).toHaveLength(0);
  });
});
