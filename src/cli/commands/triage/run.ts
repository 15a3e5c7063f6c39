import fs from 'node:fs';
import type { Readable } from 'node:stream';
import pc from 'picocolors';
import { runTriage } from '../../../app/triage/triage.js';
import { openInputFile, triageJsonLine } from '../../../app/triage/formats.js';
import { severityRank, type Severity, type SourceName, type TriageResult } from '../../../core/alert.js';
import { ExternalError, ThresholdError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { LineBuffer } from '../../output/line-buffer.js';
import type { Reporter } from '../../output/reporter.js';

interface TriageOptions {
  source?: SourceName;
  store: boolean;
  failOn?: Severity;
  explain?: boolean;
}

/** `soloops triage [FILE]`: classify every alert in FILE or stdin, streaming one result per alert. */
export async function run(context: CliContext<TriageOptions>): Promise<void> {
  const { options, reporter } = context;
  const [file] = context.args as [string | undefined];
  const app = await context.app();
  const input = openInput(file);
  if (input === process.stdin) announceTerminalStdin(process.stdin, reporter);
  const out = new LineBuffer(process.stdout);
  const paint = pc.createColors(reporter.color);
  // Lines a worker already wrote out as UTF-8, after the lines queued before them.
  const writeBytes = (bytes: Uint8Array) => {
    out.flush();
    process.stdout.write(bytes);
  };
  const summary = await runTriage(app, {
    input,
    inputBytes: file && file !== '-' ? fs.statSync(file).size : undefined,
    source: options.source,
    store: options.store,
    signal: context.signal,
    onResult: (result) =>
      out.push(reporter.json ? triageJsonLine(result, options.explain) : humanLine(result, paint, options.explain)),
    onRejected: (line, reason) => reporter.warn(`${file ?? 'stdin'}:${line}: skipped: ${reason}`),
    ...(reporter.json && { json: { explain: options.explain === true, onLines: (bytes) => writeBytes(bytes) } }),
  });
  out.flush();
  const { critical, warning, info } = summary.bySeverity;
  const counts = `${summary.alerts} alert(s): ${critical} critical, ${warning} warning, ${info} info`;
  reporter.info(options.store ? `${counts}; stored in the database` : counts);
  if (summary.threads > 1)
    reporter.debug(`classified on ${summary.threads} threads (the main one and ${summary.threads - 1} worker(s))`);
  if (summary.rejected > 0) {
    throw new ExternalError(
      `${summary.rejected} input line(s) could not be triaged (reported above)`,
      'fix or remove those lines; every other alert was classified',
    );
  }
  if (options.failOn && summary.highest && severityRank(summary.highest) >= severityRank(options.failOn)) {
    throw new ThresholdError(`a ${summary.highest} alert was seen (--fail-on ${options.failOn})`);
  }
}

/** What triage says when it reads a terminal: with nothing piped in it would otherwise seem to hang. */
export const TERMINAL_STDIN_NOTE = 'reading alerts from stdin (Ctrl-D to end)';

/** Says where the alerts come from when stdin is a terminal (`isTTY` injected so tests need no TTY). */
export function announceTerminalStdin(stdin: { isTTY?: boolean }, reporter: Pick<Reporter, 'info'>): void {
  if (stdin.isTTY) reporter.info(TERMINAL_STDIN_NOTE);
}

function openInput(file: string | undefined): Readable {
  if (!file || file === '-') return process.stdin;
  const dir = file.replace(/[\\/]+$/, '');
  return openInputFile(
    file,
    'pass a file of alerts, or pipe them on stdin',
    `pass one of the files in it (soloops triage ${dir}/alerts.ndjson), ` +
      `or pipe them all on stdin (cat ${dir}/* | soloops triage)`,
  );
}

function humanLine(result: TriageResult, paint: ReturnType<typeof pc.createColors>, explain?: boolean): string {
  const { alert } = result;
  const colour = result.severity === 'critical' ? paint.red : result.severity === 'warning' ? paint.yellow : paint.dim;
  const origin = paint.dim(`(${result.classifier} ${result.confidence.toFixed(2)}) ${alert.id.slice(0, 8)}`);
  const line =
    `${colour(result.severity.toUpperCase().padEnd(8))} ${alert.source.padEnd(12)} ` +
    `${alert.service} · ${alert.title} ${origin}`;
  if (!explain) return line;
  const evidence = (result.evidence ?? []).map(
    (e) => `    ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(2)}  ${e.feature}`,
  );
  return [line, `    ${decidedBy(result)}`, ...evidence].join('\n');
}

/** The layers as `--explain` names them, in the order they run. */
const LAYER_NAMES: Record<TriageResult['classifier'], string> = {
  status: 'its status',
  rule: 'your rule',
  feedback: 'your feedback',
  source: "the sender's severity",
  model: 'the model',
  llm: 'the LLM',
};

/**
 * `decided by the model: down +1.9, …`: which layer decided and why, without saying the layer
 * twice when the reason starts with its name (`model: …`, `source: …`, `rule NAME`).
 */
function decidedBy({ classifier, reason }: TriageResult): string {
  const name = LAYER_NAMES[classifier];
  const rest = reason.startsWith(classifier) ? reason.slice(classifier.length) : null;
  if (rest !== null && /^[:, ]/.test(rest)) return `decided by ${name}${rest}`;
  return `decided by ${name}: ${reason}`;
}
