import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli } from '../helpers/cli.js';
import { post, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// Issue 15: "once I say this kind of alert can wait, it waits from then on" — also for a daemon
// that was already running when the person said it. The correction is given through the built CLI
// on the daemon's own data folder; the daemon's clock is the test's.

let d: InProcessDaemon | undefined;
afterEach(async () => {
  await d?.stop();
  d = undefined;
});

interface Row {
  id: string;
  severity: string;
  classifier: string;
}

describe('a correction given while soloops watch runs', () => {
  it('decides the next alert of its type, without a restart', async () => {
    let clock = new Date('2026-11-30T03:00:00Z');
    d = await startDaemon('', { now: () => clock });
    const alert = { title: 'payments API down on web-1', service: 'payments' };
    const classified = async (): Promise<Row[]> => {
      await d!.tick();
      return d!.query<Row>('SELECT id, severity, classifier FROM alerts ORDER BY received_at, id');
    };

    expect((await post(`${d.url}/v1/alerts`, alert)).status).toBe(202);
    const [first] = await classified();
    expect(first).toMatchObject({ severity: 'critical', classifier: 'model' });

    const sandbox = makeSandbox();
    try {
      const env = { SOLOOPS_HOME: d.home, SOLOOPS_CONFIG: d.configFile };
      const feedback = await runCli(['triage', 'feedback', first!.id, 'wrong', '--severity', 'info'], { sandbox, env });
      expect(feedback.exitCode, feedback.stderr).toBe(0);
    } finally {
      sandbox.cleanup();
    }

    // Past the check interval, the same type on another host: the person's verdict decides.
    clock = new Date(clock.getTime() + 5_000);
    expect((await post(`${d.url}/v1/alerts`, { ...alert, title: 'payments API down on web-2' })).status).toBe(202);
    const rows = await classified();
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id !== first!.id)).toMatchObject({ severity: 'info', classifier: 'feedback' });
  });
});
