import type { CreateTableBuilder } from 'kysely';
import type { StoreKind } from '../schema.js';

/**
 * The column types migrations from 004 on share: timestamps (timestamptz on PostgreSQL, ISO text
 * on SQLite) and an integer primary key that counts up. Earlier migrations spell them out
 * themselves and stay as they landed.
 */
export function columnTypes(kind: StoreKind) {
  const pg = kind === 'postgres';
  return {
    timestamp: pg ? ('timestamptz' as const) : ('text' as const),
    serialId: <T extends string>(table: CreateTableBuilder<T>) =>
      pg
        ? table.addColumn('id', 'serial', (c) => c.primaryKey())
        : table.addColumn('id', 'integer', (c) => c.primaryKey()),
  };
}
