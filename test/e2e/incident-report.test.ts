import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// `soloops incident report` and `incident usage import` through the built CLI (npx tsup first).

let sandbox: Sandbox;
afterEach(() => sandbox?.cleanup());

const cli = (...args: string[]) => runCli(args, { sandbox });

const CONFIG = `timezone: UTC
checks:
  - name: api-health
    url: http://127.0.0.1:9/health
    service: api
services:
  - id: api
    name: Public API
    checks: [api-health]
    baseline_ms: 100
  - id: web
    name: Website
`;

/** 2026-11-03 10:00–11:59, one probe a minute; down 10:30–10:33 (4 failures), two slow answers. */
async function seed(home: string) {
  const store = await openStore({ home });
  for (let m = 0; m < 120; m++) {
    const at = new Date(Date.parse('2026-11-03T10:00:00Z') + m * 60_000);
    const ok = m < 30 || m > 33;
    const ms = m === 50 ? 350 : m === 51 ? 600 : 100;
    await store.watch.recordCheckResult({
      check: 'api-health',
      at,
      ok,
      status: ok ? 200 : null,
      ms: ok ? ms : 7000,
      errorType: ok ? null : m === 30 ? 'timeout' : 'connection',
      error: ok ? null : 'down',
    });
  }
  const incident = await store.incidents.create(
    {
      title: 'API down',
      description: '',
      severity: 'critical',
      priority: 'P1',
      priorityAuto: true,
      services: ['api'],
      reporter: 'soloops watch',
      detection: '3 checks in a row failed',
    },
    new Date('2026-11-03T10:32:00Z'),
    'soloops watch',
  );
  await store.incidents.updateStatus(
    incident.id,
    { status: 'resolved', note: 'back', author: 'ana' },
    new Date('2026-11-03T14:30:00Z'),
    () => {},
  );
  await store.close();
}

const NGINX = [
  '203.0.113.9 - - [03/Nov/2026:10:15:02 +0000] "GET /v1/orders HTTP/1.1" 200 512 "-" "curl/8.5" 0.042',
  '203.0.113.9 - - [03/Nov/2026:10:31:00 +0000] "GET /v1/orders HTTP/1.1" 502 0 "-" "curl/8.5" 7.001',
  '198.51.100.4 - - [04/Nov/2026:09:00:00 +0100] "POST /v1/pay HTTP/2.0" 301 0 "-" "app/1.0" 0.120',
  'this line is not a log line',
].join('\n');

describe('soloops incident report and usage import', () => {
  it('imports access logs once, and reports availability, response times, usage and incidents', async () => {
    sandbox = makeSandbox();
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), CONFIG);
    await seed(sandbox.home);
    fs.writeFileSync(path.join(sandbox.dir, 'access.log'), `${NGINX}\n`);
    fs.writeFileSync(path.join(sandbox.dir, 'rotated.1'), gzipSync(`${NGINX}\n`));

    const first = await cli('--json', 'incident', 'usage', 'import', 'access.log', '--service', 'api');
    expect(first.exitCode, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ format: 'combined', added: 3, duplicates: 0, bad: 1 });
    expect(first.stderr).toContain('access.log:4: skipped (not a combined log line)');
    // The same lines again, gzipped under another name: nothing added.
    const again = await cli('incident', 'usage', 'import', 'rotated.1', '--service', 'api');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 request(s) added, 3 already imported, 1 bad line(s)');
    fs.writeFileSync(path.join(sandbox.dir, 'odd.txt'), 'hello world\n');
    const odd = await cli('incident', 'usage', 'import', 'odd.txt', '--service', 'api');
    expect(odd.exitCode).toBe(2);
    expect(odd.stderr).toContain('combined');
    expect(odd.stderr).toContain('alb');
    expect(odd.stderr).toContain('jsonl');
    const unknown = await cli('incident', 'usage', 'import', 'access.log', '--service', 'nope');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('configured services: api, web');
    const listed = await cli('--json', 'incident', 'usage');
    expect(JSON.parse(listed.stdout).services).toMatchObject([{ service: 'api', total: 3 }]);

    const result = await cli('--json', 'incident', 'report', '--month', '2026-11');
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      label: '2026-11',
    });
    const [api, web] = report.services;
    expect(api.availability).toMatchObject({
      totalChecks: 120,
      successful: 116,
      failed: 4,
      uptimePct: 96.667,
      downtimeMs: 4 * 60_000,
      downtime: '4m',
      downtimeMinutes: 4,
      errorTypes: { connection: 3, timeout: 1 },
      downSpells: [{ from: '2026-11-03T10:30:00.000Z', to: '2026-11-03T10:34:00.000Z', minutes: 4 }],
    });
    // Observed from the first probe to the end of the month.
    const observed = Date.parse('2026-12-01T00:00:00Z') - Date.parse('2026-11-03T10:00:00Z');
    expect(api.availability.timeUptimePct).toBeCloseTo((1 - 240_000 / observed) * 100, 2);
    expect(api.responseTimes).toMatchObject({
      samples: 116,
      p50Ms: 100,
      p99Ms: 350,
      baselineMs: 100,
      baselineSource: 'configured',
      atLeast300Pct: { count: 2 },
      atLeast500Pct: { count: 1 },
      limitMs: 7000,
      overLimit: { count: 1 },
    });
    expect(api.usage).toMatchObject({
      total: 3,
      successful: 2,
      errors: 1,
      days: [
        { day: '2026-11-03', total: 2, successful: 1, errors: 1 },
        { day: '2026-11-04', total: 1, successful: 1, errors: 0 },
      ],
    });
    expect(api.incidents).toMatchObject({
      total: 1,
      byPriority: { P1: 1, P2: 0, P3: 0 },
      averageResolution: '3h 58m',
      list: [{ title: 'API down', reporter: 'soloops watch', detection: '3 checks in a row failed' }],
    });
    expect(web).toMatchObject({ usage: null, availability: { totalChecks: 0, uptimePct: null } });

    const md = await cli('incident', 'report', '--month', '2026-11', '--service', 'web');
    expect(md.exitCode, md.stderr).toBe(0);
    expect(md.stdout).toContain('## Website (web)');
    expect(md.stdout).toContain('No usage data for this period');
    expect(md.stdout).not.toContain('Public API');
    const html = await cli('incident', 'report', '--month', '2026-11', '--format', 'html', '--out', 'sla.html');
    expect(html.exitCode, html.stderr).toBe(0);
    const page = fs.readFileSync(path.join(sandbox.dir, 'sla.html'), 'utf8');
    expect(page).toContain('<h2>Public API (api)</h2>');
    expect(page).toContain('3h 58m');
    expect(page).not.toMatch(/<script|<link|https?:\/\//);
    const csv = await cli('incident', 'report', '--month', '2026-11', '--format', 'csv');
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^api,Public API,120,116,4,96\.667,/);

    const bad = await cli('incident', 'report', '--month', '2026-13');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('YYYY-MM');
    const badService = await cli('incident', 'report', '--service', 'db');
    expect(badService.exitCode).toBe(2);
    expect(badService.stderr).toContain('configured services: api, web');
    const badFormat = await cli('incident', 'report', '--format', 'pdf');
    expect(badFormat.exitCode).toBe(2);
    expect(badFormat.stderr).toContain('md, html, json, csv');
  });
});
