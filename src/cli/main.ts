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

main().then(
  (code) => process.exit(code),
  () => process.exit(1),
);
