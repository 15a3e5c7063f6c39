import ms from 'ms';
import { createAppContext } from '../../app/context.js';
import { parseMatchers } from '../../watch/silence/match.js';
import { UserError } from '../../core/errors.js';
import type { CliContext } from '../context.js';

/** `soloops watch silence add|list|expire`. */
export async function run(context: CliContext<{ match?: string[]; for?: string; comment?: string }>): Promise<void> {
  const [action, id] = context.args as [string, string | undefined];
  const app = createAppContext({ ...context.globals, env: context.env, cwd: context.cwd });
  const store = await app.openStore({ readOnly: action === 'list' });
  const now = new Date();
  try {
    if (action === 'add') {
      const matchers = parseMatchers(context.options.match ?? []);
      const length = context.options.for ? ms(context.options.for as ms.StringValue) : undefined;
      if (typeof length !== 'number' || !(length > 0))
        throw new UserError(
          `--for needs a duration such as 2h or 30m${context.options.for ? `, got "${context.options.for}"` : ''}`,
          'e.g. --for 2h',
        );
      const endsAt = new Date(now.getTime() + length);
      const silenceId = await store.watch.addSilence(
        { matchers, startsAt: now, endsAt, comment: context.options.comment ?? '' },
        now,
      );
      context.reporter.result(
        { id: silenceId, matchers, startsAt: now, endsAt },
        `silence #${silenceId} until ${endsAt.toISOString()}: ${describe(matchers)}`,
      );
    } else if (action === 'list') {
      const silences = await store.watch.activeSilences(now);
      const text = silences.length
        ? silences
            .map(
              (s) =>
                `#${s.id}  until ${s.endsAt.toISOString()}  ${describe(s.matchers)}${s.comment ? `  — ${s.comment}` : ''}`,
            )
            .join('\n')
        : 'no active silences';
      context.reporter.result({ silences }, text);
    } else if (action === 'expire') {
      const silenceId = Number(id);
      if (!Number.isInteger(silenceId))
        throw new UserError('expire needs the silence id', 'see: soloops watch silence list');
      if (!(await store.watch.expireSilence(silenceId, now)))
        throw new UserError(`no active silence #${silenceId}`, 'see: soloops watch silence list');
      context.reporter.result({ id: silenceId, expired: true }, `silence #${silenceId} expired`);
    } else {
      throw new UserError(`unknown silence action "${action}"`, 'use add, list or expire');
    }
  } finally {
    await store.close();
  }
}

const describe = (matchers: Record<string, string>) =>
  Object.entries(matchers)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
