/** The tables of migration 010 (what automatic incidents came from). Filled in with the migration. */
export interface IncidentLinkTables {}
