import { DateTime } from 'luxon';
import type { Config } from '../config-schema.js';
import type { Spend } from '../../core/wake.js';
import type { Store } from '../../store/index.js';
import { personTimeZone } from '../config.js';

/** Calls, texts and messages since the start of this month on the person's calendar, and their cost. */
export async function spendThisMonth(store: Store, config: Config, now = new Date()): Promise<Spend & { since: Date }> {
  const since = DateTime.fromJSDate(now, { zone: personTimeZone(config) })
    .startOf('month')
    .toJSDate();
  return { ...(await store.wake.spendSince(since)), since };
}

/** "$0.0423 (3 calls, 1 SMS)" */
export function describeSpend(spend: Spend): string {
  const parts = [`${spend.calls} call${spend.calls === 1 ? '' : 's'}`, `${spend.sms} SMS`];
  if (spend.messages) parts.push(`${spend.messages} other message${spend.messages === 1 ? '' : 's'}`);
  return `$${spend.costUsd.toFixed(4)} (${parts.join(', ')})`;
}
