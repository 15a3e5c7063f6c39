import { describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { terminalTestsCanRun, useSandboxTerminal } from '../helpers/tmux.js';

const hasTmux = terminalTestsCanRun('triage');
const terminal = useSandboxTerminal();

describe.skipIf(!hasTmux)('soloops triage on a terminal with nothing piped in', () => {
  it('says it reads stdin until Ctrl-D, then classifies what was typed', async () => {
    const term = terminal.start(`node ${binPath} triage --no-store`);
    await term.waitFor(/reading alerts from stdin \(Ctrl-D to end\)/);
    term.keys('CRITICAL: disk /var 99% full on db-1', 'Enter');
    await term.waitFor(/CRITICAL .*disk \/var 99% full/);
    term.keys('C-d');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toMatch(/1 alert\(s\): 1 critical/);
  });

  it('says nothing of stdin when a file is named', async () => {
    const term = terminal.start(`echo 'CRITICAL: disk full' > a.txt; node ${binPath} triage --no-store a.txt`);
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).not.toMatch(/reading alerts from stdin/);
  });
});
