import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { terminalTestsCanRun, useSandboxTerminal } from '../helpers/tmux.js';

const hasTmux = terminalTestsCanRun('watch');

const ALERT = { title: 'payments API down', message: 'all requests fail', service: 'payments', severity: 'critical' };
// Generous bounds that only guard against a hang; nothing here asserts on speed.
const LIMIT_MS = 45_000;

// group_wait 1s so the group is routed (WAKE) soon after the alert arrives.
const tty = useSandboxTerminal((sandbox) =>
  fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), 'watch:\n  group_wait: 1s\n'),
);
/**
 * Runs `command` (a bash command line) in a tmux pseudo-terminal, CI unset, in the sandbox. The
 * pane outlives the command (see TerminalSession) so the screen can still be read after it exits:
 * that is where a stack trace would show.
 */
const terminal = (command: string) => tty.start(command);

async function postAlert(port: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ALERT),
  });
  expect(response.status).toBe(202);
}

/** Polls a file the command writes until its text matches. */
async function waitForFile(file: string, pattern: RegExp): Promise<string> {
  for (const started = Date.now(); Date.now() - started < LIMIT_MS; await sleep(50)) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (pattern.test(text)) return text;
  }
  throw new Error(
    `timed out waiting for ${pattern} in ${file}:\n` +
      (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)'),
  );
}

const STACK_TRACE = /^\s+at \S|\bError\b/m;

describe.skipIf(!hasTmux)('soloops watch on a real terminal', () => {
  it('shows a critical alert as it arrives, its WAKE, and Ctrl-C exits 130 without a stack trace', async () => {
    // Port 0: the daemon binds a free port and the header says which, so no other process can race for it.
    const term = terminal(`node ${binPath} watch --port 0`);
    const header = await term.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/, LIMIT_MS);
    expect(header).toMatch(/0 critical · 0 warning · 0 info/);
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(header)?.[1]);
    expect(port).toBeGreaterThan(0);

    await postAlert(port);
    const screen = await term.waitFor(/WAKE +payments +payments API down/, LIMIT_MS);
    expect(screen).toMatch(/\d\d:\d\d:\d\d {2}critical {2}generic {2}payments {2}payments API down {2}\(\w+\)/);
    expect(screen).toMatch(/1 critical · 0 warning · 0 info · 1 open group\b/);
    // The pino lines are silenced under the view: none of them reach the terminal.
    expect(screen).not.toContain('"level"');

    term.keys('C-c');
    expect(await term.exitCode(LIMIT_MS)).toBe(130);
    const last = term.screen();
    expect(last).toContain('payments API down'); // the last frame stays on the terminal
    expect(last).not.toMatch(STACK_TRACE);
  });

  it('with stdout piped draws no view: stdout stays empty, stderr carries the JSON log lines', async () => {
    // stdin is still the terminal and CI is unset: only stdout not being a TTY turns the view off.
    const [out, err] = [path.join(tty.sandbox.dir, 'out.log'), path.join(tty.sandbox.dir, 'err.log')];
    const term = terminal(
      `node ${binPath} watch --port 0 2>${JSON.stringify(err)} | cat >${JSON.stringify(out)}; (exit \${PIPESTATUS[0]})`,
    );
    const started = await waitForFile(err, /"msg":"listening for webhooks"/);
    const { port } = JSON.parse(started.split('\n').find((l) => l.includes('"msg":"listening for webhooks"'))!) as {
      port: number;
    };
    await postAlert(port);
    await waitForFile(err, /"target":"wake"/);
    term.keys('C-c');
    expect(await term.exitCode(LIMIT_MS)).toBe(130);

    expect(fs.readFileSync(out, 'utf8')).toBe('');
    const lines = fs.readFileSync(err, 'utf8').split('\n').filter(Boolean);
    expect(lines.join('\n')).not.toContain('\u001b');
    // Besides the one human "listening on" notice, every stderr line is a JSON log record.
    const records = lines
      .filter((l) => !l.startsWith('soloops watch: listening on '))
      .map((l) => JSON.parse(l) as { msg: string });
    expect(records.map((r) => r.msg)).toEqual(expect.arrayContaining(['listening for webhooks', 'stopped']));
    expect(lines.length - records.length).toBe(1);
    expect(term.screen()).not.toMatch(STACK_TRACE);
  });

  it.each([
    ['CI is set', `CI=1 node ${binPath} watch --port 0`],
    ['-v asks for plain logs', `node ${binPath} -v watch --port 0`],
  ])('on a terminal where %s, prints log lines instead of the view', async (_why, command) => {
    const term = terminal(command);
    // The short human notice comes right after the JSON "listening for webhooks" record.
    const screen = await term.waitFor(/soloops watch: listening on http/, LIMIT_MS);
    expect(screen).toContain('{"level":');
    expect(screen).not.toContain('Latest alerts');
    term.keys('C-c');
    expect(await term.exitCode(LIMIT_MS)).toBe(130);
    expect(term.screen()).not.toContain('Latest alerts');
  });
});
