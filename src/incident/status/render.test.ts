import { describe, expect, it } from 'vitest';
import type { Incident } from '../../core/incident.js';
import { serviceSchema, statusSettingsDefaults } from '../../core/incident-config.js';
import type { CheckDay } from '../../core/sla.js';
import { buildStatusModel, type StatusInput } from './build.js';
import { renderStatusPage } from './render.js';

// The page's HTML: what it says, what it escapes, what the live option adds, and its weight.

const NOW = new Date('2026-12-04T12:00:00Z');
const DAY = 86_400_000;
const EVIL = `"><img src=x onerror=alert(1)><script>alert(2)</script>'&`;

function input(services: number, overrides: Partial<StatusInput> = {}): StatusInput {
  const configs = Array.from({ length: services }, (_, i) =>
    serviceSchema.parse({
      id: `svc-${i}`,
      name: `Service number ${i}`,
      description: `What service ${i} does for the customers who pay for it`,
      checks: [`check-${i}`],
    }),
  );
  const checkDays: CheckDay[] = configs.flatMap((_, i) =>
    Array.from({ length: 90 }, (_, d) => ({
      check: `check-${i}`,
      day: new Date(NOW.getTime() - d * DAY).toISOString().slice(0, 10),
      total: 1440,
      ok: 1440 - ((i * 7 + d) % 13 === 0 ? 30 : (d % 5) * 2),
    })),
  );
  return {
    title: 'Acme status',
    bars: statusSettingsDefaults.bars,
    services: configs,
    checks: new Map(),
    checkDays,
    incidents: [],
    updates: new Map(),
    now: NOW,
    ...overrides,
  };
}

function incident(n: number, daysAgo: number, fields: Partial<Incident> = {}): Incident {
  const createdAt = new Date(NOW.getTime() - daysAgo * DAY - 3_600_000);
  return {
    id: `inc-2026-${String(n).padStart(3, '0')}`,
    title: `Elevated error rates on the checkout API for some customers (${n})`,
    description: '',
    severity: 'high',
    priority: 'P2',
    priorityAuto: true,
    status: 'resolved',
    services: [`svc-${n % 10}`],
    reporter: 'soloops watch',
    detection: '3 checks in a row failed',
    createdAt,
    resolvedAt: new Date(createdAt.getTime() + 5_400_000),
    version: 1,
    ...fields,
  };
}

describe('renderStatusPage', () => {
  it('weighs at most 100 KB for 10 services with 90 days and a busy incident history', () => {
    const incidents = Array.from({ length: 30 }, (_, n) => incident(n, n * 3));
    const updates = new Map(
      incidents.map((x) => [
        x.id,
        (['investigating', 'identified', 'monitoring', 'resolved'] as const).map((status, k) => ({
          status,
          note: `We are looking into reports of errors on checkout; next update in 30 minutes (${k}).`,
          author: 'ana',
          createdAt: new Date(x.createdAt.getTime() + k * 1_800_000),
        })),
      ]),
    );
    const html = renderStatusPage(buildStatusModel(input(10, { incidents, updates })), { live: true });
    expect(html.match(/<i tabindex=0 role=img class=[odxn] aria-label="/g)).toHaveLength(900);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(100_000);
    console.info(`[status page] 10 services, 30 incidents: ${Buffer.byteLength(html)} bytes`);
  });

  it('escapes every string from config and incidents', () => {
    const service = serviceSchema.parse({ id: 'api', name: EVIL, description: EVIL, checks: ['api'] });
    const active = incident(1, 0, { title: EVIL, services: ['api'], status: 'investigating', resolvedAt: null });
    const model = buildStatusModel({
      ...input(0),
      title: EVIL,
      services: [service],
      checkDays: [{ check: 'api', day: '2026-12-04', total: 10, ok: 10 }],
      incidents: [active],
      updates: new Map([[active.id, [{ status: 'investigating', note: EVIL, author: 'x', createdAt: NOW }]]]),
    });
    const html = renderStatusPage(model, { live: true, eventsUrl: `</script>${EVIL}` });
    expect(html).not.toMatch(/<img|<script>alert/);
    // The page's own script, opened and closed once: the events URL cannot end it early.
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(html).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;');
  });

  it('says "Data is being prepared." before any check result, and names the banner in words', () => {
    const quiet = buildStatusModel(input(2, { checkDays: [] }));
    expect(renderStatusPage(quiet)).toContain('Data is being prepared.');
    expect(renderStatusPage(quiet)).not.toContain('class="bars"');
    expect(renderStatusPage(quiet)).not.toContain('Active incidents');
    expect(renderStatusPage(quiet)).toContain('All Systems Operational');
    const page = renderStatusPage({ ...quiet, overall: 'major_outage' });
    expect(page).toContain('Major Outage');
  });

  it('labels each bar with its date, uptime and the incidents of that day', () => {
    const open = incident(7, 1, { status: 'monitoring', resolvedAt: null, services: ['svc-0'], title: 'Slow search' });
    const html = renderStatusPage(buildStatusModel(input(1, { incidents: [open] })));
    expect(html).toContain('aria-label="3 Dec 2026: 99.86% uptime, 1 incident: Slow search"');
    expect(html).toContain('aria-label="4 Dec 2026: 97.91% uptime, 1 incident: Slow search"');
    expect(html).toContain('aria-label="2 Dec 2026: 99.72% uptime, no incidents"');
    expect(html).toMatch(/<h2 id="active">Active incidents<\/h2>\n<article class="card incident active major">/);
  });

  it('adds the live script only when asked: SSE on status/events, the page fetched again on `update`', () => {
    const model = buildStatusModel(input(1));
    expect(renderStatusPage(model)).not.toContain('EventSource');
    const live = renderStatusPage(model, { live: true });
    expect(live).toContain('new EventSource("status/events")');
    expect(live).toContain('addEventListener("update"');
    expect(renderStatusPage(model, { live: true, eventsUrl: '/x/status/events' })).toContain('"/x/status/events"');
  });
});
