import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedEndpoint, startFlakyProxy, startS3, type LocalS3 } from '../../test/helpers/s3.js';
import { ExternalError, InterruptedError, UserError } from '../core/errors.js';
import { createS3Client, parseS3Url, uploadSnapshot, type UploadInput } from './upload.js';

let s3: LocalS3;
let direct: S3Client;
beforeAll(async () => {
  s3 = await startS3();
  direct = createS3Client({ endpoint: s3.endpoint, retryBaseMs: 1 });
});
afterAll(async () => {
  direct?.destroy();
  await s3?.close();
});

const name = 'snap-web-1-20250102T030405Z.json';
const body = JSON.stringify({ schema: 1, host: 'web-1', note: 'ünïcode' });

function input(client: S3Client, extra: Partial<UploadInput> = {}): UploadInput {
  return {
    client,
    url: `s3://${s3.bucket}/hosts/web-1/`,
    key: name,
    body,
    contentType: 'application/json',
    encryption: 'AES256',
    timeoutMs: 20_000,
    ...extra,
  };
}

async function readBack(key: string): Promise<{ text: string; contentType?: string }> {
  const out = await direct.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return { text: (await out.Body?.transformToString('utf8')) ?? '', contentType: out.ContentType };
}

/** Records the SSE headers of every request the client sends. */
function captureSse(client: S3Client): Array<Record<string, string | undefined>> {
  const seen: Array<Record<string, string | undefined>> = [];
  client.middlewareStack.add(
    (next) => (args) => {
      const headers = (args.request as { headers: Record<string, string> }).headers;
      seen.push({
        sse: headers['x-amz-server-side-encryption'],
        kms: headers['x-amz-server-side-encryption-aws-kms-key-id'],
      });
      return next(args);
    },
    { step: 'build', name: 'captureSse' },
  );
  return seen;
}

describe('parseS3Url', () => {
  it('splits bucket and prefix, trimming slashes', () => {
    expect(parseS3Url('s3://my-backups/snap/daily/')).toEqual({ bucket: 'my-backups', prefix: 'snap/daily' });
    expect(parseS3Url('s3://my-backups')).toEqual({ bucket: 'my-backups', prefix: '' });
  });
  it.each(['https://my-backups/x', 's3://', 's3://UPPER/x', 's3://a/x', 'my-backups/x'])('rejects %s', (url) => {
    expect(() => parseS3Url(url)).toThrow(UserError);
  });
});

describe('uploadSnapshot', () => {
  it('puts the exact bytes under prefix/key, encrypted with AES256', async () => {
    const client = createS3Client({ endpoint: s3.endpoint, retryBaseMs: 1 });
    const sse = captureSse(client);
    const result = await uploadSnapshot(input(client));
    client.destroy();
    expect(result.url).toBe(`s3://${s3.bucket}/hosts/web-1/${name}`);
    expect(result.attempts).toBe(1);
    expect(result.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await readBack(`hosts/web-1/${name}`)).toEqual({ text: body, contentType: 'application/json' });
    expect(sse).toEqual([{ sse: 'AES256', kms: undefined }]);
  });

  it('sends aws:kms with the key id, and no SSE header for none', async () => {
    const client = createS3Client({ endpoint: s3.endpoint, retryBaseMs: 1 });
    const sse = captureSse(client);
    await uploadSnapshot(input(client, { encryption: 'aws:kms', kmsKeyId: 'alias/soloops' }));
    await uploadSnapshot(input(client, { encryption: 'none', key: 'snap-web-1-20250102T030406Z.json' }));
    client.destroy();
    expect(sse).toEqual([
      { sse: 'aws:kms', kms: 'alias/soloops' },
      { sse: undefined, kms: undefined },
    ]);
  });

  it('retries through refused connections and reports the attempts', async () => {
    const proxy = await startFlakyProxy(s3.endpoint, 2);
    const client = createS3Client({ endpoint: proxy.endpoint, retryBaseMs: 1 });
    try {
      const result = await uploadSnapshot(input(client, { key: 'snap-web-1-20250102T030407Z.json' }));
      expect(proxy.refused).toBe(2);
      expect(result.attempts).toBeGreaterThanOrEqual(3);
      expect((await readBack(`hosts/web-1/snap-web-1-20250102T030407Z.json`)).text).toBe(body);
    } finally {
      client.destroy();
      await proxy.close();
    }
  });

  it('fails with ExternalError naming the target, reason and attempts when the server is never there', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'soloops-upload-'));
    const local = join(tmp, name);
    await writeFile(local, body);
    const client = createS3Client({ endpoint: await closedEndpoint(), maxAttempts: 3, retryBaseMs: 1 });
    try {
      const error = await uploadSnapshot(input(client, { body: await readFile(local) })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExternalError);
      const { message, hint } = error as ExternalError;
      expect(message).toContain(`s3://${s3.bucket}/hosts/web-1/${name}`);
      expect(message).toContain('ECONNREFUSED');
      expect(message).toContain('after 3 attempts');
      expect(hint).toMatch(/credentials.*endpoint.*bucket/);
      expect(await readFile(local, 'utf8')).toBe(body);
    } finally {
      client.destroy();
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('gives up at timeoutMs when the server accepts but never answers', async () => {
    const held = new Set<Socket>();
    const blackHole = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const client = createS3Client({ endpoint: `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}` });
    try {
      const error = await uploadSnapshot(input(client, { timeoutMs: 300 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExternalError);
      expect((error as Error).message).toMatch(
        /failed after 1 attempt: no success within 300 ms \(no answer from the server\)/,
      );
    } finally {
      client.destroy();
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => blackHole.close(resolve));
    }
  });

  it("turns the caller's abort into InterruptedError", async () => {
    const client = createS3Client({ endpoint: s3.endpoint });
    await expect(uploadSnapshot(input(client, { signal: AbortSignal.abort() }))).rejects.toBeInstanceOf(
      InterruptedError,
    );
    client.destroy();
  });
});
