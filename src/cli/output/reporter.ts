import pc from 'picocolors';
import { BugError, SoloopsError, messageOf } from '../../core/errors.js';

interface Writable {
  write(chunk: string): unknown;
}

/** Options that decide where and how output goes. */
export interface ReporterOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  color: boolean;
  stdout?: Writable;
  stderr?: Writable;
}

/**
 * The one place that writes: results to stdout, everything else to stderr.
 * With --json, stdout carries exactly one JSON document (or NDJSON lines for streams).
 */
export class Reporter {
  readonly json: boolean;
  readonly color: boolean;
  private readonly quiet: boolean;
  private readonly verbose: boolean;
  private readonly stdout: Writable;
  private readonly stderr: Writable;
  private readonly paint: ReturnType<typeof pc.createColors>;

  constructor(options: ReporterOptions) {
    this.json = options.json;
    this.quiet = options.quiet;
    this.verbose = options.verbose;
    this.color = options.color;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.paint = pc.createColors(options.color);
  }

  /** The command's result: `data` as JSON with --json, else `text` (if any) as-is. */
  result(data: unknown, text?: string): void {
    if (this.json) this.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    else if (text !== undefined) this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** One record of a stream: an NDJSON line with --json, else `text`. */
  record(data: unknown, text?: string): void {
    if (this.json) this.stdout.write(`${JSON.stringify(data)}\n`);
    else if (text !== undefined) this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Progress and side notes; silenced by -q. */
  info(message: string): void {
    if (!this.quiet) this.stderr.write(`${message}\n`);
  }

  success(message: string): void {
    this.info(this.paint.green('✓ ') + message);
  }

  warn(message: string): void {
    this.stderr.write(`${this.paint.yellow('warning: ') + message}\n`);
  }

  /** Only with -v. */
  debug(message: string): void {
    if (this.verbose) this.stderr.write(`${this.paint.dim(message)}\n`);
  }

  /** Prints an error for a human: message, hint, and a stack only with -v. */
  error(error: unknown): void {
    const bug = !(error instanceof SoloopsError) || error instanceof BugError;
    const prefix = this.paint.red(bug ? 'unexpected error: ' : 'error: ');
    this.stderr.write(`${prefix + messageOf(error)}\n`);
    if (error instanceof SoloopsError && error.hint) this.stderr.write(`${this.paint.dim('hint: ') + error.hint}\n`);
    if (bug)
      this.stderr.write(
        'This is a bug in soloops; please report it with the output of the same command run with -v.\n',
      );
    if (this.verbose && error instanceof Error && error.stack) this.stderr.write(`${this.paint.dim(error.stack)}\n`);
  }
}
