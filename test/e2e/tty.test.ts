import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { terminalTestsCanRun, useSandboxTerminal } from '../helpers/tmux.js';

const hasTmux = terminalTestsCanRun('init and snap');

const terminal = useSandboxTerminal();
const start = (args: string) => terminal.start(`node ${binPath} ${args}`);

describe.skipIf(!hasTmux)('on a real terminal', () => {
  it('soloops init asks its questions and writes the answers', async () => {
    const term = start('init');
    await term.waitFor(/time zone/);
    term.keys('C-u', 'America/New_York', 'Enter');
    await term.waitFor(/snapshot files/);
    term.keys('/srv/snaps', 'Enter');
    await term.waitFor(/Upload snapshots/);
    term.keys('Enter');
    // Then how to wake you: Enter skips each channel (init-tty.test.ts answers them).
    for (const question of [/ntfy push/, /Twilio\): your number/, /by email: your address/, /Slack/]) {
      await term.waitFor(question);
      term.keys('Enter');
    }
    expect(await term.exitCode()).toBe(0);
    const config = parse(fs.readFileSync(path.join(terminal.sandbox.dir, 'soloops.yaml'), 'utf8'));
    expect(config.timezone).toBe('America/New_York');
    expect(config.snap.out).toBe('/srv/snaps');
    expect(config.snap.upload).toBeUndefined();
  });

  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const term = start('init');
    await term.waitFor(/time zone/);
    term.keys('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(fs.existsSync(path.join(terminal.sandbox.dir, 'soloops.yaml'))).toBe(false);
  });

  it('snap --live shows CPU, memory and disks and quits on q', async () => {
    const term = start('snap --live');
    const screen = await term.waitFor(/MEM .*% of/);
    expect(screen).toMatch(/CPU .*% · load/);
    expect(screen).toMatch(/DISK .*% \//);
    expect(screen).toMatch(/docker: /);
    term.keys('q');
    expect(await term.exitCode()).toBe(0);
  });

  it('snap --live exits 130 on Ctrl-C', async () => {
    const term = start('snap --live');
    await term.waitFor(/q to quit/);
    term.keys('C-c');
    expect(await term.exitCode()).toBe(130);
  });
});
