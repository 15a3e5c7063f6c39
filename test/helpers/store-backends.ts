import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import { SoloopsError } from '../../src/core/errors.js';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.js';
import { createDatabase, startPostgres } from './postgres.js';

/**
 * The shared set-up of the store suites: one PostgreSQL server for the file (skipped with a
 * printed reason when unavailable), temp folders and stores cleaned up after each test, and the
 * two backends to run every test against.
 */
export async function useStoreBackends(label: string) {
  const server = await startPostgres();
  if ('skip' in server) console.warn(`[${label}] PostgreSQL tests skipped: ${server.skip}`);
  afterAll(async () => {
    if (!('skip' in server)) await server.stop();
  });

  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `soloops-${label}-`));
    dirs.push(dir);
    return dir;
  }

  /** Opens a store that is closed after the test. */
  async function open(options: StoreOptions): Promise<Store> {
    const store = await openStore(options);
    stores.push(store);
    return store;
  }

  /** A fresh, empty database on the shared server, so every test starts from migration zero. */
  async function freshPostgres(): Promise<StoreOptions> {
    if ('skip' in server) throw new Error('unreachable: suite is skipped');
    return { url: await createDatabase(server), home: tempDir() };
  }

  const backends = [
    {
      name: 'sqlite',
      skip: undefined,
      fresh: async (): Promise<StoreOptions> => ({ home: path.join(tempDir(), 'home') }),
    },
    { name: 'postgres', skip: 'skip' in server ? server.skip : undefined, fresh: freshPostgres },
  ];

  return { server, backends, tempDir, open };
}

/** The error a promise rejects with, asserted to be one of ours. */
export async function failure(promise: Promise<unknown>): Promise<SoloopsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SoloopsError);
  return error as SoloopsError;
}
