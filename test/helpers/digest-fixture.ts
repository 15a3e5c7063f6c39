// Hand-built digests for the render tests (src/digest/render/render.test.ts, the digest view and
// test/e2e/digest-html.test.ts). Not imported by the CLI, so tsup never bundles it.
import type { Severity } from '../../src/core/alert.js';
import type { Digest, DigestAlert, DigestGroup } from '../../src/core/digest.js';

/** A wall-clock time on the night of 22→23 Nov 2025 in Seoul (UTC+9, no DST): "23:05" or "03:10". */
export function seoul(hhmm: string): Date {
  const day = hhmm >= '12:00' ? '2025-11-22' : '2025-11-23';
  return new Date(`${day}T${hhmm}:00+09:00`);
}

let nextAlert = 0;

/** `count` alerts spread evenly between two Seoul times, ids unique within one digest. */
function alerts(
  count: number,
  from: string,
  to: string,
  base: Partial<DigestAlert> & { title: string },
): DigestAlert[] {
  const start = seoul(from).getTime();
  const step = count > 1 ? (seoul(to).getTime() - start) / (count - 1) : 0;
  return Array.from({ length: count }, (_, i) => ({
    id: `0b5e${String(++nextAlert).padStart(4, '0')}-7d1c-4e2a-9f00-${String(nextAlert).padStart(12, '0')}`,
    receivedAt: new Date(start + i * step),
    source: 'generic',
    body: `${base.title} (#${i + 1})`,
    labels: { env: 'prod' },
    status: i === count - 1 ? 'resolved' : 'firing',
    severity: 'warning' as Severity,
    link: null,
    ...base,
  }));
}

function group(
  groupId: number,
  severity: Severity,
  title: string,
  list: DigestAlert[],
  extra: Partial<DigestGroup>,
): DigestGroup {
  const first = list[0]!.receivedAt;
  const last = list[list.length - 1]!.receivedAt;
  return {
    groupId,
    ref: `#${groupId}`,
    totalCount: list.length,
    title,
    severity,
    count: list.length,
    firstSeen: first,
    lastSeen: last,
    resolvedAt: last,
    durationMinutes: Math.round((last.getTime() - first.getTime()) / 60_000),
    summary: `${title}: ${list.length} alerts.`,
    summaryBy: 'rules',
    pattern: null,
    woke: null,
    alerts: list,
    ...extra,
  };
}

/** A 300-character token with no break opportunity, the kind of thing that widens a phone page. */
export const LONG_TOKEN = `tok_${'x9'.repeat(148)}`;
export const SCRIPT_TITLE = '<script>alert(1)</script> in checkout page';

/**
 * One night in Seoul: a payment failure that woke the person, 46 other alerts in 3 services, a
 * "fires often" pattern with a suggestion, a health check, still-firing groups (one from an
 * earlier night, in no service) and an alert with a script title, a long token and a javascript: link.
 */
export function nightDigest(): Digest {
  // Every call builds the same ids, so two renders of two fresh digests can be compared.
  nextAlert = 0;
  const payment = group(
    12,
    'critical',
    'Payment failures: card charges failing',
    alerts(1, '03:08', '03:08', {
      title: 'Card charge failed for 38% of attempts',
      source: 'sentry',
      severity: 'critical',
      link: 'https://sentry.example.com/organizations/acme/issues/4211/',
      labels: { env: 'prod', region: 'ap-northeast-2' },
    }),
    {
      resolvedAt: seoul('03:40'),
      durationMinutes: 32,
      summary: 'Card charges failed for 38% of attempts at peak; resolved at 03:40.',
      woke: { at: seoul('03:10'), calls: 2, sms: 1, ackedAt: seoul('03:12'), ackedVia: 'call', outcome: 'woke' },
    },
  );
  const webhooks = group(
    13,
    'warning',
    'Stripe webhook retries',
    alerts(10, '23:05', '07:40', { title: 'Stripe webhook delivery retried', source: 'datadog' }),
    {
      pattern: {
        nights: 6,
        outOf: 7,
        tonight: 10,
        reason: 'fired on 6 of the last 7 nights',
        suggestion: "soloops triage rules add --match 'title~Stripe webhook retried' --severity info",
      },
    },
  );
  const errors = group(
    20,
    'warning',
    '5xx rate above 2% on api-gateway',
    alerts(20, '01:00', '02:35', { title: '5xx rate above 2%', source: 'grafana' }),
    {},
  );
  const hostile = group(
    21,
    'info',
    SCRIPT_TITLE,
    alerts(1, '04:20', '04:20', {
      title: SCRIPT_TITLE,
      source: 'generic',
      severity: 'info',
      link: 'javascript:alert(1)',
      body: `Stack trace follows\n${LONG_TOKEN}\n  at checkout (app.js:1:1)`,
      labels: { 'x<y': '"quoted" & <b>bold</b>', token: LONG_TOKEN },
    }),
    { summary: `Client error ${SCRIPT_TITLE} reported once.` },
  );
  const lag = group(
    30,
    'warning',
    'Replication lag on db-1',
    alerts(15, '05:02', '07:58', { title: 'Replication lag 42s', source: 'cloudwatch' }),
    {
      resolvedAt: null,
      durationMinutes: null,
      summary: 'Replica lag climbed to 42 s at 07:58 and is still above 30 s.',
    },
  );
  // Opened the night before, so it is in no service of this window.
  const diskAlerts = alerts(1, '21:00', '21:00', {
    title: 'Disk 95% full',
    source: 'uptime-kuma',
    severity: 'critical',
    status: 'firing',
    receivedAt: new Date('2025-11-21T21:00:00+09:00'),
  });
  const disk = group(40, 'critical', 'Disk 95% full on backup-1', diskAlerts, {
    resolvedAt: null,
    durationMinutes: null,
  });
  return {
    id: 7,
    window: {
      from: seoul('23:00'),
      to: seoul('08:00'),
      timezone: 'Asia/Seoul',
      label: 'Night of 22 Nov, 23:00–08:00 Asia/Seoul',
    },
    generatedAt: seoul('08:00'),
    totals: { alerts: 47, groups: 5, woke: 1, wouldHaveWoken: 0, wakeFailed: 0, waited: 2 },
    spend: { calls: 4, sms: 3, costUsd: 0.1532 },
    // Store order puts the warning first; the renderers must show the critical one first.
    stillFiring: [lag, disk],
    services: [
      { service: 'api', count: 21, groups: [errors, hostile] },
      { service: 'db', count: 15, groups: [lag] },
      { service: 'payments', count: 11, groups: [webhooks, payment] },
    ],
    checks: [
      {
        check: 'api-health',
        probes: 108,
        uptimePct: 99.074,
        downMinutes: 5,
        slowest: [
          { at: seoul('03:09'), ms: 2840 },
          { at: seoul('03:11'), ms: 1900 },
        ],
      },
    ],
    deliveryProblems: ['ntfy: 2 sends failed at 03:10 (HTTP 502)'],
  };
}

/** A night where nothing fired: only the health check and the month's spend. */
export function quietDigest(): Digest {
  const night = nightDigest();
  return {
    ...night,
    totals: { alerts: 0, groups: 0, woke: 0, wouldHaveWoken: 0, wakeFailed: 0, waited: 0 },
    stillFiring: [],
    services: [],
    deliveryProblems: [],
  };
}
