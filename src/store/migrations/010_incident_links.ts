import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';

/** 010: what automatic incidents came from. Not landed yet: filled in by the auto-incident work. */
export function incidentLinks(_kind: StoreKind): Migration {
  return { async up(_db: Kysely<unknown>) {}, async down(_db: Kysely<unknown>) {} };
}
