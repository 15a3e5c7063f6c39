import fs from 'node:fs';
import path from 'node:path';
import ms from 'ms';
import { createAppContext } from '../../app/context.js';
import { makeDigest, resolveWindow } from '../../app/digest.js';
import { deliverDigest, type DigestChannel } from '../../app/digest-send.js';
import { ExternalError, UserError } from '../../core/errors.js';
import type { CliContext } from '../context.js';

interface DigestOptions {
  since?: string;
  window?: string;
  from?: string;
  to?: string;
  format?: string;
  out?: string;
  send?: string | boolean;
  force?: boolean;
}

const FORMATS = ['text', 'md', 'html', 'json'] as const;
const CHANNELS: readonly DigestChannel[] = ['email', 'slack', 'discord', 'ntfy'];

function parseInstant(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UserError(`${flag} "${value}" is not a date and time`, `e.g. ${flag} 2026-11-22T08:00+09:00`);
  return date;
}

function parseChannels(send: string | boolean | undefined, fallback: DigestChannel[]): DigestChannel[] | null {
  if (send === undefined || send === false) return null;
  if (send === true) return fallback;
  const names = send.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!CHANNELS.includes(name as DigestChannel)) throw new UserError(`--send ${name}: unknown channel`, `one or more of: ${CHANNELS.join(', ')}`);
  return names as DigestChannel[];
}

/** `soloops digest`: the night in one screen; rendered to the terminal, a file, or sent. */
export async function run(context: CliContext<DigestOptions>): Promise<void> {
  const { options, reporter } = context;
  const format = (options.format ?? (reporter.json ? 'json' : 'text')) as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UserError(`--format ${options.format}: unknown format`, `one of: ${FORMATS.join(', ')}`);
  const sinceMs = options.since === undefined ? undefined : ms(options.since as ms.StringValue);
  if (options.since !== undefined && !(typeof sinceMs === 'number' && sinceMs > 0)) throw new UserError(`--since "${options.since}" is not a duration`, 'e.g. --since 9h');
  const app = createAppContext({ ...context.globals, env: context.env, cwd: context.cwd });
  const now = new Date();
  const window = resolveWindow(app.config, { sinceMs, window: options.window, from: parseInstant(options.from, '--from'), to: parseInstant(options.to, '--to') }, now);
  const channels = parseChannels(options.send, app.config.digest.send);
  const store = await app.openStore();
  try {
    const digest = await makeDigest(app.config, store, window, now);
    if (channels) {
      const baseDir = app.configPath ? path.dirname(app.configPath) : app.cwd;
      const delivery = await deliverDigest(app.config, store, digest, channels, { env: app.env, baseDir, now, force: options.force });
      const text = delivery.status === 'already-sent'
        ? `the digest for ${window.label} was already sent (digest #${delivery.id}); --force sends it again`
        : delivery.results.map((r) => `${r.ok ? 'sent  ' : 'FAILED'} ${r.channel}${r.error ? `  (${r.error})` : ''}`).join('\n');
      reporter.result(delivery, text);
      const failed = delivery.results.filter((r) => !r.ok);
      if (failed.length) throw new ExternalError(`the digest could not be sent by ${failed.map((f) => f.channel).join(', ')}`, 'it is kept, and the next digest reports the failure; fix the channel in soloops.yaml and run again to retry');
      return;
    }
    const render = await import('../../digest/render/index.js');
    const rendered = render.renderDigest(digest, format, { color: reporter.color && !options.out });
    if (options.out) {
      fs.writeFileSync(options.out, rendered.endsWith('\n') ? rendered : `${rendered}\n`);
      reporter.info(`wrote ${options.out}`);
      if (reporter.json) reporter.result({ out: options.out, window }, '');
      return;
    }
    if (reporter.json && format === 'json') reporter.result(digest, '');
    else process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
  } finally {
    await store.close();
  }
}
