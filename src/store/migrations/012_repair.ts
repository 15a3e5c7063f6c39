import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';
import { sla } from './009_sla.js';
import { incidentLinks } from './010_incident_links.js';

/**
 * 012: brings databases made by development builds up to the schema the migrations now give.
 * During development three migrations were edited after a build had recorded them as done
 * (005 gained `digests.html`; 009 and 010 were empty placeholders at first, then 009 gained
 * `check_results_sla_idx`), so such a database never got those parts. Each is added here only
 * when missing; a database made by a release has them all and this changes nothing.
 * (Found by the upgrade tests of issue 17: test/e2e/store-upgrade.test.ts.) Never edit after it lands.
 */
export function repair(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const tables = await db.introspection.getTables();
      const columns = (name: string) => new Set(tables.find((t) => t.name === name)?.columns.map((c) => c.name));
      if (!columns('digests').has('html')) await db.schema.alterTable('digests').addColumn('html', 'text').execute();
      if (!tables.some((t) => t.name === 'usage_requests')) await sla(kind).up(db);
      else
        await db.schema
          .createIndex('check_results_sla_idx')
          .ifNotExists()
          .on('check_results')
          .columns(['check_name', 'ok', 'error_type', 'ms', 'at'])
          .execute();
      if (!tables.some((t) => t.name === 'incident_auto')) await incidentLinks(kind).up(db);
    },
    async down() {
      // Nothing to undo: what it adds belongs to migrations 005, 009 and 010.
    },
  };
}
