import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { binPath, makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { TerminalSession, terminalTestsCanRun } from '../helpers/tmux.js';
import { eventually, post, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// `soloops digest --interactive`: the daemon in-process groups a few alerts into the store; the
// built CLI browses them on a real terminal (tmux) and records a verdict as triage feedback.

const hasTmux = terminalTestsCanRun('digest --interactive');

// Generous bounds that only guard against a hang; nothing here asserts on speed.
const LIMIT_MS = 45_000;
const STACK_TRACE = /^\s+at \S|\bError\b/m;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function sandboxed(): Sandbox {
  const sandbox = makeSandbox();
  cleanups.push(() => sandbox.cleanup());
  return sandbox;
}

/** A daemon whose store holds 3 alerts in 2 groups: api (2 alerts, the noisiest, listed first) and db. */
async function threeAlerts(): Promise<InProcessDaemon> {
  const d = await startDaemon('triage:\n  rules:\n    - {name: all, match: {title: "*"}, severity: warning}\n');
  cleanups.push(() => d.stop());
  const alerts = [
    { title: 'queue lag high', message: 'lag 900 ms', service: 'api' },
    { title: 'queue lag high', message: 'lag 1200 ms', service: 'api' },
    { title: 'disk 80% full', message: '/var at 80%', service: 'db' },
  ];
  for (const alert of alerts) expect((await post(`${d.url}/v1/alerts/generic`, alert)).status).toBe(202);
  await eventually(
    () => d.query<{ n: number }>('SELECT count(*) AS n FROM alerts WHERE group_id IS NOT NULL')[0]!.n === 3,
  );
  return d;
}

/**
 * `soloops digest --interactive --since 1h` in a tmux pseudo-terminal, CI unset. The pane outlives
 * the command (see TerminalSession), so a stack trace would still show on the screen.
 */
function browse(dir: string, env: Record<string, string>): TerminalSession {
  const term = new TerminalSession(dir, `node ${binPath} digest --interactive --since 1h`, env);
  cleanups.push(() => term.close());
  return term;
}

describe('soloops digest --interactive', () => {
  it.skipIf(!hasTmux)(
    'on a real terminal: opens the first type, marks its first alert wrong (info), records it, ' +
      'q exits 0 and Ctrl-C 130',
    async () => {
      const d = await threeAlerts();
      const sandbox = sandboxed();
      // The CLI reads the daemon's store and config.
      const env = { SOLOOPS_HOME: d.home, SOLOOPS_CONFIG: d.configFile };

      // The alert the view opens first, by the same digest the view is built from.
      const json = await runCli(['--json', 'digest', '--since', '1h'], { sandbox, env });
      expect(json.exitCode, json.stderr).toBe(0);
      const first = JSON.parse(json.stdout).services[0].groups[0];
      expect(first).toMatchObject({ title: 'queue lag high', count: 2 });

      // The session unsets CI itself.
      const terminalEnv = { ...sandbox.env, ...env };
      const term = browse(sandbox.dir, terminalEnv);
      const list = await term.waitFor(/2 alert types/, LIMIT_MS);
      expect(list).toMatch(/3 alerts · 0 woke you/);
      expect(list).toMatch(/› warning {2}api: queue lag high {2}×2/);
      expect(list).toMatch(/warning {2}db: disk 80% full {2}×1/);

      term.keys('Enter');
      const open = await term.waitFor(/alert 1 of 2/, LIMIT_MS);
      expect(open).toMatch(/generic {2}firing {2}warning/);
      expect(open).toContain('| lag 900 ms');
      term.keys('w');
      await term.waitFor(/the right severity\? 1 critical · 2 warning · 3 info/, LIMIT_MS);
      term.keys('3');
      await term.waitFor(/recorded: "queue lag high" is info \(wrong\) · model retrained on 1 correction/, LIMIT_MS);

      term.keys('q');
      expect(await term.exitCode(LIMIT_MS)).toBe(0);
      expect(term.screen()).not.toMatch(STACK_TRACE);
      const feedback = d.query<{ alert_id: string; verdict: string; severity: string }>(
        'SELECT alert_id, verdict, severity FROM feedback',
      );
      expect(feedback).toEqual([{ alert_id: first.alerts[0].id, verdict: 'wrong', severity: 'info' }]);

      // Ctrl-C reaches the view as a key (raw mode) and still means "interrupted": exit 130.
      // A folder of its own: a session reports its exit code in a file in its folder.
      const elsewhere = path.join(sandbox.dir, 'again');
      fs.mkdirSync(elsewhere);
      const again = browse(elsewhere, terminalEnv);
      await again.waitFor(/2 alert types/, LIMIT_MS);
      again.keys('C-c');
      expect(await again.exitCode(LIMIT_MS)).toBe(130);
    },
  );

  it('without a terminal exits 2 and says what to run instead', async () => {
    const sandbox = sandboxed();
    const result = await runCli(['digest', '--interactive'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--interactive needs a terminal');
    expect(result.stderr).toContain('run it in a terminal, or use `soloops digest show ID`');
  });
});
