import type { Command } from 'commander';
import type { CommandModule } from '../context.js';

/**
 * One command as the program registers it. A define.ts exports one; it must stay light: it is
 * loaded for every `soloops --help`, so it imports commander types and core constants only, and
 * reaches its run.ts through `load` (a dynamic import, run only when the command runs).
 */
export interface CommandDefinition {
  /** The words that call it: `['watch', 'silence']` is `soloops watch silence`; the parent comes first in the list. */
  path: readonly string[];
  /** Adds the description, arguments, options and `--help` examples to the command commander created. */
  define(command: Command): void;
  /** Imports the command's run.ts. */
  load(): Promise<CommandModule>;
}

/** The `Examples:` block every `--help` ends with. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

/** Commander's collector for a repeatable option (`--metric a=1 --metric b=2`). */
export function collect(value: string, all: string[] = []): string[] {
  return [...all, value];
}
