import { recordFeedback } from '../../../app/triage/feedback.js';
import type { Severity } from '../../../core/alert.js';
import { UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

/** `soloops triage feedback ID correct|wrong [--severity S]`. */
export async function run(context: CliContext<{ severity?: Severity }>): Promise<void> {
  const [id, verdict] = context.args as [string, string];
  if (verdict !== 'correct' && verdict !== 'wrong') {
    throw new UserError(
      `the verdict must be "correct" or "wrong", got "${verdict}"`,
      'for example `soloops triage feedback 1a2b3c4d wrong --severity info`',
    );
  }
  if (verdict === 'wrong' && !context.options.severity) {
    throw new UserError('"wrong" needs the right severity', 'add --severity critical|warning|info');
  }
  const app = await context.app();
  const outcome = await recordFeedback(app, { id, verdict, severity: context.options.severity });
  context.reporter.result(
    outcome,
    `${outcome.alertId}: ${outcome.title} → ${outcome.severity} (${verdict}), from now on for its type ` +
      `${outcome.type}; model retrained on ${outcome.feedbackCount} correction(s)`,
  );
}
