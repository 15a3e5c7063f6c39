import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/snap/upload.js';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { S3RVER_CREDENTIALS, closedEndpoint, startFlakyProxy, startS3, type LocalS3 } from '../helpers/s3.js';

let s3: LocalS3;
let sandbox: Sandbox;
beforeAll(async () => {
  s3 = await startS3('snaps-bucket');
});
afterAll(() => s3.close());
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

const env = { ...S3RVER_CREDENTIALS, AWS_REGION: 'us-east-1' };

describe('soloops snap --upload (against a real S3-protocol server)', () => {
  it('uploads the snapshot under the prefix with server-side encryption and records the URL', async () => {
    const out = path.join(sandbox.dir, 'snaps');
    const result = await runCli(
      ['--json', 'snap', '--out', out, '--upload', `s3://${s3.bucket}/hosts/web`, '--endpoint', s3.endpoint],
      { sandbox, env },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    const name = path.basename(doc.file);
    expect(doc.upload).toMatchObject({ url: `s3://${s3.bucket}/hosts/web/${name}`, attempts: 1 });
    const client = createS3Client({ endpoint: s3.endpoint });
    const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `hosts/web/${name}` }));
    expect(await object.Body!.transformToString()).toBe(fs.readFileSync(doc.file, 'utf8'));
    client.destroy();
    expect(result.stderr).toMatch(/uploaded s3:\/\//);
  });

  it('retries while the server is down for the first attempts, then succeeds', async () => {
    const proxy = await startFlakyProxy(s3.endpoint, 2);
    try {
      const result = await runCli(
        [
          '--json',
          'snap',
          '--out',
          path.join(sandbox.dir, 'o'),
          '--upload',
          `s3://${s3.bucket}/flaky`,
          '--endpoint',
          proxy.endpoint,
        ],
        { sandbox, env },
      );
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).upload.attempts).toBeGreaterThanOrEqual(3);
      expect(proxy.refused).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it('keeps the local file and exits 1 with the reason when the upload finally fails', async () => {
    const out = path.join(sandbox.dir, 'snaps');
    fs.mkdirSync(out);
    const old = path.join(out, 'snap-web-20200101T000000Z.json');
    fs.writeFileSync(old, '{}');
    const result = await runCli(
      ['snap', '--out', out, '--upload', `s3://${s3.bucket}/x`, '--endpoint', await closedEndpoint()],
      { sandbox, env },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/upload to s3:\/\/.* failed/);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
    expect(result.stderr).toMatch(/kept the local file/);
    const file = result.stdout.trim();
    expect(fs.existsSync(file)).toBe(true);
    // Nothing is pruned while uploads fail, so no un-uploaded snapshot is lost.
    expect(fs.existsSync(old)).toBe(true);
  });

  it('--prune-remote deletes old snapshot objects under the prefix and nothing else', async () => {
    const client = createS3Client({ endpoint: s3.endpoint });
    const keys = ['pr/snap-web-20200101T000000Z.json', 'pr/readme.txt', 'other/snap-web-20200101T000000Z.json'];
    for (const Key of keys) await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: '{}' }));
    // s3rver reports a file's mtime as LastModified: age these objects by 60 days.
    const aged = new Date(Date.now() - 60 * 86_400_000);
    for (const key of keys) fs.utimesSync(path.join(s3.dir, s3.bucket, `${key}._S3rver_object`), aged, aged);

    const result = await runCli(
      [
        '--json',
        'snap',
        '--out',
        path.join(sandbox.dir, 'o'),
        '--upload',
        `s3://${s3.bucket}/pr`,
        '--endpoint',
        s3.endpoint,
        '--keep-days',
        '30',
        '--prune-remote',
      ],
      { sandbox, env },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).pruned.remote).toEqual([`s3://${s3.bucket}/pr/snap-web-20200101T000000Z.json`]);
    const exists = (Key: string) =>
      client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key })).then(
        () => true,
        () => false,
      );
    expect(await exists('pr/snap-web-20200101T000000Z.json')).toBe(false);
    expect(await exists('pr/readme.txt')).toBe(true);
    expect(await exists('other/snap-web-20200101T000000Z.json')).toBe(true);
    client.destroy();
  });

  it('rejects a malformed upload URL with exit 2', async () => {
    const result = await runCli(['snap', '--upload', 'https://bucket/x'], { sandbox, env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/s3:\/\/bucket\/prefix/);
  });
});
