/**
 * Errors are for humans. Each class maps to one exit code in `src/cli/main.ts`:
 * UserError → 2 (usage or config), ExternalError → 1 (something outside failed),
 * ThresholdError → 3 (a --fail-on threshold was met), BugError → 1 with a report link.
 */
export class SoloopsError extends Error {
  /** What the person can do about it; printed under the message. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad flags, bad config, bad input: the person can fix it. Exit 2. */
export class UserError extends SoloopsError {}

/** A store, server, file system or remote API failed. Exit 1. */
export class ExternalError extends SoloopsError {}

/** A `--fail-on` threshold was met. Exit 3. */
export class ThresholdError extends SoloopsError {}

/** Something that should not happen. Exit 1, with where to report it. */
export class BugError extends SoloopsError {}

/** The operation was cancelled by the person (Ctrl-C). Exit 130. */
export class InterruptedError extends SoloopsError {
  constructor() {
    super('interrupted');
  }
}

/** Returns the message of anything thrown, without a stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
