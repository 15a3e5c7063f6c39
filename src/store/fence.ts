import type { Kysely, Transaction } from 'kysely';
import { DeposedError, type Fence } from '../core/leader.js';
import type { Database, StoreKind } from './schema.js';

/** The fence a store's side-effect records go through; none (null) for one-shot commands, which lead nobody. */
export interface FenceHolder {
  fence: Fence | null;
}

/**
 * Inside the transaction that records a side effect: the token to record it under, after checking
 * it is still the current one (DeposedError if another daemon took over since). On PostgreSQL the
 * leader row is read FOR SHARE, so a takeover (which updates that row) waits for this transaction
 * and then sees what it recorded: the new leader never repeats a step the old one claimed.
 * Null when the store is unfenced.
 */
export async function currentToken(
  trx: Transaction<Database> | Kysely<Database>,
  kind: StoreKind,
  holder: FenceHolder,
): Promise<number | null> {
  if (!holder.fence) return null;
  const mine = holder.fence.token();
  if (mine === null) throw new DeposedError();
  const row = await trx
    .selectFrom('watch_leader')
    .select('token')
    .where('id', '=', 1)
    .$if(kind === 'postgres', (q) => q.forShare())
    .executeTakeFirst();
  if (!row || Number(row.token) !== mine) throw new DeposedError();
  return mine;
}
