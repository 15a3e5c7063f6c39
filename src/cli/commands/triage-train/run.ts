import { trainWithFeedback } from '../../../app/triage/train.js';
import { formatScore } from '../../../app/triage/formats.js';
import type { CliContext } from '../../context.js';

/** `soloops triage train`: retrain on the shipped corpus plus all feedback; show held-back figures. */
export async function run(context: CliContext): Promise<void> {
  const app = await context.app();
  const report = await trainWithFeedback(app);
  const text =
    report.feedback === 0
      ? `no feedback yet: the model is the shipped one (record some with \`soloops triage feedback ID correct|wrong\`)`
      : !report.measured
        ? `retrained on ${report.feedback} corrected type(s); model #${report.modelId} is now active. ` +
          `Too few to measure it (${report.minimum} corrected types needed, a fifth of them held back): ` +
          'correct more alerts with `soloops triage feedback ID wrong --severity S`, or teach a labelled file ' +
          'with `soloops triage teach FILE`, then run `soloops triage train` again'
        : [
            `retrained on ${report.feedback} corrected type(s); model #${report.modelId} is now active`,
            `held back ${report.heldOut} correction(s) to measure it:`,
            'before (shipped model):',
            formatScore(report.before),
            'after (shipped + the other corrections):',
            formatScore(report.after),
          ].join('\n');
  context.reporter.result(report, text);
}
