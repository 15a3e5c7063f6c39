import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

/**
 * The only place that exits. Ctrl-C / SIGTERM abort the running command through an AbortSignal;
 * a second Ctrl-C, or a command that does not stop within a moment, exits at once with 130.
 */
async function main(): Promise<number> {
  // The AWS SDK warns on every run under Node 20, which soloops supports; the warning is noise for users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    // 5 s: the watch daemon finishes requests in flight and drains its inbox within that.
    setTimeout(() => process.exit(130), 5_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The reader of our output went away (`soloops triage --json | head`): nothing more to do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });

  const program = buildProgram(controller.signal);
  try {
    await program.parseAsync(process.argv);
    return controller.signal.aborted ? 130 : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message (or the help / version).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (controller.signal.aborted || isInterruption(error)) return 130;
    const { exitCodeFor, reportFatal } = await import('./errors.js');
    reportFatal(error, process.argv);
    return exitCodeFor(error);
  }
}

/** Ctrl-C inside a prompt or the live view arrives as an error rather than a signal. */
function isInterruption(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  return name === 'InterruptedError' || name === 'ExitPromptError' || name === 'AbortPromptError';
}

/**
 * Exits once stdout has taken everything written to it. A write to a pipe can still be queued
 * when the command returns (a long `--json` run whose results came from worker threads), and
 * process.exit would drop it.
 */
function exitAfterOutput(code: number): void {
  if (process.stdout.writableLength === 0) process.exit(code);
  const exit = () => process.exit(code);
  process.stdout.once('drain', exit).once('close', exit);
}

main().then(exitAfterOutput, () => process.exit(1));
