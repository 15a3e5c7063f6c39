import fs from 'node:fs';
import ms from 'ms';
import type { AppContext } from '../../../app/context.js';
import { resolveWindow } from '../../../app/digest/digest.js';
import { readDigest, sendDigest } from '../../../app/digest/night.js';
import type { DigestWindow } from '../../../app/digest/render.js';
import { DIGEST_CHANNELS, type DigestChannel } from '../../../app/digest/send.js';
import { ExternalError, UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { requireTerminal } from '../../output/prompt.js';

interface DigestOptions {
  since?: string;
  window?: string;
  from?: string;
  to?: string;
  format?: string;
  out?: string;
  send?: string | boolean;
  force?: boolean;
  interactive?: boolean;
}

const FORMATS = ['text', 'md', 'html', 'json'] as const;

function parseInstant(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new UserError(`${flag} "${value}" is not a date and time`, `e.g. ${flag} 2026-11-22T08:00+09:00`);
  return date;
}

function parseChannels(send: string | boolean | undefined, fallback: DigestChannel[]): DigestChannel[] | null {
  if (send === undefined || send === false) return null;
  if (send === true) return fallback;
  const names = send
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names)
    if (!(DIGEST_CHANNELS as readonly string[]).includes(name))
      throw new UserError(`--send ${name}: unknown channel`, `one or more of: ${DIGEST_CHANNELS.join(', ')}`);
  return names as DigestChannel[];
}

/** " at 23 Nov 02:00:00 Asia/Seoul", in the person's zone, or nothing when the store has no time. */
async function sentAt(at: Date | null | undefined, zone: string): Promise<string> {
  if (!at) return '';
  // The renderers' module loads only here: sending builds its own output.
  const { dateTime } = await import('../../../app/digest/render.js');
  return ` at ${dateTime(at, zone)}`;
}

/** `--interactive`: browse the digest in the terminal; marking an alert records triage feedback. */
async function browse(
  context: CliContext<DigestOptions>,
  app: AppContext,
  window: DigestWindow,
  now: Date,
): Promise<void> {
  // Each verdict opens the store again (recordFeedback); readDigest has closed its connection.
  const digest = await readDigest(app, window, now);
  const { runDigestView } = await import('../../ui/digest-view.js');
  await runDigestView({
    digest,
    color: context.reporter.color,
    signal: context.signal,
    onFeedback: async (id, verdict, severity) => {
      // Loaded on the first verdict: it brings the triage model, which browsing alone never needs.
      const { recordFeedback } = await import('../../../app/triage/feedback.js');
      const outcome = await recordFeedback(app, { id, verdict, severity });
      return (
        `recorded: "${outcome.title}" is ${outcome.severity} (${verdict}) · ` +
        `model retrained on ${outcome.feedbackCount} correction(s)`
      );
    },
  });
}

/** `soloops digest`: the night in one screen; rendered to the terminal, a file, or sent. */
export async function run(context: CliContext<DigestOptions>): Promise<void> {
  const { options, reporter } = context;
  if (options.interactive)
    requireTerminal(context, {
      message: '--interactive needs a terminal',
      hint: 'run it in a terminal, or use `soloops digest show ID`',
    });
  if (options.interactive && reporter.json)
    throw new UserError('--interactive draws on the terminal, --json prints JSON', 'use one of them');
  const format = (options.format ?? (reporter.json ? 'json' : 'text')) as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new UserError(`--format ${options.format}: unknown format`, `one of: ${FORMATS.join(', ')}`);
  const sinceMs = options.since === undefined ? undefined : ms(options.since as ms.StringValue);
  if (options.since !== undefined && !(typeof sinceMs === 'number' && sinceMs > 0))
    throw new UserError(`--since "${options.since}" is not a duration`, 'e.g. --since 9h');
  const app = await context.app();
  const now = new Date();
  const window = resolveWindow(
    app.config,
    {
      sinceMs,
      window: options.window,
      from: parseInstant(options.from, '--from'),
      to: parseInstant(options.to, '--to'),
    },
    now,
  );
  if (options.interactive) return browse(context, app, window, now);
  const channels = parseChannels(options.send, app.config.digest.send);
  if (channels) {
    const delivery = await sendDigest(app, window, now, channels, options.force);
    const text =
      delivery.status === 'already-sent'
        ? `the digest for ${window.label} was already sent${await sentAt(delivery.sentAt, window.timezone)} ` +
          `(digest #${delivery.id}; a night is sent once, even before it ends); --force sends it again`
        : [
            ...delivery.results.map(
              (r) => `${r.ok ? 'sent  ' : 'FAILED'} ${r.channel}${r.error ? `  (${r.error})` : ''}`,
            ),
            ...(delivery.link ? [`page: ${delivery.link}`] : []),
          ].join('\n');
    reporter.result(delivery, text);
    const failed = delivery.results.filter((r) => !r.ok);
    if (failed.length)
      throw new ExternalError(
        `the digest could not be sent by ${failed.map((f) => f.channel).join(', ')}`,
        'it is kept, and the next digest reports the failure; fix the channel in soloops.yaml and run again to retry',
      );
    return;
  }
  // Rendering only reads, so a read-only home will do; only sending records anything.
  const digest = await readDigest(app, window, now);
  const render = await import('../../../app/digest/render.js');
  const rendered = render.renderDigest(digest, format, { color: reporter.color && !options.out });
  if (options.out) {
    fs.writeFileSync(options.out, rendered.endsWith('\n') ? rendered : `${rendered}\n`);
    reporter.info(`wrote ${options.out}`);
    if (reporter.json) reporter.result({ out: options.out, window }, '');
    return;
  }
  if (reporter.json && format === 'json') reporter.result(digest, '');
  else process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
}
