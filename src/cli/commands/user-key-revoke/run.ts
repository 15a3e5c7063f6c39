import { revokeKey } from '../../../app/user/keys.js';
import type { CliContext } from '../../context.js';

/** `soloops user key revoke ID|PREFIX`: `--json` prints `{key, changed}`. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const [idOrPrefix] = context.args as [string];
  const result = await revokeKey(await context.app(), idOrPrefix);
  const { key } = result;
  const what = `key ${key.id} ${key.prefix}… "${key.name}"`;
  context.reporter.result(
    result,
    result.changed ? `revoked ${what}` : `${what} was already revoked (${key.revokedAt})`,
  );
}
