import type { Config, DigestConfig } from '../config-schema.js';
import type { Digest } from '../../core/digest.js';
import { WOULD_HAVE_WOKEN_YOU } from '../../core/wake-outcome.js';
import { BugError, UserError, messageOf } from '../../core/errors.js';
import type { Store } from '../../store/index.js';
import { digestLinkSignature } from '../../core/digest-link.js';
import type { DigestSender } from '../../notify/digest.js';
import { DIGEST_CHANNELS, unitOf, usesOf } from '../../notify/registry.js';
import { withChannelRetries } from '../../notify/retry.js';
import { openSection } from '../channels.js';
import { defaultToken } from '../secrets.js';

type Env = Record<string, string | undefined>;

/** The channels that can carry the digest, as the notify units declare them (for the cli's `--send` check). */
export { DIGEST_CHANNELS };
export type DigestChannel = DigestConfig['send'][number];

/** How one send went. `already-sent`: another sender (the daemon, a timer) delivered this window. */
export interface DigestDelivery {
  id: number;
  /** Where `soloops watch` serves the page (with wake.public_url), signed when a token protects it. */
  link: string | null;
  status: 'sent' | 'already-sent' | 'failed';
  /** With `already-sent`: when this window (a night counts as one until it ends) was sent. */
  sentAt?: Date | null;
  results: Array<{ channel: DigestChannel; ok: boolean; error?: string }>;
}

/** The subject every channel uses: the window and what happened in it. */
export function digestSubject(digest: Digest): string {
  const { totals } = digest;
  const still = digest.stillFiring.length;
  let what = `${totals.alerts} alert${totals.alerts === 1 ? '' : 's'}, ${totals.woke} woke you`;
  if (totals.wouldHaveWoken) what += `, ${totals.wouldHaveWoken} ${WOULD_HAVE_WOKEN_YOU}`;
  if (totals.alerts === 0) what = still ? `nothing new, ${still} still firing` : 'quiet night, nothing fired';
  return `[soloops] ${digest.window.label}: ${what}`;
}

/** The senders for the named channels, from the `wake:` sections of their units (secrets read now). */
async function sendersFor(config: Config, channels: DigestChannel[], env: Env, baseDir: string) {
  const senders: DigestSender[] = [];
  for (const channel of channels) {
    // The config schema and the CLI take only digest channels; a caller passing another is told so.
    if (!usesOf(channel).digest)
      throw new UserError(`digest: ${channel} cannot carry the digest`, `send it to ${DIGEST_CHANNELS.join(', ')}`);
    const unit = unitOf(channel);
    const opened = openSection(config.wake, unit, env, baseDir);
    if (!opened)
      throw new UserError(
        `digest: ${channel} needs a wake.${unit.section} section in soloops.yaml`,
        `add wake.${unit.section} (the same settings Smart Wake uses), or send with --send to another channel`,
      );
    if (!opened.digest)
      throw new BugError(`the ${unit.section} unit declares ${channel} a digest channel but builds no sender`);
    senders.push(await opened.digest(channel));
  }
  return senders;
}

/**
 * Sends the digest once per window: the window is claimed in the store first (a night under its
 * scheduled end, so runs before it ends are one digest), so the daemon and
 * a systemd timer together never send the same night twice (`force` sends again anyway). Each
 * channel is retried with backoff; a channel that still fails marks the digest failed, and the
 * next digest reports it.
 */
export async function deliverDigest(
  config: Config,
  store: Store,
  digest: Digest,
  channels: DigestChannel[],
  options: { env: Env; baseDir: string; now: Date; force?: boolean },
): Promise<DigestDelivery> {
  if (channels.length === 0)
    throw new UserError(
      'no channel to send the digest to',
      `pass --send ${DIGEST_CHANNELS[0]} (or ${DIGEST_CHANNELS.slice(1).join(', ')}), ` +
        'or set digest.send in soloops.yaml',
    );
  const senders = await sendersFor(config, channels, options.env, options.baseDir);
  const { digest: stored, created } = await store.digest.claimDigest(
    digest.window,
    JSON.stringify(digest),
    channels,
    options.now,
  );
  digest.id = stored.id;
  const link = digestLink(config, stored.id, options.env, options.baseDir);
  if (!created && stored.status === 'sent' && !options.force)
    return { id: stored.id, link, status: 'already-sent', sentAt: stored.sentAt, results: [] };
  const render = await import('../../digest/render/index.js');
  const html = render.renderHtml(digest);
  const message = {
    link: link ?? undefined,
    subject: digestSubject(digest),
    text: render.renderText(digest, { color: false }),
    html,
    markdown: render.renderMarkdown(digest),
    slack: render.slackDigest(digest),
    discord: render.discordDigest(digest),
  };
  const results: DigestDelivery['results'] = [];
  for (const sender of senders) {
    try {
      await withChannelRetries(() => sender.send(message), {
        retries: config.wake.retries,
        delayMs: config.wake.retry_delay,
      });
      results.push({ channel: sender.name, ok: true });
    } catch (error) {
      results.push({ channel: sender.name, ok: false, error: messageOf(error) });
    }
  }
  const failures = results.filter((r) => !r.ok);
  await store.digest.markDigest(stored.id, {
    status: failures.length ? 'failed' : 'sent',
    sentAt: failures.length ? null : options.now,
    body: JSON.stringify(digest),
    html,
    error: failures.length ? failures.map((f) => `${f.channel}: ${f.error}`).join('; ') : null,
  });
  return { id: stored.id, link, status: failures.length ? 'failed' : 'sent', results };
}

/** The page's address on the daemon, or null without wake.public_url. */
function digestLink(config: Config, id: number, env: Env, baseDir: string): string | null {
  if (!config.wake.public_url) return null;
  const token = defaultToken(config.watch, env, baseDir);
  const base = `${config.wake.public_url.replace(/\/+$/, '')}/v1/digests/${id}`;
  return token ? `${base}?sig=${digestLinkSignature(token, id)}` : base;
}
