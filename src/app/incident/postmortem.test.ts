import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTMORTEM_PLACEHOLDERS, postmortemTemplate } from '../../architect/kit/postmortem.js';
import { useStoreBackends } from '../../../test/helpers/store-backends.js';
import { createAppContext, withStore, type AppContext } from '../context.js';
import { openIncident, updateIncident } from './incidents.js';
import { fillPostmortem, postmortem, writePostmortem } from './postmortem.js';

// The filler over a real store on both backends, the clock passed in: an incident opened, moved and
// resolved in Paris, its checks down for part of it, filled into the built-in and a custom template.

const { backends, tempDir } = await useStoreBackends('postmortem');

const at = (hhmm: string) => new Date(`2026-11-03T${hhmm}:00Z`);

async function appOn(backend: (typeof backends)[number]): Promise<AppContext> {
  const options = await backend.fresh();
  const dir = tempDir();
  const config = path.join(dir, 'soloops.yaml');
  fs.writeFileSync(
    config,
    [
      'timezone: Europe/Paris',
      'checks: [{name: api-health, url: "https://api.example.com/health", service: api}]',
      'services:',
      '  - {id: api, name: Public API, checks: [api-health]}',
      '  - {id: docs, name: Documentation}',
      '',
    ].join('\n'),
  );
  return createAppContext({ config, home: options.home, db: options.url, env: { USER: 'ana' }, cwd: dir });
}

/** api-health: up at 10:00, failing from 10:05 to 10:20 (every minute), up again after. */
async function seedChecks(app: AppContext): Promise<void> {
  await withStore(app, {}, async (store) => {
    for (let minute = 0; minute <= 40; minute++) {
      const ok = minute < 5 || minute >= 20;
      await store.watch.recordCheckResult({
        check: 'api-health',
        at: new Date(at('10:00').getTime() + minute * 60_000),
        ok,
        status: ok ? 200 : null,
        ms: 80,
        errorType: ok ? null : 'timeout',
        error: ok ? null : 'timeout',
      });
    }
  });
}

describe.each(backends)('incident postmortem on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);

  test('fills every field, the timeline and the SLA effect, times in the person’s zone', async () => {
    const app = await appOn(backend);
    await seedChecks(app);
    const opened = await openIncident(
      app,
      {
        title: 'API returns 502',
        services: ['api', 'docs', 'billing'],
        severity: 'high',
        detection: 'api-health down',
      },
      at('10:06'),
    );
    await updateIncident(app, { id: opened.id, status: 'identified', note: 'bad deploy\nrolling back' }, at('10:12'));
    await updateIncident(app, { id: opened.id, status: 'resolved', note: 'rolled back; 502s gone' }, at('10:30'));

    const done = await postmortem(app, { id: opened.id.slice(0, -1) }, at('11:00'));
    expect(done.id).toBe(opened.id);
    expect(done.unknown).toEqual([]);
    const md = done.markdown;
    expect(md).not.toMatch(/\{\{\s*\w+\s*\}\}/);
    expect(md).toContain(`# Postmortem: API returns 502 (${opened.id})`);
    expect(md).toContain('| Severity / priority | high / P1 (auto) |');
    expect(md).toContain('| Affected services | api, docs, billing |');
    expect(md).toMatch(/\| Opened \| 2026-11-03 11:06 \S+ \|/);
    expect(md).toMatch(/\| Resolved \| 2026-11-03 11:30 \S+ \|/);
    expect(md).toContain('| Duration | 24m |');
    expect(md).toContain('All times Europe/Paris.');
    expect(md).toMatch(/- \*\*2026-11-03 11:06 \S+\*\* — investigating: Incident opened\. \(ana\)/);
    expect(md).toMatch(/- \*\*2026-11-03 11:12 \S+\*\* — identified: bad deploy\n {2}rolling back \(ana\)/);
    expect(md).toMatch(/- \*\*2026-11-03 11:30 \S+\*\* — resolved: rolled back; 502s gone \(ana\)/);
    // Down from the first of 3 failures (10:05) to the first of 2 successes (10:20); the incident saw 10:06–10:20.
    expect(md).toContain(
      '- Public API (`api`): down 14m during the incident; 2026-11: 75 % of the time up, 15m down in all ' +
        '(checks api-health).',
    );
    expect(md).toContain('- Documentation (`docs`): no health checks, so no measured downtime.');
    expect(md).toContain('- `billing`: not in `services:` of soloops.yaml, so nothing was measured.');
  });

  test('an open incident says so; a custom template keeps unknown placeholders and names them', async () => {
    const app = await appOn(backend);
    const opened = await openIncident(app, { title: 'Slow search' }, at('09:00'));
    const file = path.join(app.cwd, 'mine.md');
    fs.writeFileSync(
      file,
      '# {{ title }} [{{id}}]\n{{duration}} · {{resolved}}\n{{sla_effect}}\n{{owner}} {{owner}}\n',
    );
    const done = await postmortem(app, { id: opened.id, templateFile: 'mine.md' }, at('09:45'));
    expect(done.markdown).toBe(
      `# Slow search [${opened.id}]\n45m so far · not yet (still open)\n` +
        '_No affected services were recorded (`soloops incident edit ID --service …`)._\n{{owner}} {{owner}}\n',
    );
    expect(done.unknown).toEqual(['owner']);
  });
});

describe('the postmortem filler', () => {
  it('knows every placeholder of the built-in template, which uses all of them', () => {
    const used = new Set([...postmortemTemplate().matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...POSTMORTEM_PLACEHOLDERS].sort());
  });

  it('fills in one pass: a value holding {{…}} is not filled again', () => {
    const values = Object.fromEntries(POSTMORTEM_PLACEHOLDERS.map((p) => [p, `<${p}>`])) as never;
    const out = fillPostmortem('{{title}} {{id}}', { ...(values as object), title: '{{id}}' } as never);
    expect(out).toEqual({ markdown: '{{id}} <id>', unknown: [] });
  });

  it('refuses an unknown incident, a missing template and overwriting without --force', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'soloops.yaml'), 'timezone: UTC\n');
    const config = path.join(dir, 'soloops.yaml');
    const app = createAppContext({ config, home: path.join(dir, 'home'), env: {}, cwd: dir });
    await expect(postmortem(app, { id: 'inc-1999-001' })).rejects.toThrow('no incident has the id inc-1999-001');
    await expect(postmortem(app, { id: 'x', templateFile: 'nope.md' })).rejects.toThrow('cannot read the template');
    writePostmortem(app, 'pm/out.md', 'one', false);
    expect(() => writePostmortem(app, 'pm/out.md', 'two', false)).toThrow('already exists');
    writePostmortem(app, 'pm/out.md', 'two', true);
    expect(fs.readFileSync(path.join(dir, 'pm/out.md'), 'utf8')).toBe('two');
  });
});
