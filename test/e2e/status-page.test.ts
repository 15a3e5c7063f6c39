import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createS3Client } from '../../src/snap/upload.js';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { S3RVER_CREDENTIALS, closedEndpoint, startS3, type LocalS3 } from '../helpers/s3.js';

// `soloops status` and `soloops status build [--s3]` through the built CLI (npm run build first).

let sandbox: Sandbox;
let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3('status-site');
});
afterAll(() => s3.close());
afterEach(() => sandbox?.cleanup());

const env = { ...S3RVER_CREDENTIALS, AWS_REGION: 'us-east-1', USER: 'ana' };
const cli = (...args: string[]) => runCli(args, { sandbox, env });

const CONFIG = `status:
  title: Acme status
services:
  - id: api
    name: Public API
    checks: [api-health]
  - id: web
    name: Website
checks:
  - name: api-health
    url: http://127.0.0.1:9/health
    service: api
`;

function setUp(): string {
  sandbox = makeSandbox();
  fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), CONFIG);
  return path.join(sandbox.dir, 'site');
}

/** Three days of api-health probes (one failure yesterday), ending a minute ago. */
async function seedChecks(): Promise<void> {
  const store = await openStore({ home: sandbox.home });
  try {
    const now = Date.now();
    for (let k = 0; k < 72; k += 1)
      await store.watch.recordCheckResult({
        check: 'api-health',
        at: new Date(now - 60_000 - k * 3_600_000),
        ok: k !== 30,
        status: k !== 30 ? 200 : 502,
        ms: 90,
        errorType: k !== 30 ? null : 'http',
        error: k !== 30 ? null : 'HTTP 502',
      });
  } finally {
    await store.close();
  }
}

describe('soloops status build', () => {
  it('before any data: the page, status.json and one uptime file per service, "Data is being prepared."', async () => {
    const out = setUp();
    const result = await cli('--json', 'status', 'build', '--out', out);
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ out, overall: 'operational', services: 2, uploaded: [] });
    expect(doc.files.map((f: { name: string }) => f.name)).toEqual([
      'index.html',
      'status.json',
      'uptime/api.json',
      'uptime/web.json',
    ]);
    for (const file of doc.files) expect(fs.statSync(path.join(out, file.name)).size).toBe(file.bytes);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<title>Acme status</title>');
    expect(html).toContain('Data is being prepared.');
    expect(html).not.toMatch(/\b(src|href)=|@import|url\(/); // nothing to fetch
    expect(JSON.parse(fs.readFileSync(path.join(out, 'status.json'), 'utf8'))).toMatchObject({ hasData: false });
    // It only read: no database appears just because the page was built.
    expect(fs.existsSync(path.join(sandbox.home, 'soloops.db'))).toBe(false);
  });

  it('shows the checks and an incident opened with soloops incident; soloops status summarises it', async () => {
    const out = setUp();
    await seedChecks();
    const opened = await cli(
      '--json',
      'incident',
      'open',
      'Website <b>down</b>',
      '--service',
      'web',
      '--severity',
      'critical',
    );
    expect(opened.exitCode, opened.stderr).toBe(0);
    const built = await cli('status', 'build', '--out', out);
    expect(built.exitCode, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/^wrote 4 files \(\d+ KB\) to .*site\n$/);

    const model = JSON.parse(fs.readFileSync(path.join(out, 'status.json'), 'utf8'));
    expect(model).toMatchObject({ hasData: true, overall: 'partial_outage' });
    expect(model.active.map((x: { title: string }) => x.title)).toEqual(['Website <b>down</b>']);
    const api = JSON.parse(fs.readFileSync(path.join(out, 'uptime/api.json'), 'utf8'));
    expect(api.days).toHaveLength(90);
    expect(api.uptime90).toBe(98.611); // 71 of 72
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('Website &#60;b&#62;down&#60;/b&#62;');
    expect(html).toContain('Partial Outage');

    const text = await cli('status');
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain('Partial Outage');
    expect(text.stdout).toMatch(/Public API\s+Operational\s+98\.61% over 90 days/);
    expect(text.stdout).toMatch(/Website\s+Outage\s+no data yet/);
    const json = JSON.parse((await cli('--json', 'status')).stdout);
    expect(json.services.map((s: { id: string; state: string }) => [s.id, s.state])).toEqual([
      ['api', 'operational'],
      ['web', 'outage'],
    ]);
    expect(json.active).toHaveLength(1);
  });

  it('uploads every file under the S3 prefix with its content type', async () => {
    const out = setUp();
    const result = await cli(
      '--json',
      'status',
      'build',
      '--out',
      out,
      '--s3',
      `s3://${s3.bucket}/public/status`,
      '--endpoint',
      s3.endpoint,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).uploaded).toEqual([
      `s3://${s3.bucket}/public/status/index.html`,
      `s3://${s3.bucket}/public/status/status.json`,
      `s3://${s3.bucket}/public/status/uptime/api.json`,
      `s3://${s3.bucket}/public/status/uptime/web.json`,
    ]);
    const client = createS3Client({ endpoint: s3.endpoint });
    try {
      const page = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'public/status/index.html' }));
      expect(page.ContentType).toBe('text/html; charset=utf-8');
      expect(await page.Body!.transformToString()).toBe(fs.readFileSync(path.join(out, 'index.html'), 'utf8'));
      const json = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'public/status/uptime/web.json' }));
      expect(json.ContentType).toBe('application/json');
    } finally {
      client.destroy();
    }
  });

  it('refuses a bad S3 URL before writing anything (exit 2), and says why an upload failed (exit 1)', async () => {
    const out = setUp();
    const bad = await cli('status', 'build', '--out', out, '--s3', 'https://bucket/x');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/not an S3 URL/);
    expect(fs.existsSync(out)).toBe(false);

    const failed = await cli(
      'status',
      'build',
      '--out',
      out,
      '--s3',
      `s3://${s3.bucket}/x`,
      '--endpoint',
      await closedEndpoint(),
    );
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/upload to s3:\/\/status-site\/x\/.* failed.*ECONNREFUSED/);
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
  }, 60_000);

  it('needs --out, a folder it can write to; warns when no service is configured', async () => {
    setUp();
    const result = await cli('status', 'build');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--out/);
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), 'status: {title: Empty}\n');
    const empty = await cli('status', 'build', '--out', path.join(sandbox.dir, 'empty'));
    expect(empty.exitCode, empty.stderr).toBe(0);
    expect(empty.stderr).toMatch(/warning: no services in soloops\.yaml/);
    const file = path.join(sandbox.dir, 'soloops.yaml');
    const blocked = await cli('status', 'build', '--out', path.join(file, 'site'));
    expect(blocked.exitCode).toBe(2);
    expect(blocked.stderr).toMatch(/cannot write the status page to .*soloops\.yaml\/site: .*ENOTDIR/);
  });
});
