import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../../core/alert.js';
import { configSchema } from '../config-schema.js';
import { MAX_JSON_DEPTH } from '../../core/json.js';
import type { Store } from '../../store/types.js';
import type { AppContext } from '../context.js';
import { runTriage } from './triage.js';

// runTriage on the main thread (no built worker under the unit tests), with a store that keeps
// titles in memory and writes a batch all or nothing, like a transaction.

function fakeApp(refuse: (result: TriageResult) => Error | undefined = () => undefined) {
  const stored: string[] = [];
  const store = {
    activeModel: async () => null,
    activeModelId: async () => null,
    listFeedback: async () => [],
    corrections: { list: async () => [], verdicts: async () => [] },
    insertTriageResults: async (results: readonly TriageResult[]) => {
      for (const result of results) {
        const error = refuse(result);
        if (error) throw error;
      }
      stored.push(...results.map((result) => result.alert.title));
    },
    close: async () => {},
  } as unknown as Store;
  const app = {
    config: configSchema.parse({}),
    configPath: null,
    configDir: '/',
    home: `/nonexistent/${randomUUID()}`,
    dbUrl: undefined,
    env: {},
    cwd: '/',
    openStore: async () => store,
    databaseExists: () => false,
  } satisfies AppContext;
  return { app, stored };
}

async function triage(
  app: AppContext,
  lines: string[],
  options: { store: boolean; onResult?(result: TriageResult): void },
) {
  const titles: string[] = [];
  const rejected: Array<[number, string]> = [];
  const summary = await runTriage(app, {
    input: Readable.from([`${lines.join('\n')}\n`]),
    store: options.store,
    signal: new AbortController().signal,
    onResult: (result) => {
      options.onResult?.(result);
      titles.push(result.alert.title);
    },
    onRejected: (line, reason) => rejected.push([line, reason]),
  });
  return { summary, titles, rejected };
}

const alert = (title: string) => JSON.stringify({ title, service: 'api' });
const deep = `{"title":"deep","labels":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;

describe('runTriage, one bad payload', () => {
  it.each([false, true])('rejects only the line whose result cannot be written out (store %s)', async (store) => {
    const { app, stored } = fakeApp();
    const { summary, titles, rejected } = await triage(app, [alert('a'), alert('boom'), alert('c')], {
      store,
      onResult: (result) => {
        if (result.alert.title === 'boom') throw new RangeError('Maximum call stack size exceeded');
      },
    });
    expect(titles).toEqual(['a', 'c']);
    expect(rejected).toEqual([[2, 'Maximum call stack size exceeded']]);
    expect(summary).toMatchObject({ alerts: 2, rejected: 1 });
    expect(stored).toEqual(store ? ['a', 'c'] : []);
  });

  it('rejects only the line whose result the store refuses, and stores every other one', async () => {
    const { app, stored } = fakeApp((r) =>
      r.alert.title === 'bad' ? new RangeError('Maximum call stack size exceeded') : undefined,
    );
    const { summary, titles, rejected } = await triage(app, [alert('a'), alert('bad'), alert('c')], { store: true });
    expect(titles).toEqual(['a', 'bad', 'c']);
    expect(stored).toEqual(['a', 'c']);
    expect(rejected).toEqual([[2, 'classified but not stored: Maximum call stack size exceeded']]);
    expect(summary.rejected).toBe(1);
  });

  it.each([false, true])(
    `rejects a line nested more than ${MAX_JSON_DEPTH} levels deep by its number and triages the rest (store %s)`,
    async (store) => {
      const { app, stored } = fakeApp();
      const lines = Array.from({ length: 200 }, (_, i) => alert(`alert ${i}`));
      lines.splice(100, 0, deep);
      const { summary, titles, rejected } = await triage(app, lines, { store });
      expect(rejected).toEqual([[101, `nested more than ${MAX_JSON_DEPTH} levels deep`]]);
      expect(titles).toHaveLength(200);
      expect(summary).toMatchObject({ alerts: 200, rejected: 1 });
      expect(stored).toHaveLength(store ? 200 : 0);
    },
  );
});
