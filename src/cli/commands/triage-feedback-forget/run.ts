import { forgetCorrections } from '../../../app/triage/feedback-list.js';
import type { CliContext } from '../../context.js';

/** `soloops triage feedback forget TYPE|ID`. */
export async function run(context: CliContext): Promise<void> {
  const [target] = context.args as [string];
  const outcome = await forgetCorrections(await context.app(), target);
  context.reporter.result(
    outcome,
    `forgot ${outcome.forgotten} verdict(s) on ${outcome.types.join(', ')}; ` +
      `model retrained on ${outcome.remainingTypes} corrected type(s)`,
  );
}
