import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';

/** 009: check roll-ups and usage for SLA reports. Not landed yet: filled in by the SLA work. */
export function sla(_kind: StoreKind): Migration {
  return { async up(_db: Kysely<unknown>) {}, async down(_db: Kysely<unknown>) {} };
}
