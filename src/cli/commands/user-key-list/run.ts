import { listKeys } from '../../../app/user/keys.js';
import type { CliContext } from '../../context.js';
import { table, when } from '../user-list/run.js';

/** `soloops user key list`: `--json` prints `{keys}` (never a key or its hash). */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const keys = await listKeys(await context.app());
  const text = keys.length
    ? table([
        ['id', 'prefix', 'name', 'role', 'created by', 'created', 'last used', 'revoked'],
        ...keys.map((k) => [
          String(k.id),
          k.prefix,
          k.name,
          k.role,
          k.createdBy,
          when(k.createdAt),
          when(k.lastUsedAt),
          when(k.revokedAt),
        ]),
      ])
    : 'no API keys yet: create one with soloops user key create --name NAME --role ROLE';
  context.reporter.result({ keys }, text);
}
