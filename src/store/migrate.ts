import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { UserError } from '../core/errors.js';
import { snapshots } from './migrations/001_snapshots.js';
import { triage } from './migrations/002_triage.js';
import { watch } from './migrations/003_watch.js';
import { wake } from './migrations/004_wake.js';
import { digests } from './migrations/005_digests.js';
import { deadLetters } from './migrations/006_dead_letters.js';
import { corrections } from './migrations/007_corrections.js';
import { incidents } from './migrations/008_incidents.js';
import { sla } from './migrations/009_sla.js';
import { incidentLinks } from './migrations/010_incident_links.js';
import { leadership } from './migrations/011_leadership.js';
import { repair } from './migrations/012_repair.js';
import { incidentUpdateStatus } from './migrations/013_incident_update_status.js';
import { consoleTables } from './migrations/014_console.js';
import type { StoreKind } from './schema.js';

/**
 * Every migration, in order. A static list rather than a folder scan because tsup bundles
 * the code into dist/ chunks where the migration files no longer exist on their own.
 */
function migrations(kind: StoreKind): Record<string, Migration> {
  return {
    '001_snapshots': snapshots(kind),
    '002_triage': triage(kind),
    '003_watch': watch(kind),
    '004_wake': wake(kind),
    '005_digests': digests(kind),
    '006_dead_letters': deadLetters(kind),
    '007_corrections': corrections(kind),
    '008_incidents': incidents(kind),
    '009_sla': sla(kind),
    '010_incident_links': incidentLinks(kind),
    '011_leadership': leadership(kind),
    '012_repair': repair(kind),
    '013_incident_update_status': incidentUpdateStatus(),
    '014_console': consoleTables(kind),
  };
}

function migrator(db: Kysely<unknown>, kind: StoreKind): Migrator {
  const all = migrations(kind);
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(all) } });
}

/**
 * Applies pending migrations one step at a time so each runs in its own transaction (both
 * dialects have transactional DDL; on PostgreSQL Kysely also holds an advisory lock, so
 * concurrent openers wait instead of racing). Throws the underlying driver error so the
 * backend can translate it for humans.
 */
export async function migrateToLatest(db: Kysely<unknown>, kind: StoreKind): Promise<void> {
  await refuseNewerSchema(db, kind);
  const m = migrator(db, kind);
  for (;;) {
    const { error, results } = await m.migrateUp();
    if (error) throw error;
    if (!results?.length) return;
  }
}

/** Names of the migrations recorded as applied, oldest first. */
export async function appliedMigrations(db: Kysely<unknown>, kind: StoreKind): Promise<string[]> {
  const infos = await migrator(db, kind).getMigrations();
  return infos.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

/** Names of the migrations not yet applied, oldest first (read-only: creates nothing). */
export async function pendingMigrations(db: Kysely<unknown>, kind: StoreKind): Promise<string[]> {
  await refuseNewerSchema(db, kind);
  const infos = await migrator(db, kind).getMigrations();
  return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Applies the migrations up to and including `name`, no further: tests build a database as an
 * older soloops left it, then open it with this one (test/e2e/store-upgrade.test.ts).
 */
export async function migrateUpTo(db: Kysely<unknown>, kind: StoreKind, name: string): Promise<void> {
  const { error } = await migrator(db, kind).migrateTo(name);
  if (error) throw error;
}

/**
 * A database a newer soloops upgraded names migrations this build does not know: using it could
 * misread or damage what the newer one wrote, so it is refused, untouched, with what to do.
 */
async function refuseNewerSchema(db: Kysely<unknown>, kind: StoreKind): Promise<void> {
  const known = new Set(Object.keys(migrations(kind)));
  // No migration table yet (a new database): nothing to compare.
  const applied = await sql<{ name: string }>`select name from kysely_migration`
    .execute(db)
    .then((result) => result.rows.map((row) => row.name))
    .catch(() => []);
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length)
    throw new UserError(
      `this database was upgraded by a newer soloops (its schema has ${unknown.join(', ')}, unknown to this one)`,
      'run the soloops version that upgraded it (or a newer one), or point --home / --db at another database',
    );
}
