import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio.js';
import { killWatchDaemons, startWatchDaemon } from '../helpers/watch-daemon.js';
import { startDaemon } from '../helpers/watch-inprocess.js';

// (c) The built daemon is SIGKILLed between call 2 and call 3; after a restart call 3 happens
// once, on the schedule stored before the kill. Real time here (a child process has no test
// clock), so the ladder runs on a short interval: 4 s between calls.

const INTERVAL_MS = 4_000;
let sandbox: Sandbox;
let twilio: FakeTwilio;
beforeEach(async () => {
  sandbox = makeSandbox();
  twilio = await startFakeTwilio();
  Object.assign(sandbox.env, {
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    SOLOOPS_TWILIO_API_URL: twilio.url,
  });
  fs.writeFileSync(
    path.join(sandbox.dir, 'soloops.yaml'),
    [
      'watch: {port: 0}',
      'triage: {rules: [{name: payments, match: {service: payments}, severity: critical}]}',
      `wake: {calls: 3, call_interval: ${INTERVAL_MS}ms, sms: true, ` +
        'twilio: {account_sid: {env: TWILIO_ACCOUNT_SID}, auth_token: {env: TWILIO_AUTH_TOKEN}, ' +
        'from: "+15005550006", to: "+821012345678"}}',
    ].join('\n'),
  );
});
let stopInProcess: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stopInProcess?.();
  stopInProcess = null;
  await killWatchDaemons();
  await twilio.close();
  sandbox.cleanup();
});

describe('Smart Wake durability', () => {
  it('(c) SIGKILL between call 2 and call 3: after a restart call 3 comes once, on time, then the SMS', async () => {
    const daemon = await startWatchDaemon(sandbox);
    const accepted = await fetch(`${daemon.url}/v1/alerts/generic`, {
      method: 'POST',
      body: JSON.stringify({ title: 'checkout fails', message: 'all orders', service: 'payments' }),
    });
    expect(accepted.status).toBe(202);
    const first = await twilio.nextCall();
    const firstAt = Date.now();
    await twilio.nextCall();
    daemon.child.kill('SIGKILL');
    expect(await daemon.exited).toBe('SIGKILL');

    const restarted = await startWatchDaemon(sandbox);
    await twilio.nextCall();
    const thirdAt = Date.now();
    const sms = await twilio.nextMessage();
    expect(String(sms.fields.Body)).toMatch(/CRITICAL payments: checkout fails/);
    // On schedule: not before 2 intervals after the first call (the stored plan), and never twice.
    expect(thirdAt - firstAt).toBeGreaterThanOrEqual(2 * INTERVAL_MS - 500);
    expect(twilio.calls).toHaveLength(3);
    expect(twilio.messages).toHaveLength(1);
    expect(first.fields.To).toBe('+821012345678');

    const status = await runCli(['--json', 'watch', 'status'], {
      sandbox,
      env: { SOLOOPS_CONFIG: path.join(sandbox.dir, 'soloops.yaml') },
    });
    expect(status.exitCode, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as {
      spend: { calls: number; sms: number; costUsd: number };
      groups: Array<{ wake: { state: string } | null }>;
    };
    expect(report.spend).toMatchObject({ calls: 3, sms: 1 });
    // An unknown call is priced at zero (its provider answer was lost with the process), the rest at list price.
    expect(report.spend.costUsd).toBeGreaterThanOrEqual(2 * 0.014 + 0.0083 - 1e-9);
    expect(report.groups[0]?.wake?.state).toBe('exhausted');
    restarted.child.kill('SIGTERM');
    await restarted.exited;
    const db = new Database(path.join(sandbox.home, 'soloops.db'), { readonly: true });
    const rows = db.prepare('SELECT channel, step, outcome FROM notifications ORDER BY id').all();
    db.close();
    // Call 2 reached Twilio; whether its answer was recorded before the kill is a matter of
    // microseconds. Either way it was not made again.
    expect(rows).toEqual([
      { channel: 'call', step: 0, outcome: 'sent' },
      { channel: 'call', step: 1, outcome: expect.stringMatching(/^(sent|unknown)$/) },
      { channel: 'call', step: 2, outcome: 'sent' },
      { channel: 'sms', step: 3, outcome: 'sent' },
    ]);
  });
});

describe('soloops ack', () => {
  it('acknowledges a group by number; an unknown number is exit 2 with what to do', async () => {
    // The daemon in-process on a clock the test moves, so "no second call" is a pass past the interval, not a wait.
    const clock = { now: new Date() };
    const config = fs.readFileSync(path.join(sandbox.dir, 'soloops.yaml'), 'utf8');
    const daemon = await startDaemon(config, { dir: sandbox.dir, env: sandbox.env, now: () => clock.now });
    stopInProcess = () => daemon.stop({ keep: true });
    await fetch(`${daemon.url}/v1/alerts/generic`, {
      method: 'POST',
      body: JSON.stringify({ title: 'checkout fails', message: 'x', service: 'payments' }),
    });
    await twilio.nextCall();
    const unknown = await runCli(['ack', '999'], { sandbox });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no alert group #999[\s\S]*soloops watch status/);
    const acked = await runCli(['--json', 'ack', '1'], { sandbox });
    expect(acked.exitCode, acked.stderr).toBe(0);
    expect(JSON.parse(acked.stdout)).toMatchObject({
      id: 1,
      changed: true,
      ladder: { state: 'acked', ackedVia: 'cli' },
    });
    // The daemon sees it in the store: no second call even at a pass well after the interval.
    clock.now = new Date(clock.now.getTime() + 10 * INTERVAL_MS);
    await daemon.tick();
    expect(twilio.calls).toHaveLength(1);
  });
});

describe('soloops watch test-wake', () => {
  it('sends a test through every configured channel, records it, and prints the worst case per incident', async () => {
    const result = await runCli(['--json', 'watch', 'test-wake'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      steps: Array<{ channel: string; afterSeconds: number }>;
      results: Array<{ channel: string; ok: boolean }>;
      worstCaseUsd: number;
    };
    expect(report.steps.map((s) => `${s.channel}+${s.afterSeconds}`)).toEqual(['call+0', 'call+4', 'call+8', 'sms+12']);
    expect(report.results).toEqual([
      { channel: 'call', ok: true },
      { channel: 'sms', ok: true },
    ]);
    expect(report.worstCaseUsd).toBeCloseTo(3 * 0.014 + 0.0083, 6);
    expect(String(twilio.messages[0]?.fields.Body)).toMatch(/test/);
    expect(twilio.calls).toHaveLength(1);
    expect(result.stderr).not.toContain(twilio.authToken);
  });

  it('says which channel failed and exits 1', async () => {
    twilio.failWith(401);
    const result = await runCli(['watch', 'test-wake'], { sandbox });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/FAILED call/);
    expect(result.stderr).toMatch(/call, sms could not deliver the test/);
    expect(result.stderr + result.stdout).not.toContain(twilio.authToken);
  });
});
