import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { readStdin, type StdinItem } from './stdin.js';
import { RejectedPayload, type IncomingPayload } from './pipeline/types.js';

async function* lines(...items: StdinItem[]): AsyncIterable<StdinItem> {
  yield* items;
}

describe('stdin into the daemon', () => {
  it('a line the store cannot take is retried until stored (no sender would); a rejected line is skipped', async () => {
    const stored: unknown[] = [];
    let outage = 3;
    const accept = async ([incoming]: IncomingPayload[]) => {
      if ((incoming!.payload as string).startsWith('bad')) throw new RejectedPayload('not an alert');
      if (outage-- > 0) throw new Error('cannot reach PostgreSQL at 127.0.0.1:5432');
      stored.push(incoming!.payload);
      return ['id'];
    };
    const logged: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => void logged.push(line) });
    await readStdin(
      lines(
        { line: 1, payload: 'disk full on db-1' },
        { line: 2, payload: 'bad line' },
        { line: 3, payload: 'api down' },
      ),
      accept,
      log,
      new AbortController().signal,
      1,
    );
    expect(stored).toEqual(['disk full on db-1', 'api down']);
    expect(logged.filter((l) => l.includes('retrying until the store is back'))).toHaveLength(1);
    expect(logged.filter((l) => l.includes('stdin line skipped') && l.includes('"line":2'))).toHaveLength(1);
  });
});
