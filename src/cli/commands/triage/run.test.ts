import { describe, expect, it } from 'vitest';
import { Reporter } from '../../output/reporter.js';
import { announceTerminalStdin } from './run.js';

function stderrOf(isTTY: boolean | undefined, quiet = false): string {
  let written = '';
  const sink = { write: (chunk: string) => (written += chunk) };
  const reporter = new Reporter({ json: false, quiet, verbose: false, color: false, stdout: sink, stderr: sink });
  announceTerminalStdin({ isTTY }, reporter);
  return written;
}

describe('triage reading stdin', () => {
  it('says it is reading a terminal, so an empty prompt does not look like a hang', () => {
    expect(stderrOf(true)).toBe('reading alerts from stdin (Ctrl-D to end)\n');
  });

  it('says nothing when alerts are piped in, or with -q', () => {
    expect(stderrOf(undefined)).toBe('');
    expect(stderrOf(false)).toBe('');
    expect(stderrOf(true, true)).toBe('');
  });
});
