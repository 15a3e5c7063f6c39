import type { EvalReport } from '../../../app/triage/eval.js';
import { evaluateFile } from '../../../app/triage/eval.js';
import { formatScore } from '../../../app/triage/formats.js';
import type { CliContext } from '../../context.js';

/** `soloops triage eval FILE`: confusion matrix, critical recall, nights saved, accuracy; per layer too. */
export async function run(context: CliContext): Promise<void> {
  const [file] = context.args as [string];
  const app = await context.app();
  const report = await evaluateFile(app, file);
  for (const { line, reason } of report.skipped) context.reporter.warn(`${file}:${line}: skipped: ${reason}`);
  context.reporter.result(report, `${formatScore(report)}\n${formatLayers(report)}`);
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

/** One line per layer that decided: how many alerts, and the figures on those alone. */
function formatLayers(report: EvalReport): string {
  const rows = Object.entries(report.byClassifier).map(
    ([layer, score]) =>
      `  ${layer.padEnd(9)} ${String(score.n).padStart(7)}` +
      `   critical recall ${pct(score.criticalRecall).padStart(6)}` +
      `   kept from waking ${pct(score.nonCriticalKeptFromWaking).padStart(6)}` +
      `   accuracy ${pct(score.accuracy).padStart(6)}`,
  );
  return ['by the layer that decided:', ...rows].join('\n');
}
