/** The tables of migration 009 (check roll-ups, usage). Filled in with the migration. */
export interface SlaTables {}
