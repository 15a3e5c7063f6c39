import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../../core/alert.js';
import { startSmtp, type FakeSmtp } from '../../../test/helpers/fake-smtp.js';
import { useStoreBackends } from '../../../test/helpers/store-backends.js';
import { createAppContext, withStore, type AppContext } from '../context.js';
import { WOULD_HAVE_WOKEN_YOU } from '../wake/wording.js';
import { resolveWindow } from './digest.js';
import { readDigest, sendDigest } from './night.js';
import { renderDigest } from './render.js';
import { showGroup } from './show.js';

// The digest services over a real store on both backends, the clock passed in: a night is sent
// once however many times `digest --send` runs before it ends; a wake nobody could carry says so.

const { backends, tempDir } = await useStoreBackends('digest-night');
const smtps: FakeSmtp[] = [];
afterEach(async () => {
  for (const smtp of smtps.splice(0)) await smtp.close();
});

/** A wall-clock time in Seoul (UTC+9): 22 Nov 2026 from noon, 23 Nov before it. */
const seoul = (hhmm: string, day = hhmm >= '12:00' ? '2026-11-22' : '2026-11-23') =>
  new Date(`${day}T${hhmm}:00+09:00`);

async function appOn(backend: (typeof backends)[number], smtp: FakeSmtp): Promise<AppContext> {
  const options = await backend.fresh();
  const dir = tempDir();
  const config = path.join(dir, 'soloops.yaml');
  fs.writeFileSync(
    config,
    [
      'timezone: Asia/Seoul',
      'wake: {email: {smtp_url: {env: SMTP_URL}, from: soloops@example.com, to: me@example.com}}',
      'digest: {window: "23:00-08:00", send: [email]}',
      '',
    ].join('\n'),
  );
  return createAppContext({ config, home: options.home, db: options.url, env: { SMTP_URL: smtp.url }, cwd: dir });
}

function alert(title: string, at: Date): NormalizedAlert {
  const id = `${at.getTime().toString(16).slice(-8)}-0000-8000-8000-000000000000`;
  const base = { id, source: 'generic' as const, service: 'payments', title, body: '', labels: {} };
  return {
    ...base,
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: title,
    receivedAt: at.toISOString(),
    raw: null,
  };
}

describe.each(backends)('digest services on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);

  test('a night still going is sent once; a later run the same night is not, unless forced', async () => {
    const smtp = await startSmtp();
    smtps.push(smtp);
    const app = await appOn(backend, smtp);
    const send = async (now: Date, force?: boolean) =>
      sendDigest(app, resolveWindow(app.config, {}, now), now, ['email'], force);

    expect(await send(seoul('02:00'))).toMatchObject({ status: 'sent' });
    // The window is cut at now (23:00–05:00 this time), yet it is the same night.
    expect(resolveWindow(app.config, {}, seoul('05:00')).label).toContain('23:00–05:00');
    expect(await send(seoul('05:00'))).toMatchObject({ status: 'already-sent' });
    expect(await send(seoul('08:05'))).toMatchObject({ status: 'already-sent' });
    expect(smtp.messages).toHaveLength(1);
    expect(await send(seoul('08:05'), true)).toMatchObject({ status: 'sent' });
    expect(smtp.messages).toHaveLength(2);
    // The next night is a new one.
    expect(await send(seoul('02:00', '2026-11-24'))).toMatchObject({ status: 'sent' });
    expect(smtp.messages).toHaveLength(3);
  });

  test('a critical group whose ladder had no channel would have woken you; times shown in the zone', async () => {
    const smtp = await startSmtp();
    smtps.push(smtp);
    const app = await appOn(backend, smtp);
    const fired = seoul('03:10');
    const groupId = await withStore(app, {}, async (store) => {
      const down = alert('payments down', fired);
      await store.watch.enqueue([down]);
      const [group] = await store.watch.commitGrouped(
        [
          {
            result: { alert: down, severity: 'critical', confidence: 1, classifier: 'rule', reason: 'rule p' },
            groupKey: 'k',
          },
        ],
        { now: fired, staleAfterMs: 3_600_000 },
      );
      // What the wake ladder stores when no channel is configured: a ladder with no step.
      await store.wake.startLadder(group!.id, [], fired);
      return group!.id;
    });
    const now = seoul('08:05');
    const digest = await readDigest(app, resolveWindow(app.config, {}, now), now);
    expect(digest.totals).toMatchObject({ alerts: 1, woke: 0, wouldHaveWoken: 1 });
    const text = renderDigest(digest, 'text', { color: false });
    expect(text).toContain(`1 ${WOULD_HAVE_WOKEN_YOU}`);
    expect(text).toContain(`${WOULD_HAVE_WOKEN_YOU} 03:10`);
    expect(text).not.toMatch(/\bwoke you 03:10/);

    const detail = await showGroup(app, { groupId }, 10);
    expect(detail).toMatchObject({ grouped: true, ref: `#${groupId}`, timezone: 'Asia/Seoul' });
    expect(detail?.alerts).toHaveLength(1);
  });

  test('alerts stored by soloops triage are one type in the digest and in digest show', async () => {
    const smtp = await startSmtp();
    smtps.push(smtp);
    const app = await appOn(backend, smtp);
    const verdict = { severity: 'warning' as const, confidence: 0.9, classifier: 'model' as const, reason: 'model: x' };
    const stored = [seoul('01:00'), seoul('01:30'), seoul('02:00')].map((at) => alert('disk full', at));
    await withStore(app, {}, (store) => store.insertTriageResults(stored.map((a) => ({ alert: a, ...verdict }))));
    const now = seoul('08:05');
    const digest = await readDigest(app, resolveWindow(app.config, {}, now), now);
    expect(digest.totals).toMatchObject({ alerts: 3, groups: 1, waited: 3 });
    const [type] = digest.services[0]!.groups;
    expect(type).toMatchObject({ groupId: null, count: 3, ref: stored[2]!.id.slice(0, 8) });
    const detail = await showGroup(app, { alertId: type!.ref }, 10);
    expect(detail).toMatchObject({ grouped: false, ref: type!.ref, group: { alertCount: 3, title: 'disk full' } });
    expect(detail?.alerts.map((a) => a.alert.id)).toEqual(stored.map((a) => a.id));
  });
});
