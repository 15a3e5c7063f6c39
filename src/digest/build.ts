import { DateTime } from 'luxon';
import { severityRank, type Severity } from '../core/alert.js';
import type { Digest, DigestAlert, DigestCheck, DigestGroup, DigestService } from '../core/digest.js';
import type { Ladder } from '../core/wake.js';
import type { AlertGroup, CheckResultRow } from '../core/watch.js';
import { patternOf, type PatternSettings, defaultPatternSettings } from './patterns.js';
import { summarize } from './summary.js';
import type { DigestWindow } from './window.js';

/** One stored alert, as the digest reads it. */
export interface DigestSourceAlert extends DigestAlert {
  service: string;
  fingerprint: string;
  groupId: number | null;
}

/** Everything a digest is made of, read from the store by the caller (src/app/digest/digest.ts). */
export interface DigestInput {
  window: DigestWindow;
  now: Date;
  alerts: DigestSourceAlert[];
  /** The groups those alerts joined, and the groups open now. */
  groups: AlertGroup[];
  openNow: AlertGroup[];
  ladders: Array<{ ladder: Ladder; calls: number; sms: number }>;
  /** Firings of these alerts' fingerprints over the last nights (for "fires often"). */
  firings: Array<{ fingerprint: string; receivedAt: Date }>;
  checks: CheckResultRow[];
  spend: { calls: number; sms: number; costUsd: number };
  deliveryProblems: string[];
  patterns?: PatternSettings;
}

const highest = (severities: Severity[]): Severity =>
  severities.reduce((a, b) => (severityRank(b) > severityRank(a) ? b : a), 'info' as Severity);
const bySeverityThenCount = (a: DigestGroup, b: DigestGroup) =>
  severityRank(b.severity) - severityRank(a.severity) || b.count - a.count;

/** Builds the digest: pure, so it is tested without a store and benchmarked alone. */
export function buildDigest(input: DigestInput): Digest {
  const { window } = input;
  const time = (d: Date) => DateTime.fromJSDate(d, { zone: window.timezone }).toFormat('HH:mm');
  const groups = new Map(input.groups.map((g) => [g.id, g]));
  const ladders = new Map(input.ladders.map((l) => [l.ladder.groupId, l]));
  const firingsByFingerprint = new Map<string, Date[]>();
  for (const f of input.firings)
    (firingsByFingerprint.get(f.fingerprint) ?? firingsByFingerprint.set(f.fingerprint, []).get(f.fingerprint)!).push(
      f.receivedAt,
    );

  const alertsByGroup = new Map<number, DigestSourceAlert[]>();
  for (const alert of input.alerts) {
    if (alert.groupId === null) continue;
    (alertsByGroup.get(alert.groupId) ?? alertsByGroup.set(alert.groupId, []).get(alert.groupId)!).push(alert);
  }

  const toDigestGroup = (
    group: AlertGroup,
    alerts: DigestSourceAlert[],
    wokeBy: AlertGroup | null = group,
  ): DigestGroup => {
    const firing = alerts.filter((a) => a.status === 'firing');
    const resolvedAt = group.resolvedAt;
    const durationMinutes = resolvedAt ? Math.round((resolvedAt.getTime() - group.firstSeen.getTime()) / 60_000) : null;
    const fingerprints = new Set(alerts.map((a) => a.fingerprint));
    const firings = [...fingerprints].flatMap((fp) => firingsByFingerprint.get(fp) ?? []);
    const wake = wokeBy ? ladders.get(wokeBy.id) : undefined;
    const latest = alerts.at(-1);
    return {
      groupId: group.id,
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
        {
          title: group.title,
          service: group.service,
          severity: group.severity,
          latestAlertId: latest?.id ?? group.lastAlertId,
        },
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

  // One entry per alert type: groups with the same key (a storm split by a quiet hour, a
  // type that resolved and fired again) are one line, shown as the newest group.
  const byType = new Map<string, { group: AlertGroup; alerts: DigestSourceAlert[]; woke: AlertGroup | null }>();
  for (const [groupId, alerts] of alertsByGroup) {
    const group = groups.get(groupId);
    if (!group) continue;
    const key = `${group.service}\n${group.key}`;
    const entry = byType.get(key);
    if (!entry) byType.set(key, { group, alerts: [...alerts], woke: ladders.has(group.id) ? group : null });
    else {
      entry.alerts.push(...alerts);
      if (group.id > entry.group.id) entry.group = group;
      if (!entry.woke && ladders.has(group.id)) entry.woke = group;
    }
  }
  const inWindow: DigestGroup[] = [];
  const services = new Map<string, DigestService>();
  for (const { group, alerts, woke } of byType.values()) {
    alerts.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    const digestGroup = toDigestGroup(group, alerts, woke);
    inWindow.push(digestGroup);
    const service =
      services.get(group.service) ??
      services.set(group.service, { service: group.service, count: 0, groups: [] }).get(group.service)!;
    service.count += alerts.length;
    service.groups.push(digestGroup);
  }
  for (const service of services.values()) service.groups.sort(bySeverityThenCount);
  const woke = inWindow.filter((g) => g.woke);
  const rank = (s: DigestService) => Math.max(...s.groups.map((g) => severityRank(g.severity) + (g.woke ? 10 : 0)));
  const stillFiring = input.openNow
    .map((g) => inWindow.find((d) => d.groupId === g.id) ?? toDigestGroup(g, [], null))
    .sort(bySeverityThenCount);
  return {
    id: null,
    window,
    generatedAt: input.now,
    totals: {
      alerts: input.alerts.length,
      groups: inWindow.length,
      woke: woke.length,
      waited: input.alerts.length - woke.reduce((n, g) => n + g.count, 0),
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
