import { describe, expect, it, vi } from 'vitest';
import type { NormalizedAlert } from '../../core/alert.js';
import { checkSchema } from '../../core/config.js';
import { createCheckRunner } from './runner.js';
import type { CheckConfig, ProbeResult } from './types.js';

const check = checkSchema.parse({
  name: 'api',
  url: 'https://api.example/health',
  service: 'api',
  failureThreshold: 1,
}) as CheckConfig;
const down: ProbeResult = {
  ok: false,
  at: '2026-12-04T03:00:00.000Z',
  ms: 7000,
  errorType: 'timeout',
  error: 'timed out',
};

describe('check runner', () => {
  it('a down alert the store could not take is sent on the next run, though the check stays down', async () => {
    const enqueued: NormalizedAlert[] = [];
    let storeDown = true;
    const store = {
      recordCheckResult: vi.fn(async () => {}),
      recentCheckResults: vi.fn(async () => []),
      enqueue: vi.fn(async (alerts: readonly NormalizedAlert[]) => {
        if (storeDown) throw new Error('cannot reach PostgreSQL at 127.0.0.1:5432');
        enqueued.push(...alerts);
      }),
    };
    const onAlert = vi.fn();
    let n = 0;
    const runner = createCheckRunner({
      probe: async () => down,
      store,
      newId: () => `id-${n++}`,
      now: () => new Date(down.at),
      onAlert,
    });
    await expect(runner.run(check)).rejects.toThrow(/cannot reach/);
    expect(runner.state('api')).toBe('down');
    storeDown = false;
    await runner.run(check);
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toMatchObject({ source: 'check', service: 'api', status: 'firing' });
    expect(onAlert).toHaveBeenCalledTimes(1);
    await runner.run(check);
    expect(enqueued).toHaveLength(1);
  });
});
