import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startS3, type LocalS3 } from '../../test/helpers/s3.js';
import { ExternalError, UserError } from '../core/errors.js';
import { pruneLocal } from './retention.js';
import { pruneRemote } from './s3-retention.js';
import { createS3Client } from './upload.js';

describe('pruneLocal', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'soloops-prune-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('deletes only snapshot-named files older than keepDays', async () => {
    const old = ['snap-web-20250101T000000Z.json', 'snap-db-1-20250221T115959Z.csv'];
    const keep = [
      'snap-web-20250222T120000Z.json', // exactly 7 days old: not older than keepDays
      'snap-web-20250301T000000Z.yaml',
      'snap-web-20200101T000000Z.json.bak',
      'notes-20200101T000000Z.json',
      'README.md',
    ];
    for (const name of [...old, ...keep]) await writeFile(join(dir, name), 'x');
    await mkdir(join(dir, 'snap-web-20200101T000000Z.json')); // a folder with a snapshot name

    const { deleted } = await pruneLocal({ dir, keepDays: 7, now });

    expect(deleted.sort()).toEqual(old.map((n) => join(dir, n)).sort());
    expect((await readdir(dir)).sort()).toEqual([...keep, 'snap-web-20200101T000000Z.json'].sort());
  });

  it('keeps everything when keepDays is 0, and has nothing to do in a missing folder', async () => {
    await writeFile(join(dir, 'snap-web-20000101T000000Z.json'), 'x');
    expect(await pruneLocal({ dir, keepDays: 0, now })).toEqual({ deleted: [] });
    expect(await readdir(dir)).toEqual(['snap-web-20000101T000000Z.json']);
    expect(await pruneLocal({ dir: join(dir, 'missing'), keepDays: 7, now })).toEqual({ deleted: [] });
  });

  it('rejects a negative keepDays', async () => {
    await expect(pruneLocal({ dir, keepDays: -1, now })).rejects.toBeInstanceOf(UserError);
  });
});

describe('pruneRemote', () => {
  let s3: LocalS3;
  let client: S3Client;
  beforeAll(async () => {
    s3 = await startS3();
    client = createS3Client({ endpoint: s3.endpoint, retryBaseMs: 1 });
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.close();
  });

  const put = (Key: string) => client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: 'x' }));
  const keys = async () =>
    ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key).sort();

  it('deletes only old snapshot objects directly under the prefix', async () => {
    const snapshots = ['daily/snap-web-20250101T000000Z.json', 'daily/snap-db-20250102T000000Z.csv'];
    const others = [
      'daily/notes.txt',
      'daily/sub/snap-web-20250101T000000Z.json',
      'daily2/snap-web-20250101T000000Z.json',
      'snap-web-20250101T000000Z.json',
    ];
    for (const key of [...snapshots, ...others]) await put(key);
    const url = `s3://${s3.bucket}/daily`;

    // s3rver stamps LastModified with the upload time, so nothing is old yet…
    expect(await pruneRemote({ client, url, keepDays: 7, now: new Date() })).toEqual({ deleted: [] });
    // …and keepDays 0 disables pruning even for a "now" far in the future.
    const future = new Date(Date.now() + 365 * 86_400_000);
    expect(await pruneRemote({ client, url, keepDays: 0, now: future })).toEqual({ deleted: [] });

    const { deleted } = await pruneRemote({ client, url, keepDays: 7, now: future });

    expect(deleted.sort()).toEqual(snapshots.map((k) => `s3://${s3.bucket}/${k}`).sort());
    expect(await keys()).toEqual([...others].sort());
  });

  it('reports an unreachable bucket as ExternalError', async () => {
    const error = await pruneRemote({ client, url: 's3://no-such-bucket/daily', keepDays: 7, now: new Date() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExternalError);
    expect((error as Error).message).toMatch(/cannot list s3:\/\/no-such-bucket\/daily\/.*NoSuchBucket/);
  });
});
