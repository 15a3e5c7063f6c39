import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { appliedMigrations, migrateUpTo, pendingMigrations } from '../../src/store/migrate.js';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.js';
import type { StoreKind } from '../../src/store/schema.js';
import { SQLITE_FILE } from '../../src/store/types.js';
import { failure, useStoreBackends } from '../helpers/store-backends.js';
import { type Ids, insert, NOW, type Raw, select } from '../helpers/store-seeds.js';
import { UPGRADE_STEPS } from '../helpers/store-seeds-later.js';

// Issue 17: a database left by every earlier schema version (each prefix of the migration list: what
// the soloops that added that migration created) opens with this code, is upgraded, and reads back
// every row it held, on SQLite and PostgreSQL. test/helpers/store-seeds*.ts hold one step per
// migration: its rows in that version's shape, and how the Store API must read them back.

const { backends, open } = await useStoreBackends('store-upgrade');

/** Every migration this code knows, read from the migrator itself (an empty database creates nothing). */
const NAMES = await (async () => {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Sqlite(':memory:') }) });
  try {
    return await pendingMigrations(db, 'sqlite');
  } finally {
    await db.destroy();
  }
})();

/** A migration no soloops of this version has: the name a newer one would have recorded. */
const FUTURE = '012_from_a_newer_soloops';

/** A second connection to the store's database, as an older soloops (or a test) has it. */
function connect(kind: StoreKind, options: StoreOptions): Raw {
  if (kind === 'postgres')
    return new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.url, max: 1 }) }),
    });
  fs.mkdirSync(options.home, { recursive: true, mode: 0o700 });
  const sqlite = new Sqlite(path.join(options.home, SQLITE_FILE));
  // As openSqlite sets them on a new file (page size first: it only takes before the first write).
  sqlite.pragma('page_size = 16384');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * The schema as a sorted list of lines (every column with its type, nullability and whether it has a
 * default; every index by name), so an upgraded database can be compared with one made fresh.
 */
async function schemaOf(db: Raw, kind: StoreKind): Promise<string[]> {
  const tables = await db.introspection.getTables();
  const columns = tables.flatMap((t) =>
    t.columns.map(
      (c) =>
        `${t.name}.${c.name} ${c.dataType}${c.isNullable ? '' : ' not null'}${c.hasDefaultValue ? ' default' : ''}`,
    ),
  );
  const indexes =
    kind === 'postgres'
      ? await select(db, "select indexname as name from pg_indexes where schemaname = 'public'")
      : await select(db, "select name from sqlite_master where type = 'index' and name not like 'sqlite_%'");
  return [...columns, ...indexes.map((i) => `index ${String(i.name)}`)].filter((l) => !/kysely_/.test(l)).sort();
}

it('has a seed step for every migration, in order', () => {
  // A new migration needs its step in test/helpers/store-seeds-later.ts: its rows, and their reads.
  expect(UPGRADE_STEPS.map((s) => s.migration)).toEqual(NAMES);
});

/**
 * Commits that added a migration later edited in place (DESIGN.md: never edited after it lands). A
 * database they made records the migration as done, so the edit never reaches it on upgrade.
 */
interface Edited {
  commit: string;
  what: string;
  /** The last migration it applied, as the current code has it... */
  upTo: string;
  /** ...then what that commit's version did differently. */
  alter?: (db: Raw) => Promise<void>;
  /** Migrations it recorded as done that were empty placeholders then. */
  placeholders?: string[];
  /** Seed steps up to this migration (default `upTo`), and rows in the commit's own shape. */
  seedUpTo?: string;
  seed?: (db: Raw, ids: Ids) => Promise<void>;
  /** Reads what the edit added, through the Store API. */
  check: (store: Store, ids: Ids) => Promise<void>;
}

const dropSlaIndex = async (db: Raw) => {
  await sql`drop index check_results_sla_idx`.execute(db);
};

const EDITED: Edited[] = [
  {
    commit: '4fce227',
    what: '005_digests without digests.html, added to 005 by b150f87',
    upTo: '005_digests',
    alter: async (db) => {
      await sql`alter table digests drop column html`.execute(db);
    },
    seedUpTo: '004_wake',
    async seed(db, ids) {
      const row = await insert(db, 'digests', {
        window_from: '2026-12-01T22:00:00.000Z',
        window_to: '2026-12-02T07:00:00.000Z',
        generated_at: '2026-12-02T07:00:00.500Z',
        body: '{"title":"Overnight: nothing woke you"}',
        status: 'sent',
        channels: '["ntfy"]',
        sent_at: '2026-12-02T07:00:01.000Z',
        error: null,
      });
      ids.oldDigest = Number(row.id);
    },
    async check(store, ids) {
      expect(await store.digest.getDigest(ids.oldDigest!)).toMatchObject({ status: 'sent', html: null });
    },
  },
  {
    commit: '9801a7a',
    what: '009_sla and 010_incident_links as empty placeholders, filled by 1efbae5 and 41207cb',
    upTo: '008_incidents',
    placeholders: ['009_sla', '010_incident_links'],
    async check(store) {
      expect(await store.sla.usageServices()).toEqual([]);
      expect(await store.incidents.autoActive(NOW)).toBeNull();
    },
  },
  {
    commit: '1efbae5',
    what: '010_incident_links an empty placeholder; 009_sla without check_results_sla_idx, added by be9dde9',
    upTo: '009_sla',
    alter: dropSlaIndex,
    placeholders: ['010_incident_links'],
    async check(store) {
      expect(await store.incidents.autoActive(NOW)).toBeNull();
    },
  },
  {
    commit: '41207cb',
    what: '009_sla without check_results_sla_idx, added by be9dde9',
    upTo: '010_incident_links',
    alter: dropSlaIndex,
    async check() {},
  },
];

/** The seed steps a database of `shipped` gets. */
function seededBy(shipped: Edited) {
  return UPGRADE_STEPS.slice(0, NAMES.indexOf(shipped.seedUpTo ?? shipped.upTo) + 1);
}

describe.each(backends)('upgrading on $name', (backend) => {
  const test = it.skipIf(backend.skip !== undefined);
  const kind = backend.name as StoreKind;

  let fresh: Promise<string[]> | undefined;
  /** The schema this code creates in an empty database (made once per backend). */
  function freshSchema(): Promise<string[]> {
    fresh ??= (async () => {
      const options = await backend.fresh();
      await (await open(options)).close();
      const raw = connect(kind, options);
      try {
        return await schemaOf(raw, kind);
      } finally {
        await raw.destroy();
      }
    })();
    return fresh;
  }

  test.each(NAMES.map((name, i) => ({ name, i })))(
    'a database last migrated by $name opens with every row intact',
    async ({ name, i }) => {
      const options = await backend.fresh();
      const seeded = UPGRADE_STEPS.slice(0, i + 1);
      const ids: Ids = {};
      const old = connect(kind, options);
      try {
        await migrateUpTo(old, kind, name);
        expect(await appliedMigrations(old, kind)).toEqual(NAMES.slice(0, i + 1));
        for (const step of seeded) await step.seed(old, ids);
      } finally {
        await old.destroy();
      }

      // The entry point every command uses: it migrates to the newest schema.
      const store = await open(options);
      expect(await store.appliedMigrations()).toEqual(NAMES);
      const raw = connect(kind, options);
      try {
        expect(await schemaOf(raw, kind)).toEqual(await freshSchema());
        for (const step of seeded) await step.verify(store, ids, raw);
        for (const step of UPGRADE_STEPS.slice(i + 1)) await step.defaults?.(raw, ids);
        for (const step of seeded) await step.writes?.(store, ids);
      } finally {
        await raw.destroy();
      }
    },
  );

  /** A database as `shipped` left it: the current migrations up to its last, then what it did differently. */
  async function buildEdited(shipped: Edited): Promise<{ options: StoreOptions; ids: Ids }> {
    const options = await backend.fresh();
    const ids: Ids = {};
    const old = connect(kind, options);
    try {
      await migrateUpTo(old, kind, shipped.upTo);
      await shipped.alter?.(old);
      for (const name of shipped.placeholders ?? [])
        await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
          old,
        );
      for (const step of seededBy(shipped)) await step.seed(old, ids);
      await shipped.seed?.(old, ids);
    } finally {
      await old.destroy();
    }
    return { options, ids };
  }

  describe.each(EDITED)('a database made at $commit ($what)', (shipped) => {
    test('opens, and the rows it held read back intact', async () => {
      const { options, ids } = await buildEdited(shipped);
      const store = await open(options);
      expect(await store.appliedMigrations()).toEqual(NAMES);
      const raw = connect(kind, options);
      try {
        for (const step of seededBy(shipped)) await step.verify(store, ids, raw);
      } finally {
        await raw.destroy();
      }
    });

    // The edit never reached a database that recorded the migration as done: 012_repair adds it.
    test('ends with the schema a fresh database has, and every part of the store works', async () => {
      const { options, ids } = await buildEdited(shipped);
      const store = await open(options);
      const raw = connect(kind, options);
      try {
        expect(await schemaOf(raw, kind)).toEqual(await freshSchema());
        await shipped.check(store, ids);
      } finally {
        await raw.destroy();
      }
    });
  });

  /** A database this code migrated, then a newer soloops applied a migration this code does not know. */
  async function fromTheFuture(): Promise<{ options: StoreOptions; raw: Raw }> {
    const options = await backend.fresh();
    await (await open(options)).close();
    const raw = connect(kind, options);
    const at = new Date().toISOString();
    await sql`insert into kysely_migration (name, timestamp) values (${FUTURE}, ${at})`.execute(raw);
    return { options, raw };
  }

  test('a database a newer soloops migrated is refused, not used, and left as it was', async () => {
    const { options, raw } = await fromTheFuture();
    try {
      const error = await openStore(options).then(
        (store) => store.close().then(() => undefined),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(FUTURE);
      expect(await appliedMigrations(raw, kind)).toEqual(NAMES);
      const [row] = (await sql<{ n: number | string }>`select count(*) as n from kysely_migration`.execute(raw)).rows;
      expect(Number(row?.n)).toBe(NAMES.length + 1);
    } finally {
      await raw.destroy();
    }
  });

  // A SoloopsError (exit 2 with a hint), not Kysely's "corrupted migrations" printed as a bug in soloops.
  test('the refusal says a newer soloops wrote the database (exit 2, not a bug report)', async () => {
    const { options, raw } = await fromTheFuture();
    try {
      const error = await failure(openStore(options));
      expect(error.message).toContain(FUTURE);
      expect(error.message).toMatch(/newer/i);
    } finally {
      await raw.destroy();
    }
  });
});
