import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { binPath, makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { terminalTestsCanRun, useSandboxTerminal } from '../helpers/tmux.js';

// `soloops incident open` asks for what the flags left out on a terminal, and takes the defaults
// without one (or with --yes). Through the built CLI (npx tsup first).

const SERVICES = `services:
  - {id: api, name: Public API}
  - {id: web, name: Website}
  - {id: docs, name: Docs}
`;

interface Stored {
  id: string;
  title: string;
  services: string[];
  severity: string;
  priority: string;
  priorityAuto: boolean;
  description: string;
  reporter: string;
  detection: string;
}

/** The incidents stored in the sandbox, read without a terminal. */
async function storedIn(sandbox: Sandbox): Promise<Stored[]> {
  const result = await runCli(['--json', 'incident', 'list'], { sandbox });
  expect(result.exitCode, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { incidents: Stored[] }).incidents;
}

describe('incident open without a terminal', () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox?.cleanup());

  it('takes the defaults and asks nothing', async () => {
    sandbox = makeSandbox();
    const result = await runCli(['--json', 'incident', 'open', 'Slow search'], { sandbox, env: { USER: 'ana' } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      title: 'Slow search',
      services: [],
      severity: 'medium',
      priority: 'P3',
      priorityAuto: true,
      description: '',
      reporter: 'ana',
      detection: '',
    });
  });

  it('refuses a missing title with exit 2 and the command to type', async () => {
    sandbox = makeSandbox();
    const result = await runCli(['incident', 'open', '--service', 'api'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('an incident needs a title');
    expect(result.stderr).toContain('soloops incident open "API returns 502"');
    expect(fs.existsSync(path.join(sandbox.home, 'soloops.db'))).toBe(false);
  });
});

const hasTmux = terminalTestsCanRun('incident open');
const terminal = useSandboxTerminal((sandbox) => fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), SERVICES));
const start = (args: string) => terminal.start(`node ${binPath} ${args}`, { USER: 'ana' });

/** Waits for text in a file the command writes; the bound only guards against a hang. */
async function waitForFile(file: string, pattern: RegExp, limitMs = 30_000): Promise<void> {
  for (const started = Date.now(); Date.now() - started < limitMs; await sleep(50))
    if (fs.existsSync(file) && pattern.test(fs.readFileSync(file, 'utf8'))) return;
  throw new Error(`timed out waiting for ${pattern} in ${file}`);
}

describe.skipIf(!hasTmux)('incident open on a terminal', () => {
  it('asks every field left out, offering the configured services, and stores the answers', async () => {
    const term = start('incident open');
    await term.waitFor(/Title/);
    term.keys('Checkout returns 502', 'Enter');
    await term.waitFor(/Website \(web\)/);
    // Tick Public API and Website (the first two), not Docs.
    term.keys('Space');
    term.keys('Down');
    term.keys('Space');
    term.keys('Enter');
    await term.waitFor(/Severity/);
    term.keys('Down'); // from the default, medium, to high
    term.keys('Enter');
    await term.waitFor(/Priority/);
    term.keys('Enter'); // auto
    await term.waitFor(/Description/);
    term.keys('Payments fail at the last step', 'Enter');
    await term.waitFor(/Reporter/);
    term.keys('Enter'); // $USER
    await term.waitFor(/Detected by/);
    term.keys('customer email', 'Enter');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toMatch(/opened inc-\d{4}-001 \(P2 \(auto\), high\): Checkout returns 502/);
    const [stored] = await storedIn(terminal.sandbox);
    expect(stored).toMatchObject({
      title: 'Checkout returns 502',
      services: ['api', 'web'],
      severity: 'high',
      priority: 'P2',
      priorityAuto: true,
      description: 'Payments fail at the last step',
      reporter: 'ana',
      detection: 'customer email',
    });
  });

  it('asks only what the flags left out', async () => {
    const term = start(
      'incident open "DB disk full" --service api --severity critical --reporter bob --detection "disk alert"',
    );
    await term.waitFor(/Priority/);
    term.keys('Down', 'Down'); // auto → P1 → P2
    term.keys('Enter');
    await term.waitFor(/Description/);
    term.keys('Enter');
    expect(await term.exitCode()).toBe(0);
    const screen = term.screen();
    expect(screen).not.toMatch(/Title|Severity|Reporter|Detected by|Affected services/);
    const [stored] = await storedIn(terminal.sandbox);
    expect(stored).toMatchObject({
      title: 'DB disk full',
      services: ['api'],
      severity: 'critical',
      priority: 'P2',
      priorityAuto: false,
      description: '',
      reporter: 'bob',
      detection: 'disk alert',
    });
  });

  it('asks nothing with --yes', async () => {
    const term = start('incident open "Slow search" --yes');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toMatch(/opened inc-\d{4}-001 \(P3 \(auto\), medium\): Slow search/);
    expect((await storedIn(terminal.sandbox))[0]).toMatchObject({ services: [], reporter: 'ana' });
  });

  it('keeps stdout to one JSON document under --json: the questions go to stderr', async () => {
    // stderr to a file: what stays on the screen is stdout alone.
    const term = start('--json incident open --service web --severity low --priority P3 2> questions.txt');
    const questions = path.join(terminal.sandbox.dir, 'questions.txt');
    await waitForFile(questions, /Title/);
    term.keys('Banner typo', 'Enter');
    for (const question of [/Description/, /Reporter/, /Detected by/]) {
      await waitForFile(questions, question);
      term.keys('Enter');
    }
    expect(await term.exitCode()).toBe(0);
    const screen = term.screen();
    expect(screen).toContain('"title": "Banner typo"');
    expect(screen).not.toMatch(/Title|Description|Reporter|Detected by/);
  });

  it('Ctrl-C at a question exits 130 and stores nothing', async () => {
    const term = start('incident open');
    await term.waitFor(/Title/);
    term.keys('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(await storedIn(terminal.sandbox)).toEqual([]);
  });
});
