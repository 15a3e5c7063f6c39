import type { Config } from '../config-schema.js';
import type { Digest } from '../../core/digest.js';
import { claudeSettings } from '../../core/claude-settings.js';
import { UserError } from '../../core/errors.js';
import { buildDigest } from '../../digest/build.js';
import { groupKeyOf } from '../../watch/pipeline/group.js';
import { sourceLink } from '../../digest/link.js';
import { fixedWindow, nightWindow, type DigestWindow } from '../../digest/window.js';
import type { Store } from '../../store/index.js';
import { personTimeZone } from '../config.js';
import { spendThisMonth } from '../wake/spend.js';

/** Which span a digest covers: `--since`, `--window`, `--from/--to`, else last night. */
export interface WindowRequest {
  sinceMs?: number | undefined;
  window?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** At most this many alerts are read for one digest; a bigger window is cut (and says so). */
const MAX_ALERTS = 200_000;
const DAY_MS = 24 * 3600_000;

/** The window a request means, in the person's zone. */
export function resolveWindow(config: Config, request: WindowRequest, now: Date): DigestWindow {
  const zone = personTimeZone(config);
  if (request.from || request.to) {
    if (!request.from || !request.to)
      throw new UserError('--from and --to go together', 'e.g. --from 2026-11-21T23:00 --to 2026-11-22T08:00');
    if (request.to <= request.from) throw new UserError('--to must be after --from', 'swap them');
    return fixedWindow(request.from, request.to, zone);
  }
  if (request.sinceMs) return fixedWindow(new Date(now.getTime() - request.sinceMs), now, zone);
  const span =
    request.window ??
    config.digest.window ??
    (config.wake.quiet_hours ? `${config.wake.quiet_hours.start}-${config.wake.quiet_hours.end}` : '23:00-08:00');
  const match = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(span);
  if (!match) throw new UserError(`--window "${span}" is not a span of clock times`, 'e.g. --window 23:00-08:00');
  return nightWindow({ start: match[1]!, end: match[2]! }, zone, now);
}

/** Reads the window's alerts, groups, ladders, checks and spend from the store and builds the digest. */
export async function makeDigest(
  config: Config,
  store: Store,
  window: DigestWindow,
  now: Date,
  options: { env?: Record<string, string | undefined> } = {},
): Promise<Digest> {
  const stored = await store.digest.alertsBetween(window.from, window.to, MAX_ALERTS);
  const alerts = stored.map((s) => ({
    id: s.alert.id,
    receivedAt: new Date(s.alert.receivedAt),
    source: s.alert.source,
    service: s.alert.service,
    title: s.alert.title,
    body: s.alert.body,
    labels: s.alert.labels,
    status: s.alert.status,
    severity: s.severity,
    fingerprint: s.alert.fingerprint,
    groupId: s.groupId,
    // Watch's own key: an alert stored by `soloops triage` (no group) is grouped by it in the digest.
    groupKey: groupKeyOf(s, config.watch.groupBy),
    link: sourceLink(s.alert.raw),
  }));
  const groupIds = [...new Set(alerts.map((a) => a.groupId).filter((id): id is number => id !== null))];
  const { fires_often } = config.digest;
  const [groups, openNow, ladders, firings, checks, spend, failed, quarantined] = await Promise.all([
    store.digest.groupsByIds(groupIds),
    store.watch.openGroups(100),
    store.digest.laddersOf(groupIds),
    store.digest.firings(
      alerts.map((a) => a.fingerprint),
      new Date(window.to.getTime() - fires_often.out_of * DAY_MS),
    ),
    store.digest.checkResultsBetween(window.from, window.to),
    spendThisMonth(store, config, now),
    store.digest.failedDigests(new Date(now.getTime() - 7 * DAY_MS)),
    store.watch.deadLetters({ since: window.from, limit: 5 }),
  ]);
  // An open group that has been quiet longer than resolve_timeout is not firing any more; it is
  // only never closed (a sender that sends no "resolved").
  const stillFiring = openNow.filter((g) => now.getTime() - g.lastSeen.getTime() <= config.watch.resolve_timeout);
  const deliveryProblems = failed.map(
    (d) =>
      `the digest for ${fixedWindow(d.window.from, d.window.to, window.timezone).label} ` +
      `was not delivered: ${d.error ?? 'unknown error'}`,
  );
  if (stored.length === MAX_ALERTS)
    deliveryProblems.push(`only the first ${MAX_ALERTS} alerts of the window are in this digest`);
  // Quarantined alerts were never triaged, so none of the sections above shows them.
  if (quarantined.total > 0) {
    const named = quarantined.items.map((d) => `"${d.title ?? d.id.slice(0, 8)}" (${d.error})`).join(', ');
    deliveryProblems.push(
      `${quarantined.total} alert${quarantined.total === 1 ? '' : 's'} could not be processed ` +
        `and were quarantined, never triaged: ${named}; see soloops watch status`,
    );
  }
  const digest = buildDigest({
    window,
    now,
    alerts,
    groups,
    openNow: stillFiring,
    ladders,
    firings,
    checks,
    spend: { calls: spend.calls, sms: spend.sms, costUsd: spend.costUsd },
    deliveryProblems,
    patterns: { nights: fires_often.nights, outOf: fires_often.out_of, tonight: fires_often.tonight },
    staleAfterMs: config.watch.resolve_timeout,
  });
  await llmSummaries(config, digest, options.env ?? {});
  return digest;
}

/**
 * Claude's summaries over the deterministic ones, only when enabled in config and
 * ANTHROPIC_API_KEY is set; loaded lazily so a digest without them never loads the SDK.
 * Bounded: 4 questions at once and 15 s in all, after which the rules' sentences stand.
 */
async function llmSummaries(config: Config, digest: Digest, env: Record<string, string | undefined>): Promise<void> {
  const settings = claudeSettings(config.digest.llm, env);
  if (!settings || digest.services.length === 0) return;
  const [{ createGroupSummarizer }, { applyLlmSummaries }] = await Promise.all([
    import('../../digest/llm-summary.js'),
    import('../../digest/summaries.js'),
  ]);
  const summarizer = createGroupSummarizer(settings);
  await applyLlmSummaries(digest, summarizer, { concurrency: 4, deadlineMs: 15_000 });
}
