import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../schema.js';
import { columnTypes } from './columns.js';

/**
 * 007: corrections the person gave without a stored alert (`triage teach`: a line of labelled
 * history is not an alert soloops received). Each row is the person's verdict on a type of alert
 * (`type`, the key triage/type-key.ts computes), with the alert as parsed (JSON, without its raw
 * payload) so the model can be retrained on it. Verdicts on stored alerts stay in `feedback`
 * (migration 002), joined to `alerts` when read: both are the person's corrections.
 * Never edit after it lands.
 */
export function corrections(kind: StoreKind): Migration {
  const { timestamp, serialId } = columnTypes(kind);
  return {
    async up(db: Kysely<unknown>) {
      await serialId(db.schema.createTable('corrections'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('service', 'text', (c) => c.notNull())
        // The normalized alert as JSON text (as `alerts.labels`): what retraining reads.
        .addColumn('alert', 'text', (c) => c.notNull())
        // A stored alert the correction came from, when there is one; no foreign key, so pruning
        // old alerts never takes the person's verdict with them.
        .addColumn('alert_id', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('corrections_type_idx').on('corrections').column('type').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('corrections').execute();
    },
  };
}
