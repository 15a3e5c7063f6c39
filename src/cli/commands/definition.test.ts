import { describe, expect, it } from 'vitest';
import { buildProgram } from '../program.js';
import { examples, GLOBAL_FLAGS, globalFlagsIn } from './definition.js';
import { helpOf } from '../../../test/helpers/help.js';

describe('the global flags named under the examples', () => {
  it('are the ones written between soloops and the command, values skipped', () => {
    expect(
      globalFlagsIn(['soloops --json --home /srv/x store stats', 'curl -s $U | soloops -q --db=postgres://h triage']),
    ).toEqual(['--json', '--home', '-q', '--db']);
    // A command's own option of the same name, after the command, is not a global one.
    expect(globalFlagsIn(['soloops snap --json', 'soloops triage alerts.ndjson'])).toEqual([]);
  });

  it('follow the examples once, and not at all when none is used', () => {
    expect(examples(['soloops --json ack 12', 'soloops --json ack --all'])).toBe(
      '\nExamples:\n  soloops --json ack 12\n  soloops --json ack --all\n' +
        '\nGlobal flags used above: --json (see `soloops --help`)\n',
    );
    expect(examples(['soloops ack 12'])).toBe('\nExamples:\n  soloops ack 12\n');
  });

  it('are the options the program declares', () => {
    const program = buildProgram(new AbortController().signal);
    const declared = program.options
      .flatMap((option) => [option.short, option.long])
      .filter((flag): flag is string => flag !== undefined && !['-V', '--version'].includes(flag));
    expect(declared.sort()).toEqual(Object.keys(GLOBAL_FLAGS).sort());
  });

  it('show in architect --help and store stats --help, not in the top-level help', async () => {
    expect(await helpOf(['architect'])).toContain('Global flags used above: --json (see `soloops --help`)');
    expect(await helpOf(['store', 'stats'])).toContain('Global flags used above: --json, --db (see `soloops --help`)');
    expect(await helpOf([])).not.toContain('Global flags used above');
  });
});
