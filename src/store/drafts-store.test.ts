import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useStoreBackends } from '../../test/helpers/store-backends.js';
import type { StoreOptions } from './index.js';

// The console's drafts (migration 014), on both backends.

const { backends, open } = await useStoreBackends('drafts-store');

/**
 * A user row straight into the database (drafts belong to users: a foreign key), so this suite
 * depends on the drafts table alone and not on the account store.
 */
async function addUser(options: StoreOptions, name: string): Promise<number> {
  const sql = "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, 'reporter', 'x', $2) RETURNING id";
  const at = new Date().toISOString();
  if (options.url) {
    const client = new pg.Client({ connectionString: options.url });
    await client.connect();
    try {
      return Number((await client.query(sql, [name, at])).rows[0].id);
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(path.join(options.home ?? '', 'soloops.db'));
  try {
    return Number((db.prepare(sql.replace(/\$\d/g, '?')).get(name, at) as { id: number }).id);
  } finally {
    db.close();
  }
}

describe.each(backends)('drafts on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);

  test('keeps one draft per user and key, replaced on save and gone when discarded', async () => {
    const options = await backend.fresh();
    const store = await open(options);
    const ana = await addUser(options, 'ana');
    const bo = await addUser(options, 'bo');
    const at = new Date('2026-12-05T10:00:00.000Z');
    expect(await store.drafts.get(ana, 'new')).toBeNull();

    const fields = { title: 'API down', services: ['api'], description: 'ünïcode ✓' };
    const saved = await store.drafts.save(ana, { key: 'new', fields, baseVersion: null }, at);
    expect(saved).toEqual({ key: 'new', fields, baseVersion: null, savedAt: at.toISOString() });
    expect(await store.drafts.get(ana, 'new')).toEqual(saved);
    // Someone else's draft of the same form is theirs alone.
    expect(await store.drafts.get(bo, 'new')).toBeNull();

    const later = new Date('2026-12-05T10:00:05.000Z');
    await store.drafts.save(ana, { key: 'new', fields: { title: 'API down (EU)' }, baseVersion: null }, later);
    await store.drafts.save(ana, { key: 'inc-2026-001', fields: { severity: 'high' }, baseVersion: 3 }, later);
    expect(await store.drafts.get(ana, 'new')).toEqual({
      key: 'new',
      fields: { title: 'API down (EU)' },
      baseVersion: null,
      savedAt: later.toISOString(),
    });
    expect((await store.drafts.get(ana, 'inc-2026-001'))?.baseVersion).toBe(3);

    await store.drafts.discard(ana, 'new');
    await store.drafts.discard(ana, 'new');
    expect(await store.drafts.get(ana, 'new')).toBeNull();
    expect(await store.drafts.get(ana, 'inc-2026-001')).not.toBeNull();
  });
});
