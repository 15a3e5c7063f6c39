import ms from 'ms';
import type { AuditEntryJson } from '../../core/console.js';
import { UserError } from '../../core/errors.js';
import { type AppContext, withStore } from '../context.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

/** `--since`: a duration back from now (`24h`, `7d`) or an ISO time (`2026-12-01`, `2026-12-01T10:00Z`). */
export function parseSince(value: string, now: Date): Date {
  const text = value.trim();
  const back = /^\d/.test(text) && !/^\d{4}-/.test(text) ? ms(text as ms.StringValue) : undefined;
  if (typeof back === 'number' && Number.isFinite(back) && back > 0) return new Date(now.getTime() - back);
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()))
    throw new UserError(
      `--since: expected a duration such as 24h or 7d, or an ISO time, got ${JSON.stringify(value)}`,
      'for example --since 24h, or --since 2026-12-01T00:00:00Z',
    );
  return at;
}

/** `--limit`: a whole number from 1 to 10,000. */
export function parseLimit(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw new UserError(
      `--limit: expected a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(String(value))}`,
    );
  return n;
}

/** `soloops audit`: the audit log, newest first. Reads only. */
export async function listAudit(
  app: AppContext,
  request: { since?: string | undefined; limit?: string | number | undefined },
  now = new Date(),
): Promise<AuditEntryJson[]> {
  const since = request.since === undefined ? undefined : parseSince(request.since, now);
  const limit = parseLimit(request.limit);
  if (!app.databaseExists()) return [];
  return withStore(app, { readOnly: true }, (store) => store.audit.list({ since, limit }));
}
