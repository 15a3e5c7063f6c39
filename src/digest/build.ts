import { wakeOutcomeOfLadder } from '../core/wake-outcome.js';
import { DateTime } from 'luxon';
import { severityRank, type Severity } from '../core/alert.js';
import type { Digest, DigestCheck, DigestGroup, DigestService, WakeOutcome } from '../core/digest.js';
import type { Ladder } from '../core/wake.js';
import type { AlertGroup, CheckResultRow } from '../core/watch.js';
import { alertTypes, type DigestSourceAlert } from './alert-types.js';
import { patternOf, type PatternSettings, defaultPatternSettings } from './patterns.js';
import { summarize } from './summary.js';
import type { DigestWindow } from './window.js';

export type { DigestSourceAlert } from './alert-types.js';

/** A ladder as the digest reads it: how many calls and texts went out, and how many attempts got through. */
export interface DigestLadder {
  ladder: Ladder;
  calls: number;
  sms: number;
  /** Attempts on any channel that the provider took (not failed, not still sending). */
  delivered?: number;
}

/** Everything a digest is made of, read from the store by the caller (src/app/digest/digest.ts). */
export interface DigestInput {
  window: DigestWindow;
  now: Date;
  /** Oldest first. */
  alerts: DigestSourceAlert[];
  /** The groups those alerts joined, and the groups open now. */
  groups: AlertGroup[];
  openNow: AlertGroup[];
  ladders: DigestLadder[];
  /** Firings of these alerts' fingerprints over the last nights (for "fires often"). */
  firings: Array<{ fingerprint: string; receivedAt: Date }>;
  checks: CheckResultRow[];
  spend: { calls: number; sms: number; costUsd: number };
  deliveryProblems: string[];
  patterns?: PatternSettings;
  /** Watch's resolve_timeout: alerts without a group start a new one after this long a quiet spell. */
  staleAfterMs?: number;
}

const highest = (severities: Severity[]): Severity =>
  severities.reduce((a, b) => (severityRank(b) > severityRank(a) ? b : a), 'info' as Severity);
const bySeverityThenCount = (a: DigestGroup, b: DigestGroup) =>
  severityRank(b.severity) - severityRank(a.severity) || b.count - a.count;
const HOUR_MS = 3600_000;

/**
 * What the stored ladder says happened: stored with no step means no wake channel was configured
 * when it fired (nobody was called); every step run and none delivered nor acknowledged, not reached.
 */
export function wakeOutcome(entry: DigestLadder): WakeOutcome {
  return wakeOutcomeOfLadder(entry.ladder, entry.delivered ?? entry.calls + entry.sms);
}

/** Builds the digest: pure, so it is tested without a store and benchmarked alone. */
export function buildDigest(input: DigestInput): Digest {
  const { window } = input;
  const time = (d: Date) => DateTime.fromJSDate(d, { zone: window.timezone }).toFormat('HH:mm');
  const ladders = new Map(input.ladders.map((l) => [l.ladder.groupId, l]));
  const firingsByFingerprint = new Map<string, Date[]>();
  for (const f of input.firings)
    (firingsByFingerprint.get(f.fingerprint) ?? firingsByFingerprint.set(f.fingerprint, []).get(f.fingerprint)!).push(
      f.receivedAt,
    );

  const toDigestGroup = (
    group: AlertGroup,
    groupId: number | null,
    alerts: DigestSourceAlert[],
    wokeBy: AlertGroup | null,
  ): DigestGroup => {
    const firing = alerts.filter((a) => a.status === 'firing');
    const resolvedAt = group.resolvedAt;
    const durationMinutes = resolvedAt ? Math.round((resolvedAt.getTime() - group.firstSeen.getTime()) / 60_000) : null;
    const fingerprints = new Set(alerts.map((a) => a.fingerprint));
    const firings = [...fingerprints].flatMap((fp) => firingsByFingerprint.get(fp) ?? []);
    const wake = wokeBy ? ladders.get(wokeBy.id) : undefined;
    const latest = alerts.at(-1);
    const latestAlertId = latest?.id ?? group.lastAlertId;
    return {
      groupId,
      ref: groupId === null ? latestAlertId.slice(0, 8) : `#${groupId}`,
      totalCount: groupId === null ? alerts.length : Math.max(group.alertCount, alerts.length),
      title: group.title,
      severity: firing.length ? highest(firing.map((a) => a.severity)) : group.severity,
      count: alerts.length,
      firstSeen: alerts[0]?.receivedAt ?? group.firstSeen,
      lastSeen: latest?.receivedAt ?? group.lastSeen,
      resolvedAt,
      durationMinutes,
      summary: summarize({ title: group.title, count: alerts.length, durationMinutes, resolvedAt }, alerts, time),
      summaryBy: 'rules',
      pattern: patternOf(
        { title: group.title, service: group.service, severity: group.severity, latestAlertId },
        firings,
        alerts.length,
        window.to,
        input.patterns ?? defaultPatternSettings,
      ),
      woke: wake
        ? {
            at: wake.ladder.startedAt,
            calls: wake.calls,
            sms: wake.sms,
            ackedAt: wake.ladder.ackedAt,
            ackedVia: wake.ladder.ackedVia,
            outcome: wakeOutcome(wake),
          }
        : null,
      alerts: alerts.map(({ id, receivedAt, source, title, body, labels, status, severity, link }) => ({
        id,
        receivedAt,
        source,
        title,
        body,
        labels,
        status,
        severity,
        link,
      })),
    };
  };

  // One entry per alert type, whether its alerts came through watch or were stored by `soloops triage`.
  const types = alertTypes(
    input.alerts,
    new Map(input.groups.map((g) => [g.id, g])),
    new Set(ladders.keys()),
    input.staleAfterMs ?? HOUR_MS,
  );
  const inWindow: DigestGroup[] = [];
  const services = new Map<string, DigestService>();
  for (const { shown, groupId, alerts, woke } of types) {
    alerts.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    const digestGroup = toDigestGroup(shown, groupId, alerts, woke);
    inWindow.push(digestGroup);
    const service =
      services.get(shown.service) ??
      services.set(shown.service, { service: shown.service, count: 0, groups: [] }).get(shown.service)!;
    service.count += alerts.length;
    service.groups.push(digestGroup);
  }
  for (const service of services.values()) service.groups.sort(bySeverityThenCount);
  const rang = inWindow.filter((g) => g.woke);
  const outcomes = (outcome: WakeOutcome) => rang.filter((g) => g.woke?.outcome === outcome).length;
  const rank = (s: DigestService) => Math.max(...s.groups.map((g) => severityRank(g.severity) + (g.woke ? 10 : 0)));
  const stillFiring = input.openNow
    .map((g) => inWindow.find((d) => d.groupId === g.id) ?? toDigestGroup(g, g.id, [], null))
    .sort(bySeverityThenCount);
  return {
    id: null,
    window,
    generatedAt: input.now,
    totals: {
      alerts: input.alerts.length,
      groups: inWindow.length,
      woke: outcomes('woke'),
      wouldHaveWoken: outcomes('no-channel'),
      wakeFailed: outcomes('not-reached'),
      waited: input.alerts.length - rang.reduce((n, g) => n + g.count, 0),
    },
    spend: input.spend,
    stillFiring,
    services: [...services.values()].sort((a, b) => rank(b) - rank(a) || b.count - a.count),
    checks: summarizeChecks(input.checks, window.to),
    deliveryProblems: input.deliveryProblems,
  };
}

/** Uptime over the window per check: a failed probe counts as down until the next probe. */
export function summarizeChecks(results: CheckResultRow[], end: Date): DigestCheck[] {
  const byCheck = new Map<string, CheckResultRow[]>();
  for (const r of results) (byCheck.get(r.check) ?? byCheck.set(r.check, []).get(r.check)!).push(r);
  return [...byCheck]
    .map(([check, rows]) => {
      let downMs = 0;
      rows.forEach((r, i) => {
        if (!r.ok) downMs += (rows[i + 1]?.at ?? end).getTime() - r.at.getTime();
      });
      const ok = rows.filter((r) => r.ok).length;
      const slowest = [...rows]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3)
        .map((r) => ({ at: r.at, ms: Math.round(r.ms) }));
      return {
        check,
        probes: rows.length,
        uptimePct: Math.round((ok / rows.length) * 1000) / 10,
        downMinutes: Math.round(downMs / 60_000),
        slowest,
      };
    })
    .sort((a, b) => a.uptimePct - b.uptimePct || a.check.localeCompare(b.check));
}
