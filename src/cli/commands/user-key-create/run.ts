import { createKey } from '../../../app/user/keys.js';
import type { CliContext } from '../../context.js';

/** `soloops user key create`: the key alone on stdout (`--json`: `{key, secret}`), a note on stderr. */
export async function run(context: CliContext<{ name: string; role: string }>): Promise<void> {
  const { name, role } = context.options;
  const { key, secret } = await createKey(await context.app(), { name, role });
  context.reporter.info(`created key ${key.prefix}… "${key.name}" (${key.role}), id ${key.id}`);
  context.reporter.result({ key, secret }, secret);
  context.reporter.warn(
    `the key is ${context.reporter.json ? 'in the JSON on stdout' : 'printed on stdout'}; it will not be shown again`,
  );
}
