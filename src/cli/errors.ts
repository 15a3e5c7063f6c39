import { ThresholdError, UserError } from '../core/errors.js';
import { colorEnabled } from './output/policy.js';
import { Reporter } from './output/reporter.js';

/** Exit codes from DESIGN.md: 2 usage/config, 3 threshold, 1 for everything else (130 is main's). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UserError) return 2;
  if (error instanceof ThresholdError) return 3;
  return 1;
}

/** Prints an error that escaped a command, honouring -v and the colour policy. */
export function reportFatal(error: unknown, argv: string[]): void {
  const verbose = argv.includes('-v') || argv.includes('--verbose');
  const color = colorEnabled({
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    noColor: argv.includes('--no-color'),
    json: argv.includes('--json'),
  });
  new Reporter({ json: false, quiet: false, verbose, color }).error(error);
}
