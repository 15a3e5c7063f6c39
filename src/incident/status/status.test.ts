import { describe, expect, it } from 'vitest';
import { useStoreBackends } from '../../../test/helpers/store-backends.js';
import { checkSchema } from '../../core/config.js';
import { serviceSchema, statusSettingsDefaults } from '../../core/incident-config.js';
import type { Store } from '../../store/index.js';
import { dayLevel, loadStatusModel, renderStatusPage, type StatusConfig } from './index.js';

// The status page's model read from a real store: daily uptime, bar colours, grey days, incidents.

const { backends, open } = await useStoreBackends('status-model');

const NOW = new Date('2026-12-04T12:00:00Z');
const day = (date: string, time = '12:00:00') => new Date(`${date}T${time}Z`);

const config: StatusConfig = {
  services: [
    serviceSchema.parse({ id: 'api', name: 'API', checks: ['api-health', 'api-login'] }),
    serviceSchema.parse({ id: 'web', name: 'Website', description: 'The marketing site', checks: ['web'] }),
    serviceSchema.parse({ id: 'mail', name: 'Email', alert_services: ['smtp'] }),
  ],
  status: { ...statusSettingsDefaults, title: 'Acme status', bars: { operational: 90, degraded: 50 } },
  checks: ['api-health', 'api-login', 'web'].map((name) =>
    checkSchema.parse({ name, url: `https://example.test/${name}`, service: name }),
  ),
};

/** `ok` successes then `total - ok` failures of `check`, spread over the hours of `date`. */
async function probes(store: Store, check: string, date: string, ok: number, total: number) {
  for (let i = 0; i < total; i += 1)
    await store.watch.recordCheckResult({
      check,
      at: day(date, `${String(i % 24).padStart(2, '0')}:${String(i).padStart(2, '0')}:00`),
      ok: i < ok,
      status: i < ok ? 200 : 503,
      ms: 120,
      errorType: i < ok ? null : 'http',
      error: i < ok ? null : 'HTTP 503',
    });
}

const incident = (title: string, services: string[], severity: 'low' | 'critical' = 'low') => ({
  title,
  description: '',
  severity,
  priority: 'P2' as const,
  priorityAuto: false,
  services,
  reporter: 'me',
  detection: '',
});

describe('bar colour', () => {
  it('is green at or above status.bars.operational, amber at or above degraded, red below, grey without data', () => {
    const bars = statusSettingsDefaults.bars;
    expect(dayLevel(999, 1000, bars)).toBe('operational');
    expect(dayLevel(998, 1000, bars)).toBe('degraded');
    expect(dayLevel(990, 1000, bars)).toBe('degraded');
    expect(dayLevel(989, 1000, bars)).toBe('outage');
    expect(dayLevel(0, 0, bars)).toBe('none');
  });
});

describe.each(backends)('status model on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const fresh = async (): Promise<Store> => open(await backend.fresh());

  test('before any check result: every bar grey, "Data is being prepared.", 14 quiet days', async () => {
    const model = await loadStatusModel(await fresh(), config, NOW);
    expect(model).toMatchObject({ title: 'Acme status', overall: 'operational', hasData: false, active: [] });
    expect(model.services.map((s) => [s.id, s.state, s.uptime90])).toEqual([
      ['api', 'operational', null],
      ['web', 'operational', null],
      ['mail', 'operational', null],
    ]);
    const days = model.services[0]!.days;
    expect(days).toHaveLength(90);
    expect([days[0]!.date, days[89]!.date]).toEqual(['2026-09-06', '2026-12-04']);
    expect(days.every((d) => d.level === 'none' && d.uptime === null)).toBe(true);
    expect(model.past.map((d) => d.date)).toEqual(
      Array.from({ length: 14 }, (_, i) => new Date(NOW.getTime() - i * 86_400_000).toISOString().slice(0, 10)),
    );
    const html = renderStatusPage(model);
    expect(html).toContain('Data is being prepared.');
    expect(html.match(/No incidents reported\./g)).toHaveLength(14);
  });

  test("a day's uptime is its checks' successes over their probes, coloured by status.bars", async () => {
    const store = await fresh();
    await probes(store, 'api-health', '2026-12-01', 10, 10);
    await probes(store, 'api-login', '2026-12-01', 8, 10); // 18 / 20 = 90 %: still green (at the threshold)
    await probes(store, 'api-health', '2026-12-02', 6, 10); // amber
    await probes(store, 'api-health', '2026-12-03', 4, 10); // red
    await probes(store, 'web', '2026-09-05', 1, 1); // the day before the 90 days: not counted
    await probes(store, 'web', '2026-09-06', 2, 3);
    const model = await loadStatusModel(store, config, NOW);
    expect(model.hasData).toBe(true);
    const [api, web, mail] = model.services;
    const of = (date: string) => api!.days.find((d) => d.date === date);
    expect(of('2026-12-01')).toMatchObject({ uptime: 90, level: 'operational' });
    expect(of('2026-12-02')).toMatchObject({ uptime: 60, level: 'degraded' });
    expect(of('2026-12-03')).toMatchObject({ uptime: 40, level: 'outage' });
    expect(of('2026-12-04')).toMatchObject({ uptime: null, level: 'none' });
    expect(api!.uptime90).toBe(70); // 28 / 40
    expect(web!.days[0]).toMatchObject({ date: '2026-09-06', uptime: 66.666, level: 'degraded' });
    expect(web!.uptime90).toBe(66.666); // truncated, never rounded up
    expect(mail!.uptime90).toBeNull();
    // api-health's newest probes failed past its failure threshold: down, api-login up → Degraded.
    expect(api!.state).toBe('degraded');
  });

  test('incidents: on the bars of the days they were open, active with a timeline, past by day opened', async () => {
    const store = await fresh();
    await probes(store, 'web', '2026-12-04', 1, 1);
    const old = await store.incidents.create(incident('Login slow', ['api']), day('2026-12-01', '23:00:00'), 'me');
    await store.incidents.updateStatus(
      old.id,
      { status: 'resolved', note: 'Fixed', author: 'me' },
      day('2026-12-02', '01:00:00'),
      () => {},
    );
    const now = await store.incidents.create(
      incident('Mail <delayed>', ['smtp'], 'critical'),
      day('2026-12-04', '09:00:00'),
      'me',
    );
    await store.incidents.updateStatus(
      now.id,
      { status: 'identified', note: 'Provider down', author: 'me' },
      day('2026-12-04', '10:00:00'),
      () => {},
    );
    const model = await loadStatusModel(store, config, NOW);

    const [api, web, mail] = model.services;
    const titles = (s: typeof api, date: string) => s!.days.find((d) => d.date === date)!.incidents.map((i) => i.title);
    expect(titles(api, '2026-11-30')).toEqual([]);
    expect(titles(api, '2026-12-01')).toEqual(['Login slow']);
    expect(titles(api, '2026-12-02')).toEqual(['Login slow']);
    expect(titles(api, '2026-12-03')).toEqual([]);
    expect(titles(mail, '2026-12-04')).toEqual(['Mail <delayed>']);
    expect(titles(web, '2026-12-04')).toEqual([]);

    expect(model.active).toHaveLength(1);
    expect(model.active[0]).toMatchObject({ id: now.id, status: 'identified', services: ['mail'] });
    expect(model.active[0]!.updates.map((u) => u.status)).toEqual(['investigating', 'identified']);
    // A critical incident on a service without checks is an Outage: one service of three → Partial Outage.
    expect([mail!.state, model.overall]).toEqual(['outage', 'partial_outage']);

    const past = new Map(model.past.map((d) => [d.date, d.incidents.map((i) => i.title)]));
    expect(past.get('2026-12-04')).toEqual(['Mail <delayed>']);
    expect(past.get('2026-12-02')).toEqual([]);
    expect(past.get('2026-12-01')).toEqual(['Login slow']);
    expect(model.past.filter((d) => d.incidents.length === 0)).toHaveLength(12);
  });
});
