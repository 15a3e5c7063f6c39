import { describe, expect, it } from 'vitest';
import { InterruptedError, UserError } from '../core/errors.js';
import { parseMetricFlag, runMetrics } from './metrics.js';

describe('runMetrics', () => {
  it('reads a number printed by a shell command, and keeps flag values', async () => {
    const results = await runMetrics([{ name: 'queue_depth', command: 'echo "  42.5 "', timeout: 5_000 }], {
      deploys: 3,
    });
    expect(results).toEqual([
      { name: 'deploys', value: 3, source: 'flag' },
      { name: 'queue_depth', value: 42.5, source: 'command' },
    ]);
  });

  it('lets a flag override the configured command of the same name', async () => {
    const results = await runMetrics([{ name: 'x', command: 'exit 1', timeout: 5_000 }], { x: 7 });
    expect(results).toEqual([{ name: 'x', value: 7, source: 'flag' }]);
  });

  it('reports a timeout instead of waiting for the command', async () => {
    // `sleep` outlives the killed shell unless the whole process group is killed.
    const [result] = await runMetrics([{ name: 'slow', command: 'echo 1; sleep 30', timeout: 200 }]);
    expect(result).toMatchObject({ name: 'slow', value: null, source: 'command' });
    expect(result?.error).toMatch(/timed out after 200 ms/);
  });

  it('reports a non-zero exit with its code and first stderr line', async () => {
    const [result] = await runMetrics([
      { name: 'bad', command: 'echo "disk gone" >&2; echo more >&2; exit 3', timeout: 5_000 },
    ]);
    expect(result).toEqual({ name: 'bad', value: null, source: 'command', error: 'exited with code 3: disk gone' });
  });

  it('quotes non-numeric output', async () => {
    const [result] = await runMetrics([
      { name: 'text', command: `printf 'load is %s' ${'x'.repeat(200)}`, timeout: 5_000 },
    ]);
    expect(result?.value).toBeNull();
    const printed = `load is ${'x'.repeat(200)}`;
    expect(result?.error).toBe(`printed ${JSON.stringify(printed.slice(0, 80))}, not a number`);
  });

  it.each(['', '0x10', 'Infinity', '1 2', 'NaN'])('rejects %j as not a number', async (output) => {
    const [result] = await runMetrics([{ name: 'm', command: `printf '%s' '${output}'`, timeout: 5_000 }]);
    expect(result?.value).toBeNull();
    expect(result?.error).toMatch(/not a number/);
  });

  it('runs nothing and throws InterruptedError once aborted', async () => {
    const controller = new AbortController();
    const pending = runMetrics([{ name: 'slow', command: 'sleep 30', timeout: 60_000 }], {}, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('parseMetricFlag', () => {
  it('parses name=value', () => {
    expect(parseMetricFlag('queue_depth=42')).toEqual(['queue_depth', 42]);
    expect(parseMetricFlag('api.p99:ms=-1.5e3')).toEqual(['api.p99:ms', -1500]);
  });

  it.each(['queue_depth', '=3', '9lives=1', 'name=', 'name=abc', 'name=0x1f', 'bad name=1'])(
    'rejects %j with a hint',
    (text) => {
      let caught: unknown;
      try {
        parseMetricFlag(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UserError);
      expect((caught as UserError).hint).toMatch(/--metric name=value/);
    },
  );
});
