import { addSilence, expireSilence, listSilences } from '../../../app/watch/silences.js';
import { UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

/** `soloops watch silence add|list|expire`. */
export async function run(context: CliContext<{ match?: string[]; for?: string; comment?: string }>): Promise<void> {
  const { options, reporter } = context;
  const [action, id] = context.args as [string, string | undefined];
  const app = await context.app();
  if (action !== 'add' && action !== 'list' && action !== 'expire')
    throw new UserError(`unknown silence action "${action}"`, 'use add, list or expire');
  if (action === 'add') {
    const silence = await addSilence(app, {
      match: options.match ?? [],
      duration: options.for,
      comment: options.comment,
    });
    const { matchers, startsAt, endsAt } = silence;
    reporter.result(
      { id: silence.id, matchers, startsAt, endsAt },
      `silence #${silence.id} until ${endsAt.toISOString()}: ${describe(matchers)}`,
    );
  } else if (action === 'list') {
    const silences = await listSilences(app);
    const text = silences.length
      ? silences
          .map(
            (s) =>
              `#${s.id}  until ${s.endsAt.toISOString()}  ${describe(s.matchers)}` +
              (s.comment ? `  — ${s.comment}` : ''),
          )
          .join('\n')
      : 'no active silences';
    reporter.result({ silences }, text);
  } else {
    const silenceId = Number(id);
    if (!Number.isInteger(silenceId))
      throw new UserError('expire needs the silence id', 'see `soloops watch silence list`');
    if (!(await expireSilence(app, silenceId)))
      throw new UserError(`no active silence #${silenceId}`, 'see `soloops watch silence list`');
    reporter.result({ id: silenceId, expired: true }, `silence #${silenceId} expired`);
  }
}

const describe = (matchers: Record<string, string>) =>
  Object.entries(matchers)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
