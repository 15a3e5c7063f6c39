import { describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../../core/alert.js';
import { watchDefaults, type WatchConfig } from '../../core/config.js';
import { useStoreBackends } from '../../../test/helpers/store-backends.js';
import type { MaintenanceWindow } from './match.js';
import { createMuteCheck } from './mute-check.js';

// The mute check against silences stored on both backends, and maintenance windows from config.

const { backends, open } = await useStoreBackends('silences');
const T0 = new Date('2026-11-22T03:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function alert(over: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    id: 'a1',
    source: 'generic',
    service: 'api',
    title: 'api is down',
    body: '',
    labels: {},
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'fp',
    receivedAt: T0.toISOString(),
    raw: null,
    ...over,
  };
}
const watchWith = (maintenance: MaintenanceWindow[]): WatchConfig => ({ ...watchDefaults, maintenance }) as WatchConfig;

describe.each(backends)('mute check on $name', ({ name, skip, fresh }) => {
  it.skipIf(skip !== undefined)(`silences match while active, by every matcher (${name})`, async () => {
    const store = await open(await fresh());
    const api = await store.silences.add(
      { matchers: { service: 'api', 'labels.env': 'prod' }, startsAt: at(0), endsAt: at(3600), comment: 'deploy' },
      at(0),
    );
    await store.silences.add(
      { matchers: { title: '/^disk \\d+%/' }, startsAt: at(600), endsAt: at(1200), comment: '' },
      at(0),
    );
    const muted = createMuteCheck(store.silences, () => watchWith([]));
    const prod = alert({ labels: { env: 'prod' } });
    expect(await muted(prod, at(10))).toBe(`silenced by #${api} (deploy)`);
    expect(await muted(alert({ labels: { env: 'staging' } }), at(10))).toBeNull();
    expect(await muted(prod, at(3600))).toBeNull();
    const disk = alert({ service: 'web', title: 'disk 91% full' });
    expect(await muted(disk, at(599))).toBeNull();
    expect(await muted(disk, at(600))).toBe('silenced by #2');
    expect(await store.silences.expire(api, at(20))).toBe(true);
    expect(await muted(prod, at(30))).toBeNull();
  });

  it.skipIf(skip !== undefined)(
    `a maintenance window mutes inside its hours, before any silence (${name})`,
    async () => {
      const store = await open(await fresh());
      await store.silences.add({ matchers: { service: 'db' }, startsAt: at(0), endsAt: at(3600), comment: '' }, at(0));
      let windows: MaintenanceWindow[] = [
        { name: 'db-upgrade', match: { service: 'db' }, start: at(60).toISOString(), end: at(120).toISOString() },
      ];
      const muted = createMuteCheck(store.silences, () => watchWith(windows));
      const db = alert({ service: 'db' });
      expect(await muted(db, at(59))).toBe('silenced by #1');
      expect(await muted(db, at(60))).toBe('in maintenance window db-upgrade');
      expect(await muted(db, at(120))).toBe('silenced by #1');
      // Config is read on every check: a reload that drops the window takes effect at once.
      windows = [];
      expect(await muted(db, at(90))).toBe('silenced by #1');
    },
  );
});
