import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExternalError, SoloopsError, UserError } from '../core/errors.js';
import { freePort } from '../../test/helpers/postgres.js';
import { openStore, redactUrl } from './index.js';

// URL handling needs no server: bad schemes fail before connecting, and "nothing listens on
// this loopback port" is a real connection failure without PostgreSQL installed.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-url-'));
  dirs.push(dir);
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<SoloopsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SoloopsError);
  return error as SoloopsError;
}

describe('database URL', () => {
  it.each(['mysql://u:pw@localhost/db', 'sqlite:///tmp/x.db', 'http://localhost:5432/db'])(
    'rejects %s with a UserError naming SOLOOPS_DB_URL and --db',
    async (url) => {
      const error = await failure(openStore({ url, home: tempDir() }));
      expect(error).toBeInstanceOf(UserError);
      expect(error.hint).toMatch(/SOLOOPS_DB_URL/);
      expect(error.hint).toMatch(/--db/);
      expect(error.hint).toMatch(/postgres:\/\//);
    },
  );

  it('rejects a malformed URL without printing its password', async () => {
    const error = await failure(openStore({ url: 'postgres://u:hunter2@host:99999999/db', home: tempDir() }));
    expect(error).toBeInstanceOf(UserError);
    expect(`${error.message} ${error.hint}`).not.toContain('hunter2');
  });

  it('treats an empty URL as unset (SQLite)', async () => {
    const store = await openStore({ url: '  ', home: tempDir() });
    expect(store.kind).toBe('sqlite');
    await store.close();
  });

  it('redacts passwords from URLs', () => {
    expect(redactUrl('postgres://u:s3cret@db:5432/x')).toBe('postgres://u:***@db:5432/x');
    expect(redactUrl('postgres://u:s3cret@db:notaport/x')).toBe('postgres://u:***@db:notaport/x');
    expect(redactUrl('postgres://db/x')).toBe('postgres://db/x');
    expect(redactUrl('postgres://u:p@ss@db:bad/x')).toBe('postgres://u:***@db:bad/x');
    expect(redactUrl('postgres://db/x?user=u&password=s3cret&ssl=1')).not.toContain('s3cret');
    expect(redactUrl('postgres://u:s3cret@/x?host=/run/pg&password=s3cret')).not.toContain('s3cret');
  });

  it('keeps a ?password= out of the message too', async () => {
    const port = await freePort();
    const error = await failure(
      openStore({ url: `postgres://127.0.0.1:${port}/db?user=u&password=hunter2`, home: tempDir() }),
    );
    expect(error).toBeInstanceOf(ExternalError);
    expect(`${error.message} ${error.hint}`).not.toContain('hunter2');
  });

  it('is an ExternalError naming host:port when nothing listens there', async () => {
    const port = await freePort();
    const error = await failure(openStore({ url: `postgres://u:hunter2@127.0.0.1:${port}/db`, home: tempDir() }));
    expect(error).toBeInstanceOf(ExternalError);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(`${error.message} ${error.hint}`).not.toContain('hunter2');
  });
});
