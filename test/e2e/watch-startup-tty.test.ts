import { describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { terminalTestsCanRun, useSandboxTerminal } from '../helpers/tmux.js';

// The live view silences the daemon's log lines; the "nobody would be woken" warning must still
// reach the person, above the first frame. Bounds only guard against a hang.
const LIMIT_MS = 45_000;
const hasTmux = terminalTestsCanRun('watch');
const tty = useSandboxTerminal();

describe.skipIf(!hasTmux)('soloops watch start-up on a real terminal', () => {
  it('says above the live view that no wake channel is configured, and how to add one', async () => {
    const term = tty.start(`node ${binPath} watch --port 0`);
    const screen = await term.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/, LIMIT_MS);
    expect(screen).toMatch(/warning: no wake channel is configured: a critical alert will wake nobody/);
    expect(screen).toMatch(/hint: add wake\.twilio/);
    term.keys('C-c');
    expect(await term.exitCode(LIMIT_MS)).toBe(130);
  });
});
