import { UserError } from '../../core/errors.js';

/** What is said when there is no terminal: what is missing, and the flag (or command) to use instead. */
export interface NoTerminal {
  message: string;
  hint: string;
}

/** The prompt functions of @inquirer/prompts, loaded only when a question is asked. */
export type Prompts = typeof import('@inquirer/prompts');

/** Throws UserError (exit 2) naming the way out when no person is at a terminal (DESIGN.md: no prompt without one). */
export function requireTerminal(context: { interactive: boolean }, refusal: NoTerminal): void {
  if (!context.interactive) throw new UserError(refusal.message, refusal.hint);
}

/**
 * Asks questions on the terminal, or refuses with `refusal` when there is none. Ctrl-C (the
 * signal) ends the prompt; main.ts turns that into exit 130.
 */
export async function prompt<T>(
  context: { interactive: boolean; signal: AbortSignal },
  refusal: NoTerminal,
  ask: (prompts: Prompts, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  requireTerminal(context, refusal);
  return ask(await import('@inquirer/prompts'), context.signal);
}
