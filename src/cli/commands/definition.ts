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

/**
 * The options program.ts gives every command, and whether each takes a value. A subcommand's
 * `--help` lists only its own options, so its examples name the global ones they use.
 */
export const GLOBAL_FLAGS: Readonly<Record<string, boolean>> = {
  '--json': false,
  '--config': true,
  '--home': true,
  '--db': true,
  '--no-color': false,
  '-q': false,
  '--quiet': false,
  '-v': false,
  '--verbose': false,
};

/** The global flags written between `soloops` and the command in `lines`, in order of first use. */
export function globalFlagsIn(lines: readonly string[]): string[] {
  const used = new Set<string>();
  for (const line of lines) {
    const words = line.split(/\s+/);
    for (let i = words.indexOf('soloops'); i >= 0; i = words.indexOf('soloops', i + 1)) {
      for (let j = i + 1; j < words.length; j++) {
        const [flag = '', value] = words[j]!.split('=', 2);
        if (!Object.hasOwn(GLOBAL_FLAGS, flag)) break;
        used.add(flag);
        if (GLOBAL_FLAGS[flag] && value === undefined) j++;
      }
    }
  }
  return [...used];
}

/**
 * The `Examples:` block every `--help` ends with, then a line naming the global flags the
 * examples use (`soloops --help` lists them, so the top-level help passes `mentionGlobals: false`).
 */
export function examples(lines: string[], mentionGlobals = true): string {
  const globals = mentionGlobals ? globalFlagsIn(lines) : [];
  const note = globals.length > 0 ? `\nGlobal flags used above: ${globals.join(', ')} (see \`soloops --help\`)\n` : '';
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n${note}`;
}

/** Commander's collector for a repeatable option (`--metric a=1 --metric b=2`). */
export function collect(value: string, all: string[] = []): string[] {
  return [...all, value];
}
