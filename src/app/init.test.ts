import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { renderStarterConfig, type InitAnswers } from './init.js';
import { exampleBlocks, uncomment } from './init-fill.js';
import { parseSecretRef, variablesOf } from './init-wake.js';
import { readTemplate } from './templates.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-init-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads `text` as ./soloops.yaml with the loader every command uses. */
function load(text: string) {
  fs.writeFileSync(path.join(dir, 'soloops.yaml'), text);
  return loadConfig(undefined, {}, dir).config;
}

const everyChannel: InitAnswers = {
  timezone: 'America/New_York',
  snapOut: '/srv/snaps',
  uploadUrl: 's3://my-bucket/snaps',
  wake: {
    ntfy: { url: 'https://ntfy.sh/soloops-k3f9x2' },
    twilio: {
      account_sid: { env: 'TWILIO_ACCOUNT_SID' },
      auth_token: { file: '/run/credentials/soloops/twilio-token' },
      from: '+15551234567',
      to: '+821012345678',
    },
    email: { smtp_url: { env: 'SOLOOPS_SMTP_URL' }, from: 'me@example.com', to: 'me@example.com' },
    slack: { webhook_url: { env: 'SLACK_WEBHOOK_URL' } },
  },
};

describe.each([
  ['the defaults', { timezone: 'UTC' }],
  ['every answer given', everyChannel],
] as Array<[string, InitAnswers]>)('the config init writes with %s', (_, answers) => {
  const text = renderStarterConfig(answers);
  const lines = text.split('\n');
  const blocks = exampleBlocks(lines);

  it('loads, and ends with a newline', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(() => load(text)).not.toThrow();
  });

  it.each(blocks.map((b) => [`${lines[b.start]!.trim()} (line ${b.start + 1})`, b] as const))(
    'still loads with %s uncommented',
    (_, block) => {
      expect(() => load(uncomment(lines, block).join('\n'))).not.toThrow();
    },
  );

  it('leaves no example line outside a block that uncommenting reaches', () => {
    const inBlock = new Set(blocks.flatMap((b) => Array.from({ length: b.end - b.start }, (_, i) => b.start + i)));
    // "#   - name: …" or "#   url: …": a line of YAML that only makes sense under a key above it.
    const orphans = lines.filter((line, i) => /^ *# {2,}\S/.test(line) && !inBlock.has(i));
    expect(orphans).toEqual([]);
  });

  it('puts section comments at column 0, never inside the block above', () => {
    lines.forEach((line, i) => {
      if (/^[a-z_]+:/.test(line)) expect(lines[i - 1] ?? '', `before ${line}`).toMatch(/^(#.*)?$/);
    });
  });
});

describe('the starter config', () => {
  it('has the examples a person reaches for, each as a block', () => {
    const keys = exampleBlocks(renderStarterConfig({ timezone: 'UTC' }).split('\n')).map((b) => b.key);
    for (const key of ['database', 'metrics', 'upload', 'rules', 'auth', 'maintenance', 'checks', 'services'])
      expect(keys).toContain(key);
    for (const key of ['twilio', 'email', 'slack', 'discord', 'ntfy']) expect(keys).toContain(key);
    expect(keys.length).toBeGreaterThan(20);
  });

  it('never links to an npm page (soloops is not published)', () => {
    expect(readTemplate('soloops.yaml')).not.toMatch(/npmjs/);
    for (const unit of ['soloops-watch.service', 'soloops-digest.service', 'soloops-digest.timer'])
      expect(readTemplate(`systemd/${unit}`)).not.toMatch(/npmjs/);
  });

  it('writes the wake answers as sections that load and validate, secrets as references only', () => {
    const text = renderStarterConfig(everyChannel);
    const { wake, snap, timezone } = load(text);
    expect(timezone).toBe('America/New_York');
    expect(snap.out).toBe('/srv/snaps');
    expect(snap.upload).toMatchObject({ url: 's3://my-bucket/snaps' });
    expect(wake.ntfy).toEqual({ url: 'https://ntfy.sh/soloops-k3f9x2' });
    expect(wake.twilio).toEqual(everyChannel.wake!.twilio);
    expect(wake.email).toEqual(everyChannel.wake!.email);
    expect(wake.slack).toEqual(everyChannel.wake!.slack);
    expect(wake.fallbacks).toEqual(['ntfy', 'slack', 'email']);
    expect(text).toMatch(/^ {2}twilio:\n {4}account_sid: \{ env: TWILIO_ACCOUNT_SID \}$/m);
    expect(text).toContain('    from: "+15551234567"');
    // The example's keys the answer left out stay, as commented examples under the section.
    expect(text).toMatch(
      /^ {2}ntfy:\n {4}url: https:\/\/ntfy\.sh\/soloops-k3f9x2\n {4}# token: \{ env: NTFY_TOKEN \}/m,
    );
    expect(text).toMatch(/^ {2}upload:\n {4}url: s3:\/\/my-bucket\/snaps\n {4}# region: eu-central-1/m);
    expect(text).toMatch(/^ {2}fallbacks: \[ntfy, slack, email\] +# then these/m);
  });

  it('writes only the channels answered', () => {
    const { wake } = load(renderStarterConfig({ timezone: 'UTC', wake: { ntfy: { url: 'https://ntfy.example/t' } } }));
    expect(wake.ntfy).toEqual({ url: 'https://ntfy.example/t' });
    expect(wake.twilio).toBeUndefined();
    expect(wake.fallbacks).toEqual(['ntfy']);
  });

  it('quotes a time zone YAML would read as something else', () => {
    expect(renderStarterConfig({ timezone: 'Europe/Berlin' })).toMatch(/^timezone: Europe\/Berlin$/m);
  });
});

describe('secret references in answers', () => {
  it('takes env:NAME and file:/path, and refuses a pasted secret', () => {
    expect(parseSecretRef('env:TWILIO_AUTH_TOKEN')).toEqual({ env: 'TWILIO_AUTH_TOKEN' });
    expect(parseSecretRef(' file:/run/credentials/x ')).toEqual({ file: '/run/credentials/x' });
    expect(parseSecretRef('https://hooks.slack.com/services/T000/B000/XXXX')).toBeNull();
    expect(parseSecretRef('0123456789abcdef0123456789abcdef')).toBeNull();
    expect(parseSecretRef('env:not a name')).toBeNull();
  });

  it('names the variables to export', () => {
    expect(variablesOf(everyChannel.wake)).toEqual(['TWILIO_ACCOUNT_SID', 'SOLOOPS_SMTP_URL', 'SLACK_WEBHOOK_URL']);
  });
});
