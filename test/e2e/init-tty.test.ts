import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { binPath, runCli } from '../helpers/cli.js';
import { terminalTestsCanRun, useSandboxTerminal, type TerminalSession } from '../helpers/tmux.js';

const hasTmux = terminalTestsCanRun('init');

const terminal = useSandboxTerminal();
const start = (args: string) => terminal.start(`node ${binPath} ${args}`);

/** Answers the questions before the wake ones: a time zone, a snapshot folder, no upload. */
async function answerTheFirstThree(term: TerminalSession): Promise<void> {
  await term.waitFor(/time zone/);
  term.keys('C-u', 'Asia/Seoul', 'Enter');
  await term.waitFor(/snapshot files/);
  term.keys('/srv/snaps', 'Enter');
  await term.waitFor(/Upload snapshots/);
  term.keys('Enter');
}

/** Types an answer at the prompt matching `question` (clearing any default first). */
async function answer(term: TerminalSession, question: RegExp, text = ''): Promise<void> {
  await term.waitFor(question);
  if (text) term.keys('C-u', text, 'Enter');
  else term.keys('Enter');
}

describe.skipIf(!hasTmux)('soloops init on a real terminal: how to wake you', () => {
  it('writes ntfy, Twilio, email and Slack from the answers, secrets as references; suggests test-wake', async () => {
    const term = start('init');
    await answerTheFirstThree(term);
    await answer(term, /ntfy push: topic/, 'soloops-k3f9x2');
    await answer(term, /ntfy server/); // Enter: https://ntfy.sh
    await answer(term, /Twilio\): your number/, '+821012345678');
    await answer(term, /Twilio number calls come from/, '+15551234567');
    await answer(term, /Twilio account SID/); // Enter: env:TWILIO_ACCOUNT_SID
    // A pasted secret is refused in place; the reference is asked again.
    await answer(term, /Twilio auth token/, '0123456789abcdef0123456789abcdef');
    await term.waitFor(/the secret itself never goes in soloops\.yaml/);
    term.keys('C-u', 'file:/run/credentials/soloops/twilio-token', 'Enter');
    await answer(term, /by email: your address/, 'me@example.com');
    await answer(term, /Send it from/); // Enter: the same address
    await answer(term, /SMTP URL/); // Enter: env:SOLOOPS_SMTP_URL
    await answer(term, /Slack/, 'y');
    await answer(term, /Slack webhook URL/); // Enter: env:SLACK_WEBHOOK_URL
    expect(await term.exitCode()).toBe(0);
    // The terminal wraps the long line at 120 columns: read it unwrapped.
    expect(term.screen().replace(/\n/g, '')).toMatch(
      /export TWILIO_ACCOUNT_SID, SOLOOPS_SMTP_URL, SLACK_WEBHOOK_URL, then try `soloops watch test-wake`/,
    );

    const text = fs.readFileSync(path.join(terminal.sandbox.dir, 'soloops.yaml'), 'utf8');
    const { timezone, wake } = parse(text);
    expect(timezone).toBe('Asia/Seoul');
    expect(wake.ntfy).toEqual({ url: 'https://ntfy.sh/soloops-k3f9x2' });
    expect(wake.twilio).toEqual({
      account_sid: { env: 'TWILIO_ACCOUNT_SID' },
      auth_token: { file: '/run/credentials/soloops/twilio-token' },
      from: '+15551234567',
      to: '+821012345678',
    });
    expect(wake.email).toEqual({ smtp_url: { env: 'SOLOOPS_SMTP_URL' }, from: 'me@example.com', to: 'me@example.com' });
    expect(wake.slack).toEqual({ webhook_url: { env: 'SLACK_WEBHOOK_URL' } });
    expect(wake.fallbacks).toEqual(['ntfy', 'slack', 'email']);
    expect(text).not.toContain('0123456789abcdef');

    // soloops itself accepts the file: the wake sections validate.
    const snap = await runCli(['snap', '--format', 'csv'], { sandbox: terminal.sandbox });
    expect(snap.exitCode, snap.stderr).toBe(0);
  });

  it('takes the first answers, skips every channel on Enter and suggests soloops snap', async () => {
    const term = start('init');
    await answerTheFirstThree(term);
    await answer(term, /ntfy push: topic/);
    await answer(term, /Twilio\): your number/);
    await answer(term, /by email: your address/);
    await answer(term, /Slack/);
    const screen = await term.waitFor(/wrote /);
    expect(await term.exitCode()).toBe(0);
    expect(screen).toMatch(/then try `soloops snap`/);
    const { timezone, snap, wake } = parse(fs.readFileSync(path.join(terminal.sandbox.dir, 'soloops.yaml'), 'utf8'));
    expect(timezone).toBe('Asia/Seoul');
    expect(snap.out).toBe('/srv/snaps');
    expect(snap.upload).toBeUndefined();
    expect(wake.fallbacks).toEqual([]);
    expect(Object.keys(wake)).not.toContain('twilio');
  });
});
