import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';
import { columnTypes } from './columns.js';

/**
 * 009: what SLA reports and the status page read beyond the raw check results.
 * `check_daily` is one check's UTC day rolled up (totals, successes, failures by error type, and
 * the successful probes' response times as a histogram of whole milliseconds), so monthly figures
 * and percentiles stay computable after raw results are pruned. Days are rolled up in order: every
 * day up to the newest rolled-up one is read from here, later days from `check_results`.
 * `check_down_spells` keeps the down spells of rolled-up days (time-based uptime needs the spells,
 * and the raw results they came from are pruned). `usage_requests` holds imported or posted
 * requests; `hash` (of the access-log line, or the request's id) is unique per service, so
 * importing the same file again adds nothing. `check_results_sla_idx` covers the report's totals.
 * Never edit after it lands.
 */
export function sla(kind: StoreKind): Migration {
  const { timestamp, serialId } = columnTypes(kind);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('check_daily')
        .addColumn('check_name', 'text', (c) => c.notNull())
        // `YYYY-MM-DD`, UTC.
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        // JSON object: error type → failed probes.
        .addColumn('errors', 'text', (c) => c.notNull())
        // JSON array of [ms, count] pairs over the successful probes, ms ascending.
        .addColumn('hist', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('check_daily_pk', ['check_name', 'day'])
        .execute();
      await db.schema.createIndex('check_daily_day_idx').on('check_daily').column('day').execute();
      // Index-only reads for SLA totals: GROUP BY check_name, ok, error_type, ms walks it in order,
      // so a month of results is counted without sorting (a sort of 2.2 M rows takes seconds).
      await db.schema
        .createIndex('check_results_sla_idx')
        .on('check_results')
        .columns(['check_name', 'ok', 'error_type', 'ms', 'at'])
        .execute();
      await serialId(db.schema.createTable('check_down_spells'))
        .addColumn('check_name', 'text', (c) => c.notNull())
        .addColumn('started_at', timestamp, (c) => c.notNull())
        .addColumn('ended_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('check_down_spells_idx')
        .on('check_down_spells')
        .columns(['check_name', 'started_at'])
        .execute();
      await serialId(db.schema.createTable('usage_requests'))
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('at', timestamp, (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('ms', 'double precision')
        .addColumn('hash', 'text', (c) => c.notNull())
        .addUniqueConstraint('usage_requests_hash_unique', ['service', 'hash'])
        .execute();
      await db.schema
        .createIndex('usage_requests_service_at_idx')
        .on('usage_requests')
        .columns(['service', 'at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('check_results_sla_idx').execute();
      for (const table of ['usage_requests', 'check_down_spells', 'check_daily'])
        await db.schema.dropTable(table).execute();
    },
  };
}
